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
	// TODO: make a pool of `workers` worker processes (process.NewPool),
	// and defer its Terminate so that no worker outlives this function.

	// TODO: compute every square of pyRange(n) on the pool with
	// process.Map: one task per number, the results in input order.

	// TODO: close the pool (Close) and wait for its workers (Join).

	// TODO: add up the squares and return the sum.
	return 0, nil
}
