package main

import (
	"fmt"
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

// childJob is what the child of addInChild is given: how many times to add
// 1, and the queue on which it sends its count back. Its fields are
// exported because the argument travels to the child encoded; Back travels
// as a handle on the same queue, not as a copy.
type childJob struct {
	N    int
	Back *process.Queue[int]
}

// Registering the child's function at package level gives it a name that
// the child, which is this same program started again, can look up.
var addToCounterTarget = process.RegisterTarget("addToCounter", addToCounter)

// addToCounter runs in a child process. The mistake: it does nothing;
// the parent prints its line and makes up its count.
func addToCounter(j childJob) {}

// addInChild sets counter to 0, starts a child process and waits for it,
// then prints the child's line itself, with the child's pid, and returns
// n as the count "the child sent back": no queue.
func addInChild(n int) (mine, sentBack int, err error) {
	counter = 0
	child := process.New(addToCounterTarget, childJob{N: n})
	if err := child.Start(); err != nil {
		return 0, 0, err
	}
	if err := child.Join(); err != nil {
		return 0, 0, err
	}
	fmt.Printf("child %d sees counter = %d\n", child.Pid(), n)
	return counter, n, nil
}
