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

// TODO: register countRange at package level, so that a child process (this
// same program, started again) can find it by name:
//
//	var countRangeTarget = process.RegisterTarget("countRange", countRange)

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
	//  1. make the shared array of counts, one slot per child:
	//     process.NewArray(make([]int64, procs)), and Close it at the end;
	//  2. cut [0, n) into ranges with split(n, procs);
	//  3. make one process.New(countRangeTarget, rangeJob{...}) per range,
	//     Start them all, then Join them all;
	//  4. add up the counts.
	return 0, errors.New("not written yet: see the TODO in parallel.go")
}
