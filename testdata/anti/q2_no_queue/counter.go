// Antisolution: the child counts and prints, but sends nothing back; main
// prints n as "the child sent back", which is right text without the
// queue. q2_child_memory's trace of the queue (the child's Put, main's Get)
// catches it.
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

// addToCounter runs in a child process: it adds 1 to the child's counter
// j.N times, prints what the child sees, with the child's pid, and sends
// its count back to the parent.
func addToCounter(j childJob) {
	for range j.N {
		counter++
	}
	fmt.Printf("child %d sees counter = %d\n", os.Getpid(), counter)
	// The mistake: nothing is sent back; main says what the child "sent".
}

// addInChild sets counter to 0, has a child process add 1 to it n times,
// and returns counter as main sees it once the child has ended, and the
// count the child sent back.
func addInChild(n int) (mine, sentBack int, err error) {
	counter = 0
	// The child is a separate process: it changes its own counter, in its
	// own memory. Main's counter is untouched, whatever the child does;
	// what main learns of the child's, it learns through the queue.
	back, err := process.NewQueue[int](1)
	if err != nil {
		return 0, 0, err
	}
	defer back.Close()

	child := process.New(addToCounterTarget, childJob{N: n, Back: back})
	if err := child.Start(); err != nil {
		return 0, 0, err
	}
	// Join first: if the child failed before it sent anything, its error
	// comes back here instead of a Get that would wait for ever. One small
	// item waits in the queue after its sender has ended.
	if err := child.Join(); err != nil {
		return 0, 0, err
	}
	// The mistake: main knows n, so it prints it as the count the child
	// sent back, and the queue is never used.
	return counter, n, nil
}
