// Antisolution q3_copy starts one child per element, all at once, but
// gives them a plain slice instead of a shared array: each child squares
// its own copy, and the parent prints the numbers unsquared. Arguments
// travel by copy; only a process.Array is shared. Every scenario that
// compares the output catches it, which is all of them.
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/procbook/procbook/process"
)

type squareArgs struct {
	I   int
	Arr []int64 // the mistake: a copy, not shared memory
}

var square = process.RegisterTarget("square", func(a squareArgs) {
	pause()
	a.Arr[a.I] *= a.Arr[a.I]
})

func main() {
	process.Main()
	xs := parseNumbers()
	procs := make([]*process.Process, len(xs))
	for i := range procs {
		procs[i] = process.New(square, squareArgs{I: i, Arr: xs})
		if err := procs[i].Start(); err != nil {
			fail(err)
		}
	}
	var errs []error
	for _, p := range procs {
		errs = append(errs, p.Join())
	}
	if err := errors.Join(errs...); err != nil {
		fail(err)
	}
	fmt.Println(formatList(xs))
}

// parseNumbers reads the array from the arguments, the sheet's by default.
func parseNumbers() []int64 {
	if len(os.Args) < 2 {
		return []int64{2, 4, 3, 5, 6, 7, 5, 5, 7, 8}
	}
	var xs []int64
	for _, a := range os.Args[1:] {
		x, err := strconv.ParseInt(a, 10, 32)
		if err != nil {
			fmt.Fprintf(os.Stderr, "q3: %q is not an integer\n", a)
			os.Exit(2)
		}
		xs = append(xs, x)
	}
	return xs
}

// pause sleeps for one PROCBOOK_UNIT, one second by default.
func pause() {
	d, err := time.ParseDuration(os.Getenv("PROCBOOK_UNIT"))
	if err != nil {
		d = time.Second
	}
	time.Sleep(d)
}

func formatList(xs []int64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.FormatInt(x, 10)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "q3:", err)
	os.Exit(1)
}
