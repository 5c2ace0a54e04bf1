package main

import (
	"fmt"
	"strconv"
)

// usage is printed after an error in the arguments.
const usage = `usage: q2 [N]
  adds 1 to a counter N times (default 1000000) in a goroutine, in a child
  process, and in each of 4 child processes through shared memory
`

// Limits on N: enough to see the counts, not so much that a typo makes the
// program run for minutes.
const (
	defaultCount = 1_000_000
	maxCount     = 10_000_000
)

// parseCount reads N from the command line.
func parseCount(args []string) (int, error) {
	switch len(args) {
	case 0:
		return defaultCount, nil
	case 1:
	default:
		return 0, fmt.Errorf("too many arguments: %q", args[1:])
	}
	n, err := strconv.Atoi(args[0])
	if err != nil {
		return 0, fmt.Errorf("N: %q is not an integer", args[0])
	}
	if n < 0 || n > maxCount {
		return 0, fmt.Errorf("N: %d is out of range (0 to %d)", n, maxCount)
	}
	return n, nil
}
