// Antisolution q4_parent_squares has a pool, the right number of workers
// and one task per number, and prints the right sum; but its square task
// hands its number back unchanged, and the program squares the results as
// it adds them up. The workers did no work worth a process. The trace's
// task results catch it: q4_sum and q4_other_counts see numbers, not
// squares, come back from the workers.
//
// Command q4 shows what a pool is for: very many small tasks (the squares
// of 0, 1, ..., N-1, summed) run on a pool of a few worker processes.
//
//	q4 [--workers W] [--tasks N]    W = runtime.NumCPU(), N = 10000
//
// It prints the sum; the trace shows that no more than W worker processes
// did the N tasks. The pool is in pool.go; quiz.md asks what a pool is.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"

	"github.com/procbook/procbook/process"
)

// maxTasks bounds N so that the sum of the squares fits in an int.
const maxTasks = 1_000_000

func main() {
	// The first line of every program that starts processes: in a child
	// (here, a pool worker), Main runs what the parent asks and exits.
	process.Main()

	workers, tasks, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "q4:", err)
		os.Exit(2)
	}
	total, err := sumOfSquares(workers, tasks)
	if err != nil {
		fmt.Fprintln(os.Stderr, "q4:", err)
		os.Exit(1)
	}
	fmt.Println("Sum of squares:", total)
}

// parseArgs reads the pool's size and the number of tasks from the flags.
func parseArgs(args []string) (workers, tasks int, err error) {
	fs := flag.NewFlagSet("q4", flag.ContinueOnError)
	fs.IntVar(&workers, "workers", runtime.NumCPU(), "worker processes in the pool")
	fs.IntVar(&tasks, "tasks", 10000, "how many squares to compute: those of 0 ... N-1")
	if err := fs.Parse(args); err != nil {
		return 0, 0, err
	}
	switch {
	case fs.NArg() > 0:
		return 0, 0, fmt.Errorf("unexpected argument %q: use --workers W and --tasks N", fs.Arg(0))
	case workers < 1:
		return 0, 0, fmt.Errorf("--workers %d: a pool needs at least one worker", workers)
	case tasks < 0 || tasks > maxTasks:
		return 0, 0, fmt.Errorf("--tasks %d: want from 0 to %d", tasks, maxTasks)
	}
	return workers, tasks, nil
}

// pyRange returns the numbers 0, 1, ..., n-1: Python's range(n).
func pyRange(n int) []int {
	xs := make([]int, n)
	for i := range xs {
		xs[i] = i
	}
	return xs
}
