package main

import (
	"fmt"
	"os"

	"github.com/procbook/procbook/process"
)

// counter is a variable of the program. Goroutines of one process all see
// the same counter; every process running the program has a counter of its
// own.
var counter int

// addWithGoroutine sets counter to 0, has a goroutine add 1 to it n times,
// and returns counter as main sees it once the goroutine is done.
func addWithGoroutine(n int) int {
	counter = 0
	// TODO: start a goroutine that adds 1 to counter n times, and wait for
	// it to finish (a sync.WaitGroup: wg.Go(func() { ... }), then wg.Wait()).
	return counter
}

// TODO: register addToCounter at package level, so that a child process
// (this same program, started again) can find it by name:
//
//	var addToCounterTarget = process.RegisterTarget("addToCounter", addToCounter)

// addToCounter runs in a child process: it adds 1 to the child's counter n
// times and prints what the child sees, with the child's pid.
func addToCounter(n int) {
	// TODO: add 1 to counter n times.
	fmt.Printf("child %d sees counter = %d\n", os.Getpid(), counter)
}

// addInChild sets counter to 0, has a child process add 1 to it n times,
// and returns counter as main sees it once the child has ended.
func addInChild(n int) (int, error) {
	counter = 0
	// TODO: run addToCounter(n) in a child process: process.New, then
	// Start, then Join; return the first error you meet.
	return counter, nil
}

// sharedJob is what the child of addToSharedValue is given: how many times
// to add 1, and the shared counter. Its fields are exported because the
// argument travels to the child encoded; Counter travels as a handle on the
// same shared memory, not as a copy.
type sharedJob struct {
	N       int
	Counter *process.Value[int64]
}

// TODO: register addToShared too.

// addToShared runs in a child process: it adds 1 to the shared counter n
// times and prints what the child sees, with the child's pid.
func addToShared(j sharedJob) {
	// TODO: add 1 to the shared counter j.N times (Value has Add).
	fmt.Printf("child %d sees shared counter = %d\n", os.Getpid(), j.Counter.Get())
}

// addToSharedValue has a child process add 1, n times, to a counter in
// shared memory, and returns the counter as main sees it once the child has
// ended.
func addToSharedValue(n int) (int, error) {
	// TODO: make the shared counter with process.NewValue[int64](0) (and
	// Close it at the end), run addToShared in a child process with it,
	// and return the counter's value once the child has ended.
	return 0, nil
}
