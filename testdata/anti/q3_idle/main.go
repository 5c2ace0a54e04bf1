// Command q3 is the sheet's "create a process" program: one child process
// per element of a shared array squares that element in place, and the
// parent prints the array once every child has finished.
//
// Usage:
//
//	q3 [N ...]
//
// The numbers default to the sheet's [2, 4, 3, 5, 6, 7, 5, 5, 7, 8]. Each
// child pauses for one unit (PROCBOOK_UNIT, a Go duration, 1s by default)
// before it squares, so that the children visibly run side by side.
package main

import (
	"fmt"
	"os"

	"github.com/procbook/procbook/process"
)

func main() {
	// In a child, Main runs the registered function the parent asked for,
	// then exits: nothing below runs there.
	process.Main()
	os.Exit(run(os.Args[1:]))
}

// run is the program without its exit: it returns the exit code, 0 when
// the array was squared, 1 when something went wrong, 2 for bad arguments.
func run(args []string) int {
	numbers, err := parseNumbers(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "q3: %v\n%s", err, usage)
		return 2
	}
	if _, err := unit(); err != nil {
		fmt.Fprintf(os.Stderr, "q3: %v\n", err)
		return 2
	}

	// Python's Array('i', [...]): the numbers, in memory that every child
	// maps too. Close releases it once we are done.
	arr, err := process.NewArray(numbers)
	if err != nil {
		fmt.Fprintf(os.Stderr, "q3: creating the shared array: %v\n", err)
		return 1
	}
	defer arr.Close()

	if err := squareAll(arr); err != nil {
		fmt.Fprintf(os.Stderr, "q3: %v\n", err)
		return 1
	}

	// Python's print(arr[:]).
	fmt.Println(formatList(arr.Slice()))
	return 0
}
