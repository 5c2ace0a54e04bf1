// Antisolution q5_idle runs the tour on a pool of four, every task where
// it belongs, but the pool's square hands x back unchanged and the program
// squares the results itself: the workers idle while the parent computes.
// The output, the pool and the tasks are right; the tasks' results in the
// trace are not squares. q5_map, q5_imap_unordered and q5_apply_async
// catch it.
package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/procbook/procbook/process"
)

// The functions the tour sends to the pool, registered at package level so
// that the workers, which are this same program started again, find them
// by name.
var (
	// square is the mistake: the workers hand x back, and the program
	// squares it.
	square = process.Register("square", func(x int) int { return x })

	// sleep is Python's time.sleep, run in a worker; time.Sleep already
	// has the shape of a target: one argument, no result.
	sleep = process.RegisterTarget("time.Sleep", time.Sleep)
)

// tour is Python's documentation example of a pool, line for line. The
// pool lives in poolTour; when that returns, the pool is gone.
func tour(n, x int, unit time.Duration) error {
	if err := poolTour(n, x, unit); err != nil {
		return err
	}
	fmt.Println("Now the pool is closed and no longer available")
	return nil
}

// poolTour is the body of Python's `with Pool(processes=4) as pool:`
// block. A get with a timeout waits one unit, as Python's timeout=1.
func poolTour(n, x int, unit time.Duration) error {
	// Four worker processes, started once and reused for every task below.
	// Deferring Terminate is leaving the with-block: whatever happens, the
	// workers are stopped (even the one still sleeping at the end).
	pool, err := process.NewPool(4)
	if err != nil {
		return err
	}
	defer pool.Terminate()

	// map: every square of range(n), computed by the workers and returned
	// in the order of the input. Map waits for all of them.
	xs := pyRange(n)
	squares, err := process.Map(pool, square, xs)
	if err != nil {
		return err
	}
	for i := range squares {
		squares[i] *= squares[i]
	}
	fmt.Println(pyList(squares))

	// imap_unordered: the same squares, each one printed as soon as a
	// worker hands it back, so in whatever order they finish.
	for sq, err := range process.ImapUnordered(pool, square, xs) {
		if err != nil {
			return err
		}
		fmt.Println(sq * sq)
	}

	// apply_async: one task, started at once; Get collects its result,
	// waiting at most one unit.
	res := process.ApplyAsync(pool, square, x)
	v, err := res.Get(unit)
	if err != nil {
		return err
	}
	fmt.Println(v * v)

	// os.getpid, run by a worker, prints the worker's pid, not ours.
	pidRes := process.ApplyAsync(pool, process.Getpid, struct{}{})
	pid, err := pidRes.Get(unit)
	if err != nil {
		return err
	}
	fmt.Println(pid)

	// Four tasks given at once, then collected: up to four different
	// workers ran them, so up to four different pids.
	multiple := make([]*process.AsyncResult[int], 4)
	for i := range multiple {
		multiple[i] = process.ApplyAsync(pool, process.Getpid, struct{}{})
	}
	pids := make([]int, len(multiple))
	for i, r := range multiple {
		if pids[i], err = r.Get(unit); err != nil {
			return err
		}
	}
	fmt.Println(pyList(pids))

	// A task that takes ten units, and a Get that waits only one: Get
	// gives up with process.ErrTimeout, and the task goes on running in
	// its worker until Terminate stops it.
	slow := process.ApplyAsync(pool, sleep, 10*unit)
	if v, err := slow.Get(unit); errors.Is(err, process.ErrTimeout) {
		fmt.Println("We lacked patience and got a process.ErrTimeout")
	} else if err != nil {
		return err
	} else {
		fmt.Println(v)
	}

	fmt.Println("For the moment, the pool remains available for more work")
	return nil
}
