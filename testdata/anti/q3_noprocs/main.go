// Antisolution q3_noprocs prints the right squares, computed in the
// program itself without a single child process. Every q3 scenario must
// reject it.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	xs := parseNumbers()
	// The mistake: no process squares anything; main does it all.
	for i, x := range xs {
		xs[i] = x * x
	}
	pause()
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
