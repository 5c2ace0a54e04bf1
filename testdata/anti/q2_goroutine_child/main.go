// Antisolution q2_goroutine_child runs the "child process" part in a
// goroutine instead of a child process: the goroutine shares main's
// memory, so main sees the counter change, which is exactly what a child
// process cannot do. The shared-value part is right. q2_counters (main
// sees N, not 0) and q2_child_memory (the "child" has main's pid) catch it.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"

	"github.com/procbook/procbook/process"
)

var counter int

type sharedJob struct {
	N       int
	Counter *process.Value[int64]
}

var addToShared = process.RegisterTarget("addToShared", func(j sharedJob) {
	for range j.N {
		j.Counter.Add(1)
	}
	fmt.Printf("child %d sees shared counter = %d\n", os.Getpid(), j.Counter.Get())
})

func addInGoroutine(n int, print bool) {
	var wg sync.WaitGroup
	wg.Go(func() {
		for range n {
			counter++
		}
		if print {
			fmt.Printf("child %d sees counter = %d\n", os.Getpid(), counter)
		}
	})
	wg.Wait()
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
	addInGoroutine(n, false)
	fmt.Printf("goroutine: main sees counter = %d\n", counter)

	// The mistake: a goroutine is not a child process.
	counter = 0
	addInGoroutine(n, true)
	fmt.Printf("child process: main sees counter = %d\n", counter)

	shared, err := process.NewValue[int64](0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "q2:", err)
		os.Exit(1)
	}
	defer shared.Close()
	p := process.New(addToShared, sharedJob{N: n, Counter: shared})
	if err := p.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "q2:", err)
		os.Exit(1)
	}
	if err := p.Join(); err != nil {
		fmt.Fprintln(os.Stderr, "q2:", err)
		os.Exit(1)
	}
	fmt.Printf("shared value: main sees counter = %d\n", shared.Get())
}
