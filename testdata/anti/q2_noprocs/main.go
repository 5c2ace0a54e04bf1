// Antisolution q2_noprocs prints every line the right program prints,
// child lines included, without starting a single child process: the
// "child" lines carry the program's own pid. Its quiz.md gives the sheet's
// wrong answer ("each thread runs a process") and its kin. Every q2
// scenario must reject it: the trace shows no child, and the quiz is wrong.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		var err error
		if n, err = strconv.Atoi(os.Args[1]); err != nil {
			fmt.Fprintf(os.Stderr, "q2: N: %q is not an integer\n", os.Args[1])
			os.Exit(2)
		}
	}
	pid := os.Getpid()
	fmt.Printf("goroutine: main sees counter = %d\n", n)
	fmt.Printf("child %d sees counter = %d\n", pid, n)
	fmt.Printf("child process: main sees counter = %d, the child sent back %d\n", 0, n)
	fmt.Printf("shared value: %d children added %d each, main sees counter = %d\n", 4, n, 4*n)
}
