package main

import (
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

// TODO: register square at package level, so that a child process (this
// same program, started again) can find it by name:
//
//	var squareTarget = process.RegisterTarget("square", square)

// square is the target each child runs: Python's arr[i] = arr[i] * arr[i].
// It first pauses for one unit, standing for real work, so that the
// children are seen running at the same time.
func square(a squareArgs) {
	pause()
	// TODO: replace element a.I of the shared array a.Arr by its square
	// (Array has Get and Set).
}

// squareAll squares every element of arr, each in a child process of its
// own, and returns once all the children have ended.
func squareAll(arr *process.Array[int64]) error {
	// TODO: make one process.New(squareTarget, squareArgs{...}) per element,
	// Start them all, then Join them all; return the first error you meet
	// (or all of them, with errors.Join).
	//
	// Until you do, main prints the array unsquared.
	return nil
}
