// Command q1 shows why multiprocessing is useful: it counts the primes below
// N twice, once serially in one process and once split over several child
// processes that run on several cores at the same time, and prints both
// counts (which must agree) with the time each took.
//
// Usage:
//
//	q1 [N [PROCS]]
//
// N defaults to 2000000 and PROCS, the number of child processes, to the
// number of CPUs.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/procbook/procbook/process"
)

func main() {
	// In a child, Main runs the registered function the parent asked for,
	// then exits: nothing below runs there.
	process.Main()
	os.Exit(run(os.Args[1:]))
}

// run is the program without its exit: it returns the exit code, 0 when
// both counts were made, 1 when something went wrong, 2 for bad arguments.
func run(args []string) int {
	n, procs, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "q1: %v\n%s", err, usage)
		return 2
	}

	// First the plain way: one process, one core, every number in turn.
	began := time.Now()
	serial := countPrimes(0, n)
	fmt.Printf("counted serially: %d primes below %d in %v\n",
		serial, n, time.Since(began).Round(time.Millisecond))

	// Then the same count split over procs child processes, which the
	// operating system runs on as many cores as it has.
	began = time.Now()
	parallel, err := countInProcesses(n, procs)
	if err != nil {
		fmt.Fprintf(os.Stderr, "q1: counting in %d processes: %v\n", procs, err)
		return 1
	}
	fmt.Printf("counted in %d processes: %d primes below %d in %v\n",
		procs, parallel, n, time.Since(began).Round(time.Millisecond))
	return 0
}
