// Antisolution q1_noprocs prints both counts right, but makes the
// "parallel" one in the program itself, without a single child process;
// its quiz.md holds the usual misconceptions ("goroutines are
// multiprocessing", "more processes are always faster"). Every q1 scenario
// must reject it: the trace shows no child, and the quiz is wrong.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/procbook/procbook/process"
)

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
	// The mistake: the "parallel" count is the serial one again.
	began = time.Now()
	fmt.Printf("counted in %d processes: %d primes below %d in %v\n", procs, countPrimes(0, n), n, time.Since(began))
}
