package process_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/procbook/procbook/process"
)

var poolExSlow = process.Register("example.poolExSlow", func(d time.Duration) string {
	time.Sleep(d)
	return "slept " + d.String()
})

// GetContext is get(timeout) with a context: when it ends first the task
// runs on, and a later call collects it.
func ExampleAsyncResult_GetContext() {
	pool, err := process.NewPool(1)
	if err != nil {
		panic(err)
	}
	defer pool.Terminate()
	r := process.ApplyAsync(pool, poolExSlow, 100*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = r.GetContext(ctx)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	fmt.Println(r.GetContext(context.Background()))
	// Output:
	// true
	// slept 100ms <nil>
}

// MapContext is Map that stops when its context ends: the tasks not yet
// started are dropped and the pool goes on.
func ExampleMapContext() {
	pool, err := process.NewPool(2)
	if err != nil {
		panic(err)
	}
	defer pool.Terminate()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = process.MapContext(ctx, pool, poolExSlow, []time.Duration{200 * time.Millisecond, 200 * time.Millisecond, 200 * time.Millisecond})
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	squares, err := process.MapContext(context.Background(), pool, poolExSquare, []int{1, 2, 3})
	fmt.Println(squares, err)
	// Output:
	// true
	// [1 4 9] <nil>
}
