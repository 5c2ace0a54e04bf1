package process_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

func TestAsyncResultGetContext(t *testing.T) {
	p, err := process.NewPool(1)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Terminate()
	r := process.ApplyAsync(p, poolSleep, 300*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := r.GetContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("GetContext of a running task: %v, want DeadlineExceeded", err)
	}
	if _, err := r.GetContext(context.Background()); err != nil {
		t.Fatalf("a later GetContext: %v", err)
	}
}

// TestMapContext: a cancelled map returns at once with ctx.Err(), drops
// the tasks not started, and leaves the pool usable; an uncancelled one is
// Map.
func TestMapContext(t *testing.T) {
	p, err := process.NewPool(2)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Terminate()
	got, err := process.MapContext(context.Background(), p, poolSquare, []int{1, 2, 3, 4})
	if err != nil || !slices.Equal(got, []int{1, 4, 9, 16}) {
		t.Fatalf("MapContext: %v, %v", got, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := slices.Repeat([]time.Duration{200 * time.Millisecond}, 20)
	errc := make(chan error, 1)
	go func() {
		_, err := process.MapContext(ctx, p, poolSleep, in, process.ChunkSize(1))
		errc <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled MapContext: %v, want Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("MapContext did not return within 10s of its cancellation")
	}
	got, err = process.MapContext(context.Background(), p, poolSquare, []int{5})
	if err != nil || !slices.Equal(got, []int{25}) {
		t.Fatalf("MapContext after a cancelled one: %v, %v", got, err)
	}
	if _, err := process.MapContext(ctx, p, poolSquare, []int{1}); !errors.Is(err, context.Canceled) {
		t.Errorf("MapContext with an ended context: %v", err)
	}
}

// mapStarted counts, in a pool worker, the tasks of mapCounted that
// started: its initializer hands it the parent's Value.
var mapStarted *process.Value[int32]

var (
	mapCountInit = process.RegisterTarget("pool_context_test.init", func(v *process.Value[int32]) { mapStarted = v })
	mapCounted   = process.Register("pool_context_test.counted", func(d time.Duration) int {
		mapStarted.Add(1)
		time.Sleep(d)
		return 0
	})
)

// TestMapContextDropsTasksNotStarted: of twenty tasks of a map cancelled
// while its first ones run, the ones not yet handed out never run.
func TestMapContextDropsTasksNotStarted(t *testing.T) {
	started := newFlag(t)
	p, err := process.NewPool(2, process.Initializer(mapCountInit, started))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Terminate()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := process.MapContext(ctx, p, mapCounted, slices.Repeat([]time.Duration{100 * time.Millisecond}, 20), process.ChunkSize(1))
		errc <- err
	}()
	waitUntil(t, "the first tasks to start", func() bool { return started.Get() > 0 })
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled MapContext: %v, want Canceled", err)
	}
	// The pool hands out tasks in order: had the cancelled map's tasks
	// stayed queued, this map's would run after all twenty.
	if _, err := process.Map(p, mapCounted, []time.Duration{0, 0}, process.ChunkSize(1)); err != nil {
		t.Fatal(err)
	}
	if n := started.Get() - 2; n >= 20 {
		t.Errorf("%d of the 20 tasks of the cancelled map ran: those not handed out should have been dropped", n)
	}
}
