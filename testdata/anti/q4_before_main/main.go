// Antisolution q4_before_main is right but for a line printed before
// process.Main(): the program prints it once, and every pool worker once
// more, since a worker is this program started again, as a Python program
// without if __name__ == "__main__": runs its top-level code in every
// worker. q4_sum catches it through the trace's before_main.
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
	// The mistake: a banner before process.Main(), which every worker of
	// the pool prints again before it takes its first task.
	fmt.Println("q4: squares on a pool")
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
