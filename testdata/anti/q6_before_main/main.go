// Antisolution q6_before_main is right but for a line printed before
// process.Main(): the program prints it once, and every child once more,
// before its function runs, as a Python program without
// if __name__ == "__main__": runs its top-level code in every child it
// spawns. q6_four_children catches it through the trace's before_main.
//
// Command q6 is the sheet's sixth program: four processes, each printing a
// different number computed from X (the square, the cube, X divided by 10
// and X modulo 4), then "Done!" once all four have finished.
//
//	q6 [X]    X is a whole number, 10 when omitted
//
// The four functions are in targets.go, the processes in processes.go.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/procbook/procbook/process"
)

// maxX bounds X so that X*X*X fits in an int (Python's integers have no
// bound; Go's do).
const maxX = 2_000_000

func main() {
	// The mistake: a banner before process.Main(). Each child is this
	// program started again, so each child prints it too, before its
	// function runs.
	fmt.Println("Four processes, each printing a number")
	process.Main()

	x, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "q6:", err)
		fmt.Fprintln(os.Stderr, "usage: q6 [X]")
		os.Exit(2)
	}
	if err := run(x); err != nil {
		fmt.Fprintln(os.Stderr, "q6:", err)
		os.Exit(1)
	}
}

// parseArgs reads X from the command line; without arguments X is the
// sheet's 10.
func parseArgs(args []string) (int, error) {
	switch len(args) {
	case 0:
		return 10, nil
	case 1:
		x, err := strconv.Atoi(args[0])
		if err != nil || x < -maxX || x > maxX {
			return 0, fmt.Errorf("X must be a whole number from %d to %d, not %q", -maxX, maxX, args[0])
		}
		return x, nil
	default:
		return 0, fmt.Errorf("want at most one argument, X; got %d", len(args))
	}
}
