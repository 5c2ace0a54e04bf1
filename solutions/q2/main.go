// Command q2 shows the difference between a thread and a process through
// one counter, increased N times in three ways:
//
//   - by a goroutine, which runs inside this process and shares its memory:
//     main sees the change;
//   - by a child process, which has memory of its own: the child sees its
//     own counter change, main's stays as it was;
//   - by a child process, through a process.Value, a number in memory that
//     both processes map: main sees the change.
//
// Usage:
//
//	q2 [N]
//
// N defaults to 1000.
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
// all three ways ran, 1 when something went wrong, 2 for bad arguments.
func run(args []string) int {
	n, err := parseCount(args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "q2: %v\n%s", err, usage)
		return 2
	}

	// Each of the three ways starts from a counter of 0 and adds n; each
	// line says what main sees afterwards.
	fmt.Printf("goroutine: main sees counter = %d\n", addWithGoroutine(n))

	inChild, err := addInChild(n)
	if err != nil {
		fmt.Fprintf(os.Stderr, "q2: child process: %v\n", err)
		return 1
	}
	fmt.Printf("child process: main sees counter = %d\n", inChild)

	shared, err := addToSharedValue(n)
	if err != nil {
		fmt.Fprintf(os.Stderr, "q2: shared value: %v\n", err)
		return 1
	}
	fmt.Printf("shared value: main sees counter = %d\n", shared)
	return 0
}
