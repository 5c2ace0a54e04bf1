package main

import (
	"github.com/procbook/procbook/process"
)

// sharedJob is what each child of addUnderLock is given: how many times to
// add 1, the shared counter and the lock that guards it. Its fields are
// exported because the argument travels to the child encoded; Counter and
// Mu travel as handles on the same shared memory, not as copies.
type sharedJob struct {
	N       int
	Counter *process.Value[int64]
	Mu      *process.Lock
}

// TODO: register addToShared as well.

// addToShared runs in a child process: it adds 1 to the shared counter j.N
// times, by reading it and writing back one more.
func addToShared(j sharedJob) {
	// TODO: j.N times, read j.Counter and write back one more, holding
	// j.Mu from before the read until after the write. Other children do
	// the same at the same time: without the lock, two of them read the
	// same value, both write it plus one, and one update is lost.
}

// addUnderLock has children child processes each add 1, n times, to a
// counter in shared memory, at the same time, and returns the counter as
// main sees it once they have all ended.
func addUnderLock(n, children int) (int, error) {
	// TODO:
	//  - make the shared counter (an int64, 0) and the lock, and close
	//    both when you are done;
	//  - start the children, every one of them before you wait for any,
	//    each running addToShared with n, the counter and the lock;
	//  - wait for every child you started, even after an error, and
	//    return the errors;
	//  - return the counter as main now sees it.
	return 0, nil
}
