// Antisolution q1_lost_update has every child add 1 to one shared total
// for each prime it finds, with Set(Get()+1) and no lock: Python's
// total.value += 1 without get_lock(). When two children do it at once,
// one's update overwrites the other's, and the count comes out short,
// most runs but not every one. The trace sees the unlocked writes of two
// children to the same number every time: q1_count and q1_processes catch
// it by its cause, before the count.
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
	Total  *process.Value[int64]
}

// Registering countRange at package level gives it a name that the child,
// which is this same program started again, can look up.
var countRangeTarget = process.RegisterTarget("countRange", countRange)

// countRange is what each child runs. A child has its own memory, so it
// cannot hand its count back in a variable of the parent's: it writes it
// into the shared array instead.
func countRange(j rangeJob) {
	for n := j.Lo; n < j.Hi; n++ {
		if countPrimes(n, n+1) == 1 {
			// The mistake: Python's total.value += 1, not atomic.
			j.Total.Set(j.Total.Get() + 1)
		}
	}
}

// countInProcesses counts the primes below n in procs child processes, each
// counting one range, and adds up their counts.
func countInProcesses(n, procs int) (int, error) {
	// One slot per child for its count, in memory the children share.
	total, err := process.NewValue[int64](0)
	if err != nil {
		return 0, err
	}
	defer total.Close()

	// Describe one child per range, then start them all before waiting
	// for any, so that they run on all the cores at once.
	bounds := split(n, procs)
	children := make([]*process.Process, procs)
	for i := range children {
		job := rangeJob{Lo: bounds[i], Hi: bounds[i+1], Total: total}
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

	return int(total.Get()), nil
}
