// Antisolution q6_noprocs prints the four right lines and "Done!" but
// computes them all in the parent: no process is ever started. Every q6
// scenario must reject it, through the trace.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/procbook/procbook/process"
)

func main() {
	process.Main()
	x := 10
	if len(os.Args) > 1 {
		n, err := strconv.Atoi(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "q6:", err)
			os.Exit(2)
		}
		x = n
	}
	div := strconv.FormatFloat(float64(x)/10, 'f', -1, 64)
	if !strings.Contains(div, ".") {
		div += ".0"
	}
	rem := ((x % 4) + 4) % 4
	fmt.Println("Square:", x*x)
	fmt.Println("Cube:", x*x*x)
	fmt.Println("division by 10:", div)
	fmt.Println("remainder :", rem)
	fmt.Println("Done!")
}
