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
	// TODO: make a pool of 4 workers (process.NewPool) and defer its
	// Terminate: that is leaving Python's with-block.

	// TODO: Map square over pyRange(n) and print the results with pyList.

	// TODO: the same with process.ImapUnordered, printing each square on
	// its own line as it arrives.

	// TODO: ApplyAsync square on x, and print what Get(unit) returns.

	// TODO: ApplyAsync process.Getpid (argument struct{}{}) and print the
	// pid; then four of them at once, printed as one list.

	// TODO: ApplyAsync sleep for 10*unit and Get it with a timeout of one
	// unit: when errors.Is(err, process.ErrTimeout), print
	// "We lacked patience and got a process.ErrTimeout".

	// TODO: print "For the moment, the pool remains available for more work".
	return nil
}
