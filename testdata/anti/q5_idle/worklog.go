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
func worklog(jobs []Job, unit time.Duration) error {
	// Two workers, stopped when we leave, as Python's `with Pool(2)` would.
	pool, err := process.NewPool(2)
	if err != nil {
		return err
	}
	defer pool.Terminate()

	// Each job carries the unit; the caller's list is left as it was.
	tasks := make([]Job, len(jobs))
	for i, j := range jobs {
		j.Unit = unit
		tasks[i] = j
	}
	// Map hands the jobs out in order and waits for all of them. One job
	// per hand-out (chunk size 1, which is what Python chooses here too):
	// with larger chunks a worker would take A and B together, and the
	// schedule would be another.
	_, err = process.Map(pool, workLog, tasks, process.ChunkSize(1))
	return err
}
