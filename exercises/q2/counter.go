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
	// TODO: start one goroutine that adds 1 to counter, n times, and wait
	// until it has finished before you return. Read counter only after
	// the wait: before it, the goroutine may still be writing.
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

// TODO: register addToCounter, so that a child process can run it. A
// child is this same program started again: it can find only what is
// registered when the program starts, before main runs.

// addToCounter runs in a child process: it adds 1 to the child's counter
// j.N times, prints what the child sees, with the child's pid, and sends
// its count back to the parent.
func addToCounter(j childJob) {
	// TODO: add 1 to counter, j.N times.
	fmt.Printf("child %d sees counter = %d\n", os.Getpid(), counter)
	// TODO: send counter back to the parent on j.Back. If that fails,
	// the child has no one to tell but its own exit: panic, and the
	// parent's Join reports it.
}

// addInChild sets counter to 0, has a child process add 1 to it n times,
// and returns counter as main sees it once the child has ended, and the
// count the child sent back.
func addInChild(n int) (mine, sentBack int, err error) {
	counter = 0
	// TODO:
	//  - make a queue for one int, and close it when you are done;
	//  - run addToCounter in a child process with n and the queue, and
	//    wait for the child to end, returning any error;
	//  - take the child's count from the queue.
	return counter, 0, nil
}
