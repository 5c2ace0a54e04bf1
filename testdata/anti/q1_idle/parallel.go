// Antisolution q1_idle starts one child per range, all at once, and joins
// them all, but the children do nothing: the program counts every range
// itself and writes the counts into the shared array. The output and the
// processes are right; the trace shows that the program wrote the counts.
// q1_count and q1_processes catch it.
package main

import (
	"errors"
	"fmt"

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

// Registering countRange at package level gives it a name that the child,
// which is this same program started again, can look up.
var countRangeTarget = process.RegisterTarget("countRange", countRange)

// countRange is what each child runs. A child has its own memory, so it
// cannot hand its count back in a variable of the parent's: it writes it
// into the shared array instead.
func countRange(j rangeJob) {
	// The mistake: the child does nothing.
}

// countInProcesses counts the primes below n in procs child processes, each
// counting one range, and adds up their counts.
func countInProcesses(n, procs int) (int, error) {
	// One slot per child for its count, in memory the children share.
	counts, err := process.NewArray(make([]int64, procs))
	if err != nil {
		return 0, err
	}
	defer counts.Close()

	// Describe one child per range, then start them all before waiting
	// for any, so that they run on all the cores at once.
	bounds := split(n, procs)
	children := make([]*process.Process, procs)
	for i := range children {
		job := rangeJob{Lo: bounds[i], Hi: bounds[i+1], Slot: i, Counts: counts}
		children[i] = process.New(countRangeTarget, job)
	}
	var errs []error
	var started []*process.Process
	for _, c := range children {
		if err := c.Start(); err != nil {
			errs = append(errs, fmt.Errorf("starting a child: %w", err))
			break
		}
		started = append(started, c)
	}

	// Wait for every child that started, even after an error, so that none
	// is left running. Only once all have ended are all counts written.
	for _, c := range started {
		if err := c.Join(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}

	// The mistake: the program counts every range itself, once its idle
	// children have ended, and stores the counts where they should have.
	for i := range procs {
		counts.Set(i, int64(countPrimes(bounds[i], bounds[i+1])))
	}
	total := 0
	for _, c := range counts.Slice() {
		total += int(c)
	}
	return total, nil
}
