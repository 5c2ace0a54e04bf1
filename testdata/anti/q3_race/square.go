// Antisolution q3_race starts one child per element, all at once, but
// does not tell each child its element: the children take the next one
// from a shared counter, with Get then Set and no lock (Python's
// i = next.value; next.value += 1). Children that read the counter at the
// same moment square the same element twice and leave another unsquared,
// in most runs but not all. The trace sees the unlocked writes of several
// children to the counter every time: q3_children catches it by its cause.
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
	Next *process.Value[int64] // the next element to square, shared
	Arr  *process.Array[int64]
}

// Registering square at package level gives it a name that the child, which
// is this same program started again, can look up. RegisterTarget is for a
// function with no result: Python's Process(target=square, ...).
var squareTarget = process.RegisterTarget("square", square)

// square is the target each child runs: Python's arr[i] = arr[i] * arr[i].
// It first pauses for one unit, standing for real work, so that the
// children are seen running at the same time.
func square(a squareArgs) {
	pause()
	// The mistake: Python's i = next.value; next.value += 1, without the
	// lock. Two children that read next at once square the same element.
	i := int(a.Next.Get())
	a.Next.Set(int64(i + 1))
	if i >= a.Arr.Len() {
		return
	}
	x := a.Arr.Get(i)
	a.Arr.Set(i, x*x)
}

// squareAll squares every element of arr, each in a child process of its
// own, and returns once all the children have ended.
func squareAll(arr *process.Array[int64]) error {
	// One Process per element: Python's
	//   processes = [Process(target=square, args=(i, arr)) for i in range(10)]
	// New only describes the child; nothing runs yet.
	next, err := process.NewValue[int64](0)
	if err != nil {
		return err
	}
	defer next.Close()
	procs := make([]*process.Process, arr.Len())
	for i := range procs {
		procs[i] = process.New(squareTarget, squareArgs{Next: next, Arr: arr})
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
	return errors.Join(errs...)
}
