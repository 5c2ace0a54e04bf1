// Antisolution q4_process_per_task gets the right sum the expensive way:
// it starts a new process for every task (a few at a time, as many as
// --workers), each adding its square to a shared total. The sum is right;
// the number of processes is the number of tasks, which is what a pool
// exists to avoid. The scenarios that count processes must reject it.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"

	"github.com/procbook/procbook/process"
)

// task is one square to add to the shared total.
type task struct {
	X     int64
	Total *process.Value[int64]
}

var addSquare = process.RegisterTarget("square", func(t task) {
	t.Total.Add(t.X * t.X)
})

func main() {
	process.Main()
	workers := flag.Int("workers", runtime.NumCPU(), "processes at a time")
	tasks := flag.Int("tasks", 10000, "how many squares")
	flag.Parse()
	if *workers < 1 || *tasks < 0 {
		fmt.Fprintln(os.Stderr, "q4: bad --workers or --tasks")
		os.Exit(2)
	}
	total, err := process.NewValue[int64](0)
	if err != nil {
		fail(err)
	}
	defer total.Close()
	// The mistake: a process per task, in waves of --workers.
	for first := 0; first < *tasks; first += *workers {
		var wave []*process.Process
		for i := first; i < min(first+*workers, *tasks); i++ {
			p := process.New(addSquare, task{X: int64(i), Total: total})
			if err := p.Start(); err != nil {
				fail(err)
			}
			wave = append(wave, p)
		}
		for _, p := range wave {
			if err := p.Join(); err != nil {
				fail(err)
			}
		}
	}
	fmt.Println("Sum of squares:", total.Get())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "q4:", err)
	os.Exit(1)
}
