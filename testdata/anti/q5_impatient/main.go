// Antisolution q5_impatient is the pool tour and the work log done right,
// but for one thing: it gets the sleeping task's result without a timeout,
// so it waits the whole ten units and never prints the timeout line. The
// timeout scenarios must reject it.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/procbook/procbook/process"
)

var (
	square  = process.Register("square", func(x int) int { return x * x })
	sleep   = process.RegisterTarget("time.Sleep", time.Sleep)
	workLog = process.RegisterTarget("work_log", func(j Job) {
		fmt.Printf(" Process %s waiting %d seconds\n", j.Name, j.Seconds)
		time.Sleep(time.Duration(j.Seconds) * j.Unit)
		fmt.Printf(" Process %s Finished.\n", j.Name)
	})
)

type Job struct {
	Name    string
	Seconds int
	Unit    time.Duration
}

func main() {
	process.Main()
	unit := time.Second
	if s := os.Getenv("PROCBOOK_UNIT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			fail(err)
		}
		unit = d
	}
	args := os.Args[1:]
	if len(args) == 0 {
		tour(10, 20, unit)
		worklog([]Job{{"A", 5, unit}, {"B", 2, unit}, {"C", 1, unit}, {"D", 3, unit}})
		return
	}
	switch args[0] {
	case "tour":
		n, x := 10, 20
		if len(args) > 1 {
			n = atoi(args[1])
		}
		if len(args) > 2 {
			x = atoi(args[2])
		}
		tour(n, x, unit)
	case "worklog":
		jobs := []Job{{"A", 5, unit}, {"B", 2, unit}, {"C", 1, unit}, {"D", 3, unit}}
		if len(args) > 1 {
			jobs = nil
			for i := 1; i+1 < len(args); i += 2 {
				jobs = append(jobs, Job{args[i], atoi(args[i+1]), unit})
			}
		}
		worklog(jobs)
	}
}

func tour(n, x int, unit time.Duration) {
	func() {
		pool, err := process.NewPool(4)
		if err != nil {
			fail(err)
		}
		defer pool.Terminate()
		xs := make([]int, n)
		for i := range xs {
			xs[i] = i
		}
		squares, err := process.Map(pool, square, xs)
		if err != nil {
			fail(err)
		}
		fmt.Println(pyList(squares))
		for sq, err := range process.ImapUnordered(pool, square, xs) {
			if err != nil {
				fail(err)
			}
			fmt.Println(sq)
		}
		v, err := process.ApplyAsync(pool, square, x).Get(unit)
		if err != nil {
			fail(err)
		}
		fmt.Println(v)
		pid, err := process.ApplyAsync(pool, process.Getpid, struct{}{}).Get(unit)
		if err != nil {
			fail(err)
		}
		fmt.Println(pid)
		var rs []*process.AsyncResult[int]
		for range 4 {
			rs = append(rs, process.ApplyAsync(pool, process.Getpid, struct{}{}))
		}
		pids := make([]int, 4)
		for i, r := range rs {
			if pids[i], err = r.Get(unit); err != nil {
				fail(err)
			}
		}
		fmt.Println(pyList(pids))
		// The mistake: no timeout, so Get waits for the whole sleep.
		s, err := process.ApplyAsync(pool, sleep, 10*unit).Get(0)
		if err != nil {
			fail(err)
		}
		fmt.Println(s)
		fmt.Println("For the moment, the pool remains available for more work")
	}()
	fmt.Println("Now the pool is closed and no longer available")
}

func worklog(jobs []Job) {
	pool, err := process.NewPool(2)
	if err != nil {
		fail(err)
	}
	defer pool.Terminate()
	if _, err := process.Map(pool, workLog, jobs, process.ChunkSize(1)); err != nil {
		fail(err)
	}
}

func pyList(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func atoi(s string) int {
	v, err := strconv.Atoi(s)
	if err != nil {
		fail(err)
	}
	return v
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "q5:", err)
	os.Exit(1)
}
