// Antisolution q1_unshared starts one child per range, but gives each a
// plain slice for its count instead of shared memory: each child writes
// into its own copy, and the parent adds up zeros. It starts the right
// children at the right time, so only the counts give it away: every
// scenario that checks a count (q1_count, q1_other_input, q1_processes).
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/procbook/procbook/process"
)

type job struct {
	Lo, Hi, Slot int
	Counts       []int64 // the mistake: a copy travels to the child
}

var countRange = process.RegisterTarget("countRange", func(j job) {
	c := 0
	for x := j.Lo; x < j.Hi; x++ {
		if isPrime(x) {
			c++
		}
	}
	j.Counts[j.Slot] = int64(c)
})

func isPrime(x int) bool {
	if x < 2 {
		return false
	}
	for d := 2; d*d <= x; d++ {
		if x%d == 0 {
			return false
		}
	}
	return true
}

func main() {
	process.Main()
	n, procs := 2_000_000, 2
	var err error
	if len(os.Args) > 1 {
		if n, err = strconv.Atoi(os.Args[1]); err != nil {
			fmt.Fprintf(os.Stderr, "q1: N: %q is not an integer\n", os.Args[1])
			os.Exit(2)
		}
	}
	if len(os.Args) > 2 {
		if procs, err = strconv.Atoi(os.Args[2]); err != nil {
			fmt.Fprintf(os.Stderr, "q1: PROCS: %q is not an integer\n", os.Args[2])
			os.Exit(2)
		}
	}
	began := time.Now()
	serial := 0
	for x := 0; x < n; x++ {
		if isPrime(x) {
			serial++
		}
	}
	fmt.Printf("counted serially: %d primes below %d in %v\n", serial, n, time.Since(began))

	began = time.Now()
	counts := make([]int64, procs)
	children := make([]*process.Process, procs)
	for i := range children {
		children[i] = process.New(countRange, job{Lo: n * i / procs, Hi: n * (i + 1) / procs, Slot: i, Counts: counts})
		if err := children[i].Start(); err != nil {
			fmt.Fprintln(os.Stderr, "q1:", err)
			os.Exit(1)
		}
	}
	total := 0
	for i, c := range children {
		if err := c.Join(); err != nil {
			fmt.Fprintln(os.Stderr, "q1:", err)
			os.Exit(1)
		}
		total += int(counts[i])
	}
	fmt.Printf("counted in %d processes: %d primes below %d in %v\n", procs, total, n, time.Since(began))
}
