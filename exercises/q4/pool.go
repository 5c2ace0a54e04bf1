package main

import (
	"github.com/procbook/procbook/process"
)

// square is one task: a tiny piece of work, far cheaper than starting a
// process. It is registered at package level so that the pool's workers,
// which are this same program started again, find it by name.
var square = process.Register("square", func(x int) int { return x * x })

// sumOfSquares computes the squares of 0 ... n-1 on a pool of the given
// number of worker processes, and sums them.
//
// This is the part to write. Run it as it is and it prints a sum of 0:
// no worker computes any square yet.
func sumOfSquares(workers, n int) (int, error) {
	// TODO: make a pool of as many worker processes as workers says, and
	// make sure that, however this function returns, no worker outlives
	// it.

	// TODO: have the pool's workers compute square of every number of
	// pyRange(n), one task per number, and take back the results in the
	// order of the numbers.

	// TODO: tell the pool there is no more work, and wait for its
	// workers to finish and exit.

	// TODO: add up the squares here, in the program, and return the sum.
	return 0, nil
}
