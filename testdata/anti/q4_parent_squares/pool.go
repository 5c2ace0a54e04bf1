package main

import (
	"github.com/procbook/procbook/process"
)

// square is one task: a tiny piece of work, far cheaper than starting a
// process. It is registered at package level so that the pool's workers,
// which are this same program started again, find it by name.
// The mistake: the task only hands its number back; the program squares.
var square = process.Register("square", func(x int) int { return x })

// sumOfSquares computes the squares of 0 ... n-1 on a pool of the given
// number of worker processes, and sums them.
func sumOfSquares(workers, n int) (int, error) {
	// The pool starts its workers once. However many tasks follow, no more
	// processes are started: that is the point of a pool. Deferring
	// Terminate stops the workers on every path out of this function.
	pool, err := process.NewPool(workers)
	if err != nil {
		return 0, err
	}
	defer pool.Terminate()

	// Map hands the tasks to the workers and returns the results in the
	// order of the input. The tasks travel in chunks (Python's chunksize:
	// here n / (4 × workers)), so ten thousand squares take a few dozen
	// round trips to the workers, not ten thousand.
	squares, err := process.Map(pool, square, pyRange(n))
	if err != nil {
		return 0, err
	}

	// No more work: Close lets the workers finish and leave, and Join
	// waits until they have.
	if err := pool.Close(); err != nil {
		return 0, err
	}
	if err := pool.Join(); err != nil {
		return 0, err
	}

	// The sum is cheap; it is done here, in the program.
	total := 0
	for _, x := range squares {
		total += x * x // the mistake: the squaring is done here
	}
	return total, nil
}
