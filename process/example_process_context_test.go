package process_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/procbook/procbook/process"
)

// Done is Python's sentinel: a channel to select on, closed when the child
// has ended.
func ExampleProcess_Done() {
	p := process.New(nap, 10*time.Millisecond)
	if err := p.Start(); err != nil {
		panic(err)
	}
	select {
	case <-p.Done():
		fmt.Println("ended with code", p.ExitCode())
	case <-time.After(time.Minute):
		fmt.Println("still running after a minute")
	}
	// Output: ended with code 0
}

// JoinContext is Python's join(timeout): when the time is up the child
// runs on, and may be joined later (or killed).
func ExampleProcess_JoinContext() {
	p := process.New(nap, time.Hour)
	if err := p.Start(); err != nil {
		panic(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := p.JoinContext(ctx)
	fmt.Println(errors.Is(err, context.DeadlineExceeded), p.Alive())
	p.Kill()
	p.Join()
	fmt.Println("exit code:", p.ExitCode())
	// Output:
	// true true
	// exit code: -9
}

// ActiveChildren lists the children started and not ended yet: Python's
// active_children.
func ExampleActiveChildren() {
	p := process.New(nap, time.Hour)
	if err := p.Start(); err != nil {
		panic(err)
	}
	fmt.Println("running:", slices.Contains(process.ActiveChildren(), p))
	p.Kill()
	p.Join()
	fmt.Println("running:", slices.Contains(process.ActiveChildren(), p))
	// Output:
	// running: true
	// running: false
}
