package process_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

type jqJob struct {
	Q   *process.JoinableQueue[int]
	Sum *process.Value[int64]
}

// jqWorker sums the items it gets, marking each done, until it gets -1.
var jqWorker = process.RegisterTarget("jq_test.worker", func(j jqJob) {
	for {
		v, err := j.Q.Get()
		if err != nil {
			panic(err)
		}
		if v >= 0 {
			time.Sleep(time.Millisecond)
			j.Sum.Add(int64(v))
		}
		if err := j.Q.TaskDone(); err != nil {
			panic(err)
		}
		if v < 0 {
			return
		}
	}
})

// TestJoinableQueue follows CPython's _TestQueue.test_task_done: workers
// in other processes mark every item done; Join returns once all are, with
// every item processed.
func TestJoinableQueue(t *testing.T) {
	q, err := process.NewJoinableQueue[int](4)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	sum, err := process.NewValue[int64](0)
	if err != nil {
		t.Fatal(err)
	}
	defer sum.Close()
	var ps []*process.Process
	for range 3 {
		ps = append(ps, startChild(t, process.New(jqWorker, jqJob{Q: q, Sum: sum})))
	}
	for i := range 50 {
		if err := q.Put(i); err != nil {
			t.Fatal(err)
		}
	}
	within(t, 20*time.Second, "Join", q.Join)
	if got := sum.Get(); got != 50*49/2 {
		t.Fatalf("Join returned with the sum at %d, want %d: not every item was processed", got, 50*49/2)
	}
	for range ps {
		q.Put(-1)
	}
	for _, p := range ps {
		if err := p.Join(); err != nil {
			t.Fatal(err)
		}
	}
	q.Join()
}

func TestJoinableQueueMisuse(t *testing.T) {
	q, err := process.NewJoinableQueue[string](1)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.TaskDone(); err == nil || !strings.Contains(err.Error(), "more times than items were put") {
		t.Errorf("TaskDone with nothing put: %v", err)
	}
	q.Put("x")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := q.JoinContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("JoinContext with a task unfinished: %v, want DeadlineExceeded", err)
	}
	if err := q.PutContext(ctx, "y"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("PutContext on the full queue: %v", err)
	}
	if v, err := q.Get(); err != nil || v != "x" {
		t.Fatalf("Get: %q, %v", v, err)
	}
	if err := q.TaskDone(); err != nil {
		t.Fatal(err)
	}
	// The Put that timed out counted no task: Join returns now.
	if err := q.JoinContext(context.Background()); err != nil {
		t.Errorf("JoinContext with every task done: %v", err)
	}
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	if err := q.Close(); !errors.Is(err, process.ErrClosed) {
		t.Errorf("second Close: %v", err)
	}
}

func TestJoinableQueueCreateAndCloseLeavesNothing(t *testing.T) {
	noLeak(t, 1000, func() {
		q, err := process.NewJoinableQueue[int](1)
		if err != nil {
			t.Fatal(err)
		}
		q.Put(1)
		q.Get()
		q.TaskDone()
		q.Join()
		if err := q.Close(); err != nil {
			t.Fatal(err)
		}
	})
}
