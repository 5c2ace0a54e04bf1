package process_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// TestQueueContext follows CPython's _TestQueue.test_put and test_get
// with timeouts: a put on a full queue and a get on an empty one give up
// when their time is up, take and leave nothing, and the queue works on;
// Len counts the items (qsize).
func TestQueueContext(t *testing.T) {
	q, err := process.NewQueue[int](2)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	ctx := context.Background()
	short := func() context.Context {
		c, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
		t.Cleanup(cancel)
		return c
	}
	if _, err := q.GetContext(short()); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("GetContext on an empty queue: %v, want DeadlineExceeded", err)
	}
	for i, want := range []int{1, 2} {
		if err := q.PutContext(ctx, i+1); err != nil {
			t.Fatal(err)
		}
		if n := q.Len(); n != want {
			t.Fatalf("Len() = %d after %d puts", n, want)
		}
	}
	if err := q.PutContext(short(), 3); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("PutContext on a full queue: %v, want DeadlineExceeded", err)
	}
	if n := q.Len(); n != 2 {
		t.Fatalf("Len() = %d after a put that timed out, want 2", n)
	}
	for _, want := range []int{1, 2} {
		if got, err := q.GetContext(ctx); err != nil || got != want {
			t.Fatalf("GetContext: %d, %v, want %d", got, err, want)
		}
	}
	if n := q.Len(); n != 0 {
		t.Fatalf("Len() = %d on an emptied queue", n)
	}
	// A cancelled Get leaves the next item to the next Get.
	cctx, cancel := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() { _, err := q.GetContext(cctx); errc <- err }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled GetContext: %v, want Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("GetContext did not return within 10s of its cancellation")
	}
	q.Put(9)
	if got, err := q.Get(); err != nil || got != 9 {
		t.Fatalf("Get after a cancelled one: %d, %v", got, err)
	}
}

var queueFeed = process.RegisterTarget("queue_test.feed", func(q *process.Queue[int]) {
	time.Sleep(20 * time.Millisecond)
	q.Put(42)
})

// TestQueueGetContextFromChild: a GetContext with a generous deadline gets
// what a child puts.
func TestQueueGetContextFromChild(t *testing.T) {
	q, err := process.NewQueue[int](1)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	startChild(t, process.New(queueFeed, q))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if got, err := q.GetContext(ctx); err != nil || got != 42 {
		t.Fatalf("GetContext of the child's item: %d, %v", got, err)
	}
}

func TestQueueContextAfterClose(t *testing.T) {
	q, err := process.NewQueue[int](1)
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { _, err := q.GetContext(context.Background()); errc <- err }()
	time.Sleep(20 * time.Millisecond)
	q.Close()
	if err := <-errc; !errors.Is(err, process.ErrClosed) {
		t.Errorf("GetContext when closed: %v, want ErrClosed", err)
	}
	if err := q.PutContext(context.Background(), 1); !errors.Is(err, process.ErrClosed) {
		t.Errorf("PutContext after Close: %v, want ErrClosed", err)
	}
	if n := q.Len(); n != 0 {
		t.Errorf("Len() after Close = %d", n)
	}
}
