package main

import (
	"fmt"
	"os"
	"sync"

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
	// The goroutine runs in this process, on this process's memory: the
	// counter it changes is main's. wg.Wait makes main wait for it, which
	// also makes its writes visible to main.
	var wg sync.WaitGroup
	wg.Go(func() {
		for range n {
			counter++
		}
	})
	wg.Wait()
	return counter
}

// Registering the child's function at package level gives it a name that
// the child, which is this same program started again, can look up.
var addToCounterTarget = process.RegisterTarget("addToCounter", addToCounter)

// addToCounter runs in a child process: it adds 1 to the child's counter n
// times and prints what the child sees, with the child's pid.
func addToCounter(n int) {
	for range n {
		counter++
	}
	fmt.Printf("child %d sees counter = %d\n", os.Getpid(), counter)
}

// addInChild sets counter to 0, has a child process add 1 to it n times,
// and returns counter as main sees it once the child has ended.
func addInChild(n int) (int, error) {
	counter = 0
	// The child is a separate process: it changes its own counter, in its
	// own memory. Main's counter is untouched, whatever the child does.
	child := process.New(addToCounterTarget, n)
	if err := child.Start(); err != nil {
		return 0, err
	}
	if err := child.Join(); err != nil {
		return 0, err
	}
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

var addToSharedTarget = process.RegisterTarget("addToShared", addToShared)

// addToShared runs in a child process: it adds 1 to the shared counter n
// times and prints what the child sees, with the child's pid.
func addToShared(j sharedJob) {
	for range j.N {
		j.Counter.Add(1)
	}
	fmt.Printf("child %d sees shared counter = %d\n", os.Getpid(), j.Counter.Get())
}

// addToSharedValue has a child process add 1, n times, to a counter in
// shared memory, and returns the counter as main sees it once the child has
// ended.
func addToSharedValue(n int) (int, error) {
	// Python's Value('q', 0): one number in memory that this process and
	// the child both map, so a change made by one is seen by the other.
	shared, err := process.NewValue[int64](0)
	if err != nil {
		return 0, err
	}
	defer shared.Close()

	child := process.New(addToSharedTarget, sharedJob{N: n, Counter: shared})
	if err := child.Start(); err != nil {
		return 0, err
	}
	if err := child.Join(); err != nil {
		return 0, err
	}
	return int(shared.Get()), nil
}
