// Antisolution q3_fixedten is the sheet's program taken too literally: it
// always starts ten children, range(10), whatever the length of the array.
// Right for the sheet's ten numbers; wrong for any other length:
// q3_other_input and q3_children count the children and catch it.
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
	Arr *process.Array[int64]
}

var square = process.RegisterTarget("square", func(a squareArgs) {
	pause()
	if a.I >= a.Arr.Len() {
		return // nothing to square: this child should never have existed
	}
	x := a.Arr.Get(a.I)
	a.Arr.Set(a.I, x*x)
})

func main() {
	process.Main()
	arr, err := process.NewArray(parseNumbers())
	if err != nil {
		fail(err)
	}
	defer arr.Close()
	// The mistake: ten, not arr.Len().
	procs := make([]*process.Process, 10)
	for i := range procs {
		procs[i] = process.New(square, squareArgs{I: i, Arr: arr})
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
	fmt.Println(formatList(arr.Slice()))
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
