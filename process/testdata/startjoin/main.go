// Command startjoin starts and joins N child processes running an empty
// function, one after the other, and prints the nanoseconds each took on
// average. BenchmarkStartJoinProgram runs it: a program of this size is
// what a Process costs in, where a test binary links much more, and every
// child pays at start-up for what its binary links.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/procbook/procbook/process"
)

var empty = process.RegisterTarget("empty", func(struct{}) {})

func main() {
	process.Main()
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "usage: startjoin N")
		os.Exit(2)
	}
	start := time.Now()
	for range n {
		p := process.New(empty, struct{}{})
		if err := p.Start(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := p.Join(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	fmt.Println(time.Since(start).Nanoseconds() / int64(n))
}
