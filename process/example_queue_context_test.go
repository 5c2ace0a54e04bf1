package process_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/procbook/procbook/process"
)

// GetContext is get(timeout=...): on an empty queue it gives up when the
// time is up, Python's queue.Empty.
func ExampleQueue_GetContext() {
	q, err := process.NewQueue[string](1)
	if err != nil {
		panic(err)
	}
	defer q.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = q.GetContext(ctx)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output: true
}

// PutContext is put(timeout=...): on a full queue it gives up when the
// time is up, Python's queue.Full, and puts nothing.
func ExampleQueue_PutContext() {
	q, err := process.NewQueue[string](1)
	if err != nil {
		panic(err)
	}
	defer q.Close()
	q.Put("first")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	err = q.PutContext(ctx, "second")
	fmt.Println(errors.Is(err, context.DeadlineExceeded), q.Len())
	// Output: true 1
}

// Len is qsize: the items waiting.
func ExampleQueue_Len() {
	q, err := process.NewQueue[int](10)
	if err != nil {
		panic(err)
	}
	defer q.Close()
	for i := range 3 {
		q.Put(i)
	}
	q.Get()
	fmt.Println(q.Len())
	// Output: 2
}

type inbox struct {
	Jobs *process.JoinableQueue[string]
}

var clerk = process.RegisterTarget("example.clerk", func(in inbox) {
	for {
		job, err := in.Jobs.Get()
		if err != nil {
			return
		}
		fmt.Println("filed", job)
		in.Jobs.TaskDone()
	}
})

// A JoinableQueue lets the producer wait until every item has been
// processed, not just taken: Python's JoinableQueue, task_done and join.
func ExampleJoinableQueue() {
	jobs, err := process.NewJoinableQueue[string](10)
	if err != nil {
		panic(err)
	}
	defer jobs.Close()
	p := process.New(clerk, inbox{Jobs: jobs})
	if err := p.Start(); err != nil {
		panic(err)
	}
	for _, j := range []string{"invoice", "receipt", "letter"} {
		jobs.Put(j)
	}
	jobs.Join()
	fmt.Println("all filed")
	p.Kill()
	p.Join()
	// Output:
	// filed invoice
	// filed receipt
	// filed letter
	// all filed
}
