package main

import (
	"errors"

	"github.com/procbook/procbook/process"
)

// rangeJob is what one child is given: a range [Lo, Hi) to count the primes
// of, and the slot of the shared array Counts where it leaves its count. Its
// fields are exported because the argument travels to the child encoded;
// Counts travels as a handle on the same shared memory, not as a copy.
type rangeJob struct {
	Lo, Hi int
	Slot   int
	Counts *process.Array[int64]
}

// TODO: register countRange, so that a child process can run it: a child
// is this same program started again, and finds only what was registered
// before main ran.

// countRange is what each child runs. A child has its own memory, so it
// cannot hand its count back in a variable of the parent's: it writes it
// into the shared array instead.
func countRange(j rangeJob) {
	// TODO: count the primes of [j.Lo, j.Hi) with countPrimes and store the
	// count in slot j.Slot of j.Counts.
}

// countInProcesses counts the primes below n in procs child processes, each
// counting one range, and adds up their counts.
func countInProcesses(n, procs int) (int, error) {
	// TODO:
	//  1. make the shared array of counts, one slot per child, and close
	//     it when you are done;
	//  2. cut [0, n) into procs ranges (split does it);
	//  3. run countRange in one child per range; start them all before
	//     you wait for any, then wait for every child that started, even
	//     after an error;
	//  4. once all have ended, add up the counts.
	return 0, errors.New("not written yet: see the TODO in parallel.go")
}
