// Antisolution q4_noprocs prints the right sum but computes it in the
// program itself: no pool, no worker, no process. Every q4 program
// scenario must reject it, through the trace.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
)

func main() {
	workers := flag.Int("workers", runtime.NumCPU(), "ignored")
	tasks := flag.Int("tasks", 10000, "how many squares")
	flag.Parse()
	_ = workers
	if *tasks < 0 {
		fmt.Fprintln(os.Stderr, "q4: --tasks must not be negative")
		os.Exit(2)
	}
	total := 0
	for i := range *tasks {
		total += i * i
	}
	fmt.Println("Sum of squares:", total)
}
