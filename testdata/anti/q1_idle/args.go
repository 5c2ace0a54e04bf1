package main

import (
	"fmt"
	"runtime"
	"strconv"
)

// usage is printed after an error in the arguments.
const usage = `usage: q1 [N [PROCS]]
  counts the primes below N (default 2000000), serially and then
  in PROCS child processes (default: the number of CPUs)
`

// Limits on the arguments: enough to see the speed-up, not so much that
// a typo hangs the machine.
const (
	defaultN = 2_000_000
	maxN     = 1_000_000_000
	maxProcs = 64
)

// parseArgs reads N and PROCS from the command line.
func parseArgs(args []string) (n, procs int, err error) {
	n, procs = defaultN, runtime.NumCPU()
	if len(args) > 2 {
		return 0, 0, fmt.Errorf("too many arguments: %q", args[2:])
	}
	if len(args) >= 1 {
		if n, err = parseInt("N", args[0], 0, maxN); err != nil {
			return 0, 0, err
		}
	}
	if len(args) == 2 {
		if procs, err = parseInt("PROCS", args[1], 1, maxProcs); err != nil {
			return 0, 0, err
		}
	}
	return n, procs, nil
}

// parseInt reads the integer s, the argument called name, and checks that
// it lies between lo and hi.
func parseInt(name, s string, lo, hi int) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not an integer", name, s)
	}
	if v < lo || v > hi {
		return 0, fmt.Errorf("%s: %d is out of range (%d to %d)", name, v, lo, hi)
	}
	return v, nil
}
