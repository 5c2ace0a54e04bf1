// Antisolution q2_plain_int gets the goroutine and the child process
// right, but for the "shared" counter it sends the child a plain int
// inside the argument: the child adds to its own copy, and main's stays
// 0. Arguments travel by copy; only a process.Value is shared.
// q2_counters and q2_shared_value catch it: main sees 0, not N.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"

	"github.com/procbook/procbook/process"
)

var counter int

var addToCounter = process.RegisterTarget("addToCounter", func(n int) {
	for range n {
		counter++
	}
	fmt.Printf("child %d sees counter = %d\n", os.Getpid(), counter)
})

type sharedJob struct {
	N       int
	Counter int // the mistake: a copy, not shared memory
}

var addToShared = process.RegisterTarget("addToShared", func(j sharedJob) {
	for range j.N {
		j.Counter++
	}
	fmt.Printf("child %d sees shared counter = %d\n", os.Getpid(), j.Counter)
})

func runChild(p *process.Process) {
	if err := p.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "q2:", err)
		os.Exit(1)
	}
	if err := p.Join(); err != nil {
		fmt.Fprintln(os.Stderr, "q2:", err)
		os.Exit(1)
	}
}

func main() {
	process.Main()
	n := 1000
	if len(os.Args) > 1 {
		var err error
		if n, err = strconv.Atoi(os.Args[1]); err != nil {
			fmt.Fprintf(os.Stderr, "q2: N: %q is not an integer\n", os.Args[1])
			os.Exit(2)
		}
	}
	counter = 0
	var wg sync.WaitGroup
	wg.Go(func() {
		for range n {
			counter++
		}
	})
	wg.Wait()
	fmt.Printf("goroutine: main sees counter = %d\n", counter)

	counter = 0
	runChild(process.New(addToCounter, n))
	fmt.Printf("child process: main sees counter = %d\n", counter)

	job := sharedJob{N: n}
	runChild(process.New(addToShared, job))
	fmt.Printf("shared value: main sees counter = %d\n", job.Counter)
}
