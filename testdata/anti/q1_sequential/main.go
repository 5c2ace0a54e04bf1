// Antisolution q1_sequential counts right, in the right number of child
// processes, but joins each child before starting the next: the children
// run one after the other, and the "parallel" count is no faster than the
// serial one. q1_processes must reject it.
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
	Counts       *process.Array[int64]
}

var countRange = process.RegisterTarget("countRange", func(j job) {
	j.Counts.Set(j.Slot, int64(countPrimes(j.Lo, j.Hi)))
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

func countPrimes(lo, hi int) int {
	c := 0
	for x := lo; x < hi; x++ {
		if isPrime(x) {
			c++
		}
	}
	return c
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
	fmt.Printf("counted serially: %d primes below %d in %v\n", countPrimes(0, n), n, time.Since(began))

	began = time.Now()
	counts, err := process.NewArray(make([]int64, procs))
	if err != nil {
		fmt.Fprintln(os.Stderr, "q1:", err)
		os.Exit(1)
	}
	defer counts.Close()
	for i := range procs {
		p := process.New(countRange, job{Lo: n * i / procs, Hi: n * (i + 1) / procs, Slot: i, Counts: counts})
		// The mistake: each child is joined before the next one starts.
		if err := p.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "q1:", err)
			os.Exit(1)
		}
		if err := p.Join(); err != nil {
			fmt.Fprintln(os.Stderr, "q1:", err)
			os.Exit(1)
		}
	}
	total := 0
	for _, c := range counts.Slice() {
		total += int(c)
	}
	fmt.Printf("counted in %d processes: %d primes below %d in %v\n", procs, total, n, time.Since(began))
}
