package process_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

type eventJob struct {
	Ev    *process.Event
	Woken *process.Value[int32]
	Ready *process.Value[int32]
}

var eventSetter = process.RegisterTarget("event_test.set", func(e *process.Event) {
	time.Sleep(20 * time.Millisecond)
	e.Set()
})

var eventWaiter = process.RegisterTarget("event_test.wait", func(j eventJob) {
	j.Ready.Add(1)
	if err := j.Ev.Wait(context.Background()); err != nil {
		panic(err)
	}
	j.Woken.Add(1)
})

// TestEvent follows CPython's _TestEvent.test_event: not set at first, a
// wait with a timeout fails, a set is seen, a clear undoes it, and a
// child's set wakes the parent.
func TestEvent(t *testing.T) {
	e, err := process.NewEvent()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.IsSet() {
		t.Fatal("a new Event is set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := e.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait with a deadline on a clear Event: %v, want DeadlineExceeded", err)
	}
	e.Set()
	if !e.IsSet() {
		t.Fatal("IsSet false after Set")
	}
	if err := e.Wait(context.Background()); err != nil {
		t.Fatalf("Wait on a set Event: %v", err)
	}
	e.Clear()
	if e.IsSet() {
		t.Fatal("IsSet true after Clear")
	}
	p := startChild(t, process.New(eventSetter, e))
	within(t, 10*time.Second, "Wait for the child's Set", func() {
		if err := e.Wait(context.Background()); err != nil {
			t.Error(err)
		}
	})
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
}

// TestEventWakesEveryWaiter: one Set wakes every process waiting.
func TestEventWakesEveryWaiter(t *testing.T) {
	e, err := process.NewEvent()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	j := eventJob{Ev: e, Woken: newFlag(t), Ready: newFlag(t)}
	var ps []*process.Process
	for range 4 {
		ps = append(ps, startChild(t, process.New(eventWaiter, j)))
	}
	waitUntil(t, "the children to start waiting", func() bool { return j.Ready.Get() == 4 })
	time.Sleep(20 * time.Millisecond)
	if n := j.Woken.Get(); n != 0 {
		t.Fatalf("%d children woke before Set", n)
	}
	e.Set()
	for _, p := range ps {
		within(t, 10*time.Second, "a waiting child's end", func() {
			if err := p.Join(); err != nil {
				t.Error(err)
			}
		})
	}
	if n := j.Woken.Get(); n != 4 {
		t.Errorf("%d of 4 children woke", n)
	}
}

// TestEventWaitCancelled: a cancelled Wait returns promptly with
// ctx.Err(), and the Event works on.
func TestEventWaitCancelled(t *testing.T) {
	e, err := process.NewEvent()
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- e.Wait(ctx) }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled Wait: %v, want Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not return within 10s of its cancellation")
	}
	go func() { errc <- e.Wait(context.Background()) }()
	e.Set()
	if err := <-errc; err != nil {
		t.Fatalf("Wait after a cancelled one: %v", err)
	}
}

func TestEventAfterClose(t *testing.T) {
	e, err := process.NewEvent()
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- e.Wait(context.Background()) }()
	time.Sleep(20 * time.Millisecond)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !errors.Is(err, process.ErrClosed) {
		t.Errorf("Wait when closed: %v, want ErrClosed", err)
	}
	if err := e.Close(); !errors.Is(err, process.ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	mustPanic(t, "Set after Close", e.Set)
}

func TestEventCreateAndCloseLeavesNothing(t *testing.T) {
	noLeak(t, 1000, func() {
		e, err := process.NewEvent()
		if err != nil {
			t.Fatal(err)
		}
		e.Set()
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
	})
}
