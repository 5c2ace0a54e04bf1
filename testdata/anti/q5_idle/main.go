// Command q5 is the sheet's fifth program, a pool of worker processes, in
// two parts that run one after the other:
//
//	q5                            the tour, then the work log
//	q5 tour [N [X]]               Python's pool tour: map and imap_unordered
//	                              over range(N) (N = 10), apply_async(f, X)
//	                              (X = 20), workers' pids, a timeout
//	q5 worklog [NAME SECONDS ...] the work log on a pool of 2 (A 5 B 2 C 1 D 3)
//
// PROCBOOK_UNIT (a Go duration, 1s when unset) is how long one of the
// sheet's seconds lasts, so that tests can run the same schedule faster.
// The tour is in tour.go, the work log in worklog.go.
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/procbook/procbook/process"
)

// usage is printed with every mistake on the command line.
const usage = `usage: q5                              the tour, then the work log
       q5 tour [N [X]]                map over range(N) (10), apply_async(f, X) (20)
       q5 worklog [NAME SECONDS ...]  the work log (A 5 B 2 C 1 D 3)`

// Bounds on the arguments, so that squares fit in an int and the output
// stays readable.
const (
	maxN       = 100_000
	maxX       = 1_000_000_000
	maxSeconds = 3600
)

// usageError is a mistake on the command line: the program exits with
// code 2 and prints its usage.
type usageError string

func (e usageError) Error() string { return string(e) }

// usagef returns a usageError, formatted as fmt.Sprintf does.
func usagef(format string, args ...any) error {
	return usageError(fmt.Sprintf(format, args...))
}

func main() {
	// The first line of every program that starts processes: in a child
	// (here, a pool worker), Main runs what the parent asks and exits.
	process.Main()

	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "q5:", err)
		if _, ok := errors.AsType[usageError](err); ok {
			fmt.Fprintln(os.Stderr, usage)
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// run runs the part the arguments name, or both.
func run(args []string) error {
	unit, err := sheetSecond()
	if err != nil {
		return err
	}
	if len(args) == 0 {
		if err := tour(10, 20, unit); err != nil {
			return err
		}
		return worklog(sheetWork, unit)
	}
	switch args[0] {
	case "tour":
		n, x, err := parseTour(args[1:])
		if err != nil {
			return err
		}
		return tour(n, x, unit)
	case "worklog":
		jobs, err := parseWork(args[1:])
		if err != nil {
			return err
		}
		return worklog(jobs, unit)
	default:
		return usagef("unknown part %q: want tour or worklog", args[0])
	}
}

// parseTour reads the tour's N and X, 10 and 20 when omitted.
func parseTour(args []string) (n, x int, err error) {
	n, x = 10, 20
	if len(args) > 2 {
		return 0, 0, usagef("tour takes at most N and X, got %d arguments", len(args))
	}
	if len(args) >= 1 {
		if n, err = parseInt("N", args[0], 0, maxN); err != nil {
			return 0, 0, err
		}
	}
	if len(args) == 2 {
		if x, err = parseInt("X", args[1], -maxX, maxX); err != nil {
			return 0, 0, err
		}
	}
	return n, x, nil
}

// sheetWork is the tutorial's work list.
var sheetWork = []Job{{Name: "A", Seconds: 5}, {Name: "B", Seconds: 2}, {Name: "C", Seconds: 1}, {Name: "D", Seconds: 3}}

// parseWork reads the work list, NAME SECONDS pairs; the tutorial's when
// there are none.
func parseWork(args []string) ([]Job, error) {
	if len(args) == 0 {
		return sheetWork, nil
	}
	if len(args)%2 != 0 {
		return nil, usagef("worklog wants NAME SECONDS pairs, got %d arguments", len(args))
	}
	jobs := make([]Job, 0, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		s, err := parseInt("SECONDS of "+args[i], args[i+1], 0, maxSeconds)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, Job{Name: args[i], Seconds: s})
	}
	return jobs, nil
}

// parseInt reads the whole number called name from s, within [lo, hi].
func parseInt(name, s string, lo, hi int) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, usagef("%s must be a whole number from %d to %d, not %q", name, lo, hi, s)
	}
	return v, nil
}
