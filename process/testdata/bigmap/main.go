// Command bigmap runs one Map of 1000 tasks on a pool of 2, each taking a
// 1 MiB byte slice and returning it, and prints the
// throughput (megabytes of input per second) and the program's peak
// memory (resident megabytes, as the kernel counts it). bench/python_mp.py
// measures CPython's pool.map the same way, in a fresh interpreter.
// BenchmarkMapBigData runs it.
package main

import (
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/procbook/procbook/process"
)

const (
	tasks = 1000
	size  = 1 << 20
)

// echo returns its argument: what is measured is the journey, there and
// back, as with CPython's `def echo(b): return b`.
var echo = process.Register("bigmap.echo", func(b []byte) []byte { return b })

func main() {
	process.Main()
	in := make([][]byte, tasks)
	for i := range in {
		in[i] = make([]byte, size)
		for j := 0; j < size; j += 4096 {
			in[i][j] = byte(i + j)
		}
	}
	p, err := process.NewPool(2)
	if err != nil {
		fail(err)
	}
	defer p.Terminate()
	start := time.Now()
	out, err := process.Map(p, echo, in)
	elapsed := time.Since(start)
	if err != nil {
		fail(err)
	}
	for i := range out {
		if len(out[i]) != size || out[i][4096] != byte(i+4096) {
			fail(fmt.Errorf("result %d is wrong", i))
		}
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("%.1f %.0f\n", float64(tasks*size)/1e6/elapsed.Seconds(), float64(ru.Maxrss)/1024*1.048576)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bigmap:", err)
	os.Exit(1)
}
