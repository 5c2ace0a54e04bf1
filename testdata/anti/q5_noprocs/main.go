// Antisolution q5_noprocs prints what the tour and the work log print, but
// starts no process: the squares are computed in the program, the "workers'
// pids" are its own, and the work log runs in goroutines. Every q5
// scenario must reject it, through the trace.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

type job struct {
	name    string
	seconds int
}

func main() {
	unit := time.Second
	if s := os.Getenv("PROCBOOK_UNIT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			fail(err)
		}
		unit = d
	}
	sheet := []job{{"A", 5}, {"B", 2}, {"C", 1}, {"D", 3}}
	args := os.Args[1:]
	if len(args) == 0 {
		tour(10, 20, unit)
		worklog(sheet, unit)
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
		jobs := sheet
		if len(args) > 1 {
			jobs = nil
			for i := 1; i+1 < len(args); i += 2 {
				jobs = append(jobs, job{args[i], atoi(args[i+1])})
			}
		}
		worklog(jobs, unit)
	}
}

func tour(n, x int, unit time.Duration) {
	squares := make([]int, n)
	for i := range squares {
		squares[i] = i * i
	}
	fmt.Println(pyList(squares))
	for _, sq := range squares {
		fmt.Println(sq)
	}
	fmt.Println(x * x)
	pid := os.Getpid()
	fmt.Println(pid)
	fmt.Println(pyList([]int{pid, pid, pid, pid}))
	time.Sleep(unit)
	fmt.Println("We lacked patience and got a process.ErrTimeout")
	fmt.Println("For the moment, the pool remains available for more work")
	fmt.Println("Now the pool is closed and no longer available")
}

// worklog runs the jobs two at a time in goroutines, first come first
// served: the right schedule, with threads instead of processes.
func worklog(jobs []job, unit time.Duration) {
	next := make(chan job)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for j := range next {
				fmt.Printf(" Process %s waiting %d seconds\n", j.name, j.seconds)
				time.Sleep(time.Duration(j.seconds) * unit)
				fmt.Printf(" Process %s Finished.\n", j.name)
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
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
