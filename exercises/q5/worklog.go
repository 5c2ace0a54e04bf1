package main

import (
	"fmt"
	"time"

	"github.com/procbook/procbook/process"
)

// Job is one line of the work log: a name, and how many of the sheet's
// seconds its work takes. Unit is how long such a second lasts; the
// worker cannot ask the parent, so it travels with the job.
type Job struct {
	Name    string
	Seconds int
	Unit    time.Duration
}

// workLog is the tutorial's work_log, run by a pool worker: it says it
// starts, works (sleeps) for the job's seconds, and says it has finished.
// A worker prints straight to the terminal it shares with the program.
var workLog = process.RegisterTarget("work_log", func(j Job) {
	fmt.Printf(" Process %s waiting %d seconds\n", j.Name, j.Seconds)
	time.Sleep(time.Duration(j.Seconds) * j.Unit)
	fmt.Printf(" Process %s Finished.\n", j.Name)
})

// worklog is the tutorial's pool_handler: the jobs, on a pool of two
// workers. Each worker takes the next job as soon as it is free, so with
// A 5, B 2, C 1, D 3: A and B start; B ends and C starts; C ends and D
// starts; A ends; D ends.
//
// This is the part to write. Run it as it is and it prints nothing: no
// worker ever runs workLog.
func worklog(jobs []Job, unit time.Duration) error {
	// TODO: give each job the unit; leave the caller's list as it was
	// (copy the jobs), since the tour's caller may use it again.

	// TODO: make a pool of 2 workers, stopped however this function
	// returns.

	// TODO: run workLog on every job on the pool, in order, and wait for
	// all of them. Hand the jobs out one at a time (a chunk size of 1):
	// with larger chunks one worker would take A and B together, and the
	// schedule would be another.
	return nil
}
