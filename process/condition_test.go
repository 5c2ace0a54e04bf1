package process_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

type condJob struct {
	Cond     *process.Condition
	Sleeping *process.Value[int32] // waiters that have begun to wait
	Woken    *process.Value[int32] // waiters that have returned
}

var condWaiter = process.RegisterTarget("cond_test.wait", func(j condJob) {
	j.Cond.L.Lock()
	j.Sleeping.Add(1)
	j.Cond.Wait()
	j.Woken.Add(1)
	j.Cond.L.Unlock()
})

// TestConditionNotify follows CPython's _TestCondition.test_notify and
// test_notify_all: each Notify wakes exactly one waiting process, and
// NotifyAll wakes the rest.
func TestConditionNotify(t *testing.T) {
	c, err := process.NewCondition(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	defer c.L.Close()
	j := condJob{Cond: c, Sleeping: newFlag(t), Woken: newFlag(t)}
	var ps []*process.Process
	for range 4 {
		ps = append(ps, startChild(t, process.New(condWaiter, j)))
	}
	waitUntil(t, "4 children waiting", func() bool { return j.Sleeping.Get() == 4 })
	// A child counts itself sleeping under the lock, then Wait unlocks it:
	// once the parent holds the lock, every child is inside Wait.
	c.L.Lock()
	c.L.Unlock()
	for want := int32(1); want <= 2; want++ {
		c.Notify()
		waitUntil(t, "a notified child to wake", func() bool { return j.Woken.Get() >= want })
		time.Sleep(50 * time.Millisecond) // a second waker would show up now
		if n := j.Woken.Get(); n != want {
			t.Fatalf("after %d Notify, %d children woke", want, n)
		}
	}
	c.NotifyAll()
	for _, p := range ps {
		within(t, 10*time.Second, "a child's end after NotifyAll", func() {
			if err := p.Join(); err != nil {
				t.Error(err)
			}
		})
	}
	if n := j.Woken.Get(); n != 4 {
		t.Errorf("%d of 4 children woke", n)
	}
}

// TestConditionNotifyWithoutWaitersIsLost: as in Python, a Notify with
// nobody waiting wakes no later waiter.
func TestConditionNotifyWithoutWaitersIsLost(t *testing.T) {
	c, err := process.NewCondition(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Notify()
	c.NotifyAll()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	c.L.Lock()
	if err := c.WaitContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitContext after a Notify to nobody: %v, want DeadlineExceeded", err)
	}
	c.L.Unlock() // WaitContext returned with the lock held again
}

// TestConditionWaitContext follows CPython's test_timeout: a wait that
// times out returns with the lock held, and the condition works on.
func TestConditionWaitContext(t *testing.T) {
	c, err := process.NewCondition(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		c.L.Lock()
		errc <- c.WaitContext(ctx)
		c.L.Unlock()
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled WaitContext: %v, want Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("WaitContext did not return within 10s of its cancellation")
	}
	ready := false
	go func() {
		c.L.Lock()
		for !ready {
			c.Wait()
		}
		c.L.Unlock()
		errc <- nil
	}()
	time.Sleep(20 * time.Millisecond)
	c.L.Lock()
	ready = true
	c.Notify()
	c.L.Unlock()
	select {
	case <-errc:
	case <-time.After(10 * time.Second):
		t.Fatal("Wait after a cancelled WaitContext was not woken by Notify")
	}
}

func TestConditionMisuse(t *testing.T) {
	c, err := process.NewCondition(nil)
	if err != nil {
		t.Fatal(err)
	}
	msg := mustPanic(t, "Wait without the lock", c.Wait)
	if !strings.Contains(msg, "Lock not locked") {
		t.Errorf("Wait without the lock panicked with %q", msg)
	}
	c.Close()
	if err := c.Close(); !errors.Is(err, process.ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	mustPanic(t, "Notify after Close", c.Notify)
	l, _ := process.NewLock()
	l.Close()
	if _, err := process.NewCondition(l); err == nil {
		t.Error("NewCondition over a closed Lock succeeded")
	}
}

func TestConditionCreateAndCloseLeavesNothing(t *testing.T) {
	l, err := process.NewLock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	noLeak(t, 1000, func() {
		c, err := process.NewCondition(l)
		if err != nil {
			t.Fatal(err)
		}
		c.NotifyAll()
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	})
}
