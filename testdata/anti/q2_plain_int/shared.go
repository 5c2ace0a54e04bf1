package main

import (
	"errors"
	"fmt"

	"github.com/procbook/procbook/process"
)

// sharedJob is what each child of addUnderLock is given: how many times to
// add 1, the shared counter and the lock that guards it. Its fields are
// exported because the argument travels to the child encoded; Counter and
// Mu travel as handles on the same shared memory, not as copies.
type sharedJob struct {
	N       int
	Counter int64 // the mistake: a copy, not shared memory
	Mu      *process.Lock
}

var addToSharedTarget = process.RegisterTarget("addToShared", addToShared)

// addToShared runs in a child process: it adds 1 to the shared counter j.N
// times. Reading the counter and writing it back are two steps; another
// child may change the counter in between, and its change would be
// overwritten. Holding the lock across both steps makes them one.
func addToShared(j sharedJob) {
	for range j.N {
		j.Mu.Lock()
		j.Counter++
		j.Mu.Unlock()
	}
}

// addUnderLock has children child processes each add 1, n times, to a
// counter in shared memory, at the same time, and returns the counter as
// main sees it once they have all ended.
func addUnderLock(n, children int) (int, error) {
	// Python's Value('q', 0) and Lock(): one number, and one lock, in
	// memory that this process and every child map.
	shared, err := process.NewValue[int64](0)
	if err != nil {
		return 0, err
	}
	defer shared.Close()
	mu, err := process.NewLock()
	if err != nil {
		return 0, err
	}
	defer mu.Close()

	// Start them all before joining any, so that they run at the same
	// time; join every child that started, even after an error.
	var errs []error
	var started []*process.Process
	for range children {
		child := process.New(addToSharedTarget, sharedJob{N: n, Counter: shared.Get(), Mu: mu})
		if err := child.Start(); err != nil {
			errs = append(errs, fmt.Errorf("starting a child: %w", err))
			break
		}
		started = append(started, child)
	}
	for _, child := range started {
		if err := child.Join(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	return int(shared.Get()), nil
}
