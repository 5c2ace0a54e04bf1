// Antisolution q3_idle starts one child per element, all at once, and
// joins them all, but the children only pause: the program squares the
// shared array itself once they have ended. The output and the processes
// are right; the trace shows that the program, not a child, wrote every
// square. q3_square and q3_children catch it.
package main

import (
	"errors"
	"fmt"

	"github.com/procbook/procbook/process"
)

// squareArgs is what one child is given: the index of its element and the
// shared array. Its fields are exported because the argument travels to the
// child encoded; the array travels as a handle on the same shared memory,
// not as a copy.
type squareArgs struct {
	I   int
	Arr *process.Array[int64]
}

// Registering square at package level gives it a name that the child, which
// is this same program started again, can look up. RegisterTarget is for a
// function with no result: Python's Process(target=square, ...).
var squareTarget = process.RegisterTarget("square", square)

// square is the target each child runs: Python's arr[i] = arr[i] * arr[i].
// It first pauses for one unit, standing for real work, so that the
// children are seen running at the same time.
func square(a squareArgs) {
	pause() // the mistake: and nothing else
}

// squareAll squares every element of arr, each in a child process of its
// own, and returns once all the children have ended.
func squareAll(arr *process.Array[int64]) error {
	// One Process per element: Python's
	//   processes = [Process(target=square, args=(i, arr)) for i in range(10)]
	// New only describes the child; nothing runs yet.
	procs := make([]*process.Process, arr.Len())
	for i := range procs {
		procs[i] = process.New(squareTarget, squareArgs{I: i, Arr: arr})
	}

	// Start them all before waiting for any, so that they run at the same
	// time. If one cannot start, wait for those already running before
	// giving up, so that none is left behind.
	var errs []error
	var started []*process.Process
	for _, p := range procs {
		if err := p.Start(); err != nil {
			errs = append(errs, fmt.Errorf("starting a child: %w", err))
			break
		}
		started = append(started, p)
	}

	// Join waits for a child to end; its error says if the child failed
	// (a panic, a non-zero exit). Only when every child has ended is the
	// array completely squared.
	for _, p := range started {
		if err := p.Join(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// The mistake: the program squares the elements itself, once its idle
	// children have ended.
	for i := range arr.Len() {
		x := arr.Get(i)
		arr.Set(i, x*x)
	}
	return nil
}
