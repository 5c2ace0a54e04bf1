package process_test

import (
	"context"
	"fmt"

	"github.com/procbook/procbook/process"
)

type startSignal struct {
	Go    *process.Event
	Ready *process.Semaphore
}

var runner = process.RegisterTarget("example.runner", func(s startSignal) {
	s.Ready.Release()
	if err := s.Go.Wait(context.Background()); err != nil {
		panic(err)
	}
	fmt.Println("running")
})

// Three children wait for one Event; one Set starts them all.
func ExampleEvent() {
	start, err := process.NewEvent()
	if err != nil {
		panic(err)
	}
	defer start.Close()
	ready, err := process.NewSemaphore(0)
	if err != nil {
		panic(err)
	}
	defer ready.Close()

	var ps []*process.Process
	for range 3 {
		p := process.New(runner, startSignal{Go: start, Ready: ready})
		if err := p.Start(); err != nil {
			panic(err)
		}
		ps = append(ps, p)
	}
	for range 3 {
		ready.Acquire()
	}
	fmt.Println("set:", start.IsSet())
	start.Set()
	for _, p := range ps {
		p.Join()
	}
	// Output:
	// set: false
	// running
	// running
	// running
}
