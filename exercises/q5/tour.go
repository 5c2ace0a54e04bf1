package main

import (
	"fmt"
	"time"

	"github.com/procbook/procbook/process"
)

// The functions the tour sends to the pool, registered at package level so
// that the workers, which are this same program started again, find them
// by name.
var (
	// square is the tour's f: x*x.
	square = process.Register("square", func(x int) int { return x * x })

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
//
// This is the part to write. Run it as it is and the tour prints only its
// last line: there is no pool yet.
func poolTour(n, x int, unit time.Duration) error {
	// TODO: make a pool of 4 workers, and make sure it is stopped however
	// this function returns: that is leaving Python's with-block.

	// TODO: map square over range(n) on the pool, and print the list of
	// results as Python prints a list (python.go has pyRange and pyList).

	// TODO: the same squares again, unordered: print each on its own line
	// as soon as a worker hands it back.

	// TODO: apply square to x asynchronously, and print its result,
	// waiting at most one unit for it.

	// TODO: run process.Getpid on the pool the same way and print the
	// pid; then give it four times before collecting any of the four,
	// and print the four pids as one list.

	// TODO: have a worker sleep for 10 units, wait only one unit for it,
	// and when the wait times out (process.ErrTimeout) print
	//	We lacked patience and got a process.ErrTimeout
	// Any other error is a failure.

	// TODO: print
	//	For the moment, the pool remains available for more work
	return nil
}
