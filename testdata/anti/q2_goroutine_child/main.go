// Antisolution q2_goroutine_child runs the "child process" part in a
// goroutine instead of a child process: the goroutine shares main's
// memory, so main sees the counter change, which is exactly what a child
// process cannot do. The rest is right. q2_counters (main sees N, not 0)
// and q2_child_memory (the "child" has main's pid) catch it.
//
// Command q2 shows the difference between a thread and a process through
// one counter, increased N times in three ways:
//
//   - by a goroutine, which runs inside this process and shares its memory:
//     main sees the change;
//   - by a child process, which has memory of its own: the child sees its
//     own counter change, main's stays as it was; the child sends its count
//     back through a process.Queue, by copy;
//   - by several child processes at once, through a process.Value, a number
//     in memory that they all map, each change made under a process.Lock so
//     that none is lost: main sees them all.
//
// Usage:
//
//	q2 [N]
//
// N defaults to 1000000: enough for updates to be lost, almost every time,
// by children that change the shared counter without the lock.
package main

import (
	"fmt"
	"os"

	"github.com/procbook/procbook/process"
)

// sharers is how many children add N each to the shared counter.
const sharers = 4

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

	mine, sentBack, err := addInChild(n)
	if err != nil {
		fmt.Fprintf(os.Stderr, "q2: child process: %v\n", err)
		return 1
	}
	fmt.Printf("child process: main sees counter = %d, the child sent back %d\n", mine, sentBack)

	shared, err := addUnderLock(n, sharers)
	if err != nil {
		fmt.Fprintf(os.Stderr, "q2: shared value: %v\n", err)
		return 1
	}
	fmt.Printf("shared value: %d children added %d each, main sees counter = %d\n", sharers, n, shared)
	return 0
}
