// Antisolution q6_nojoin starts the four processes but never joins them:
// "Done!" is printed at once, and the program's exit ends its children,
// which may never get to print. Every q6 scenario must reject it.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/procbook/procbook/process"
)

var targets = []*process.Func[int, struct{}]{
	process.RegisterTarget("square", func(x int) { fmt.Println("Square:", x*x) }),
	process.RegisterTarget("cube", func(x int) { fmt.Println("Cube:", x*x*x) }),
	process.RegisterTarget("division", func(x int) {
		s := strconv.FormatFloat(float64(x)/10, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		fmt.Println("division by 10:", s)
	}),
	process.RegisterTarget("remainder", func(x int) { fmt.Println("remainder :", ((x%4)+4)%4) }),
}

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
	for _, f := range targets {
		if err := process.New(f, x).Start(); err != nil {
			fmt.Fprintln(os.Stderr, "q6:", err)
			os.Exit(1)
		}
	}
	// The mistake: no Join, so nothing waits for the children.
	fmt.Println("Done!")
}
