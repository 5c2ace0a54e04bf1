package process_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/procbook/procbook/process"
)

type phaseJob struct {
	Bar  *process.Barrier
	Done *process.Array[int32] // Done[phase]: parties past it
}

var phases = process.RegisterTarget("example.phases", func(j phaseJob) {
	for phase := range 3 {
		j.Done.Lock()
		j.Done.Set(phase, j.Done.Get(phase)+1)
		j.Done.Unlock()
		if _, err := j.Bar.Wait(); err != nil {
			panic(err)
		}
	}
})

// A Barrier keeps four processes in step: nobody starts a phase before all
// have finished the one before.
func ExampleBarrier() {
	bar, err := process.NewBarrier(4)
	if err != nil {
		panic(err)
	}
	defer bar.Close()
	done, err := process.NewArray([]int32{0, 0, 0})
	if err != nil {
		panic(err)
	}
	defer done.Close()

	var ps []*process.Process
	for range 3 {
		p := process.New(phases, phaseJob{Bar: bar, Done: done})
		if err := p.Start(); err != nil {
			panic(err)
		}
		ps = append(ps, p)
	}
	for phase := range 3 {
		done.Lock()
		done.Set(phase, done.Get(phase)+1)
		done.Unlock()
		if _, err := bar.Wait(); err != nil {
			panic(err)
		}
		fmt.Printf("phase %d done by %d\n", phase, done.Get(phase))
	}
	for _, p := range ps {
		p.Join()
	}
	// Output:
	// phase 0 done by 4
	// phase 1 done by 4
	// phase 2 done by 4
}

// A party that gives up leaves the barrier whole for the others.
func ExampleBarrier_WaitContext() {
	bar, err := process.NewBarrier(2)
	if err != nil {
		panic(err)
	}
	defer bar.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = bar.WaitContext(ctx)
	fmt.Println(errors.Is(err, context.DeadlineExceeded), bar.Waiting(), bar.Broken())
	// Output: true 0 false
}

// Abort breaks the barrier for every party, until Reset.
func ExampleBarrier_Abort() {
	bar, err := process.NewBarrier(2)
	if err != nil {
		panic(err)
	}
	defer bar.Close()
	bar.Abort()
	_, err = bar.Wait()
	fmt.Println(err)
	fmt.Println(errors.Is(err, process.ErrBrokenBarrier))
	bar.Reset()
	fmt.Println(bar.Broken(), bar.Parties())
	// Output:
	// process: broken barrier: aborted
	// true
	// false 2
}
