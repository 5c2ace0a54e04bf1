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

// TODO: register square, so that a child process can run it: a child is
// this same program started again, and finds only what was registered
// before main ran.

// square is the target each child runs: Python's arr[i] = arr[i] * arr[i].
// It first pauses for one unit, standing for real work, so that the
// children are seen running at the same time.
func square(a squareArgs) {
	pause()
	// TODO: replace element a.I of the shared array by its square.
}

// squareAll squares every element of arr, each in a child process of its
// own, and returns once all the children have ended.
func squareAll(arr *process.Array[int64]) error {
	// TODO: describe one child per element of arr, each running square on
	// its own index; start every one of them before you wait for any;
	// then wait for every child you started, even after an error, and
	// return the errors (errors.Join puts them together).
	//
	// Until you do, main prints the array unsquared.
	return nil
}
