// Package timeline draws, from a program's trace, which process ran what
// and when: a row per process, its life as a line and each pool task as a
// bar on it. It turns the trace that the process library writes
// (PROCBOOK_TRACE, one process.TraceEvent per line) into a picture a learner
// can read in a terminal — q5's work log, for instance, shows the FIFO
// schedule of a pool of two.
package timeline

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/procbook/procbook/process"
)

// ErrEmpty is returned by Build when the trace holds no event.
var ErrEmpty = errors.New("timeline: the trace is empty")

// Timeline is a trace sorted out into processes and tasks.
type Timeline struct {
	Start, End time.Time
	Procs      []*Proc // the program's own process first, then by start time
	Skipped    int     // lines of the trace that were not events
	Pools      []*Pool // in the order they started
}

// Pool is one pool of workers, from NewPool to its end.
type Pool struct {
	Owner      int // the pid of the process that made it
	Number     int // the trace's pool number, within Owner
	Start, End time.Time
}

// Proc is one process of the program.
type Proc struct {
	Pid, PPid  int
	Func       string    // registered function; "" for the program itself
	Start, End time.Time // End is zero when its exit was not traced
	Code       *int      // exit code, as process.Process.ExitCode
	Worker     bool      // a pool worker
	Tasks      []*Task
	Pool       *Pool // a worker's pool, when the trace tells
}

// EndedWithPool reports whether p is a worker that ended as its pool
// ended: by Close and Join (exit 0), or killed by Terminate, which is how
// a pool ends when its work is over or abandoned (a signal, then the
// pool's end within a moment). A worker killed while its pool went on is
// not: the pool replaced it.
func (p *Proc) EndedWithPool() bool {
	if !p.Worker || p.Pool == nil || p.Pool.End.IsZero() || p.End.IsZero() || p.Code == nil {
		return false
	}
	gap := p.Pool.End.Sub(p.End)
	return gap >= 0 && gap < time.Second
}

// Task is one pool task, run by a worker.
type Task struct {
	Pool, Index int
	Func        string
	Start, End  time.Time // End is zero when the task never ended (its worker died)
	OK          bool
}

// Read parses a trace. Lines that are not events are counted, not fatal:
// a trace cut short by a kill ends with half a line.
func Read(r io.Reader) (events []process.TraceEvent, skipped int, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		var e process.TraceEvent
		if len(sc.Bytes()) == 0 {
			continue
		}
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Event == "" || e.Time.IsZero() {
			skipped++
			continue
		}
		events = append(events, e)
	}
	if err := sc.Err(); err != nil {
		return nil, skipped, fmt.Errorf("timeline: reading the trace: %w", err)
	}
	return events, skipped, nil
}

// Build sorts events out into a Timeline.
func Build(events []process.TraceEvent) (*Timeline, error) {
	if len(events) == 0 {
		return nil, ErrEmpty
	}
	events = append([]process.TraceEvent(nil), events...)
	sort.SliceStable(events, func(i, j int) bool { return events[i].Time.Before(events[j].Time) })
	t := &Timeline{Start: events[0].Time, End: events[len(events)-1].Time}
	procs := map[int]*Proc{}
	proc := func(pid int, at time.Time) *Proc {
		p := procs[pid]
		if p == nil {
			p = &Proc{Pid: pid, Start: at}
			procs[pid] = p
		}
		return p
	}
	open := map[int]*Task{} // the task each worker is running
	for _, e := range events {
		switch e.Event {
		case "start":
			proc(e.PPid, e.Time)
			p := proc(e.Pid, e.Time)
			p.PPid, p.Func, p.Start = e.PPid, e.Func, e.Time
			p.Worker = e.Func == "process.worker"
		case "exit":
			p := proc(e.Pid, e.Time)
			p.PPid, p.End, p.Code = e.PPid, e.Time, e.Code
			if p.Func == "" {
				p.Func = e.Func
			}
		case "pool_start":
			proc(e.Pid, e.Time)
			t.Pools = append(t.Pools, &Pool{Owner: e.Pid, Number: e.Pool, Start: e.Time})
		case "pool_end":
			proc(e.Pid, e.Time)
			if pl := poolOf(t.Pools, e.Pid, e.Pool); pl != nil {
				pl.End = e.Time
			}
		case "task_start":
			w := proc(e.Pid, e.Time)
			w.Worker = true
			if e.PPid != 0 {
				w.PPid = e.PPid
				proc(e.PPid, e.Time)
			}
			task := &Task{Pool: e.Pool, Func: e.Func, Start: e.Time}
			if e.Task != nil {
				task.Index = *e.Task
			}
			w.Tasks = append(w.Tasks, task)
			open[e.Pid] = task
		case "task_end":
			task := open[e.Pid]
			if task == nil {
				continue
			}
			task.End, task.OK = e.Time, e.OK == nil || *e.OK
			delete(open, e.Pid)
		}
	}
	for _, p := range procs {
		t.Procs = append(t.Procs, p)
		if !p.Worker {
			continue
		}
		// A worker's pool is its first task's; one that ran none belongs
		// to the first pool its parent started after it.
		if len(p.Tasks) > 0 {
			p.Pool = poolOf(t.Pools, p.PPid, p.Tasks[0].Pool)
		}
		for _, pl := range t.Pools {
			if p.Pool == nil && pl.Owner == p.PPid && !pl.Start.Before(p.Start) {
				p.Pool = pl
			}
		}
	}
	sort.Slice(t.Procs, func(i, j int) bool {
		a, b := t.Procs[i], t.Procs[j]
		if a.Func == "" != (b.Func == "") {
			return a.Func == "" // the program itself, not started by the library, first
		}
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		return a.Pid < b.Pid
	})
	return t, nil
}

// Tasks returns the number of tasks in t.
func (t *Timeline) Tasks() int {
	n := 0
	for _, p := range t.Procs {
		n += len(p.Tasks)
	}
	return n
}

// Running returns the processes started through the library whose exit
// the trace does not hold: those still running when the trace ends, as
// when a run that timed out was stopped. The program itself is not among
// them: the library does not start it.
func (t *Timeline) Running() []*Proc {
	var running []*Proc
	for _, p := range t.Procs {
		if p.Func != "" && p.End.IsZero() {
			running = append(running, p)
		}
	}
	return running
}

// poolOf finds the last pool numbered n that owner started.
func poolOf(pools []*Pool, owner, n int) *Pool {
	for i := len(pools) - 1; i >= 0; i-- {
		if pools[i].Owner == owner && pools[i].Number == n {
			return pools[i]
		}
	}
	return nil
}
