//go:build linux

package gradetest

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// survivors is Survivors and SurvivorsOf: it looks at /proc every 50 ms
// until no process of sel is left or wait has passed, then kills the live
// ones left (a zombie cannot be killed: it is dead already).
func survivors(sel selection, wait time.Duration) ([]Survivor, error) {
	c := newCensus(sel)
	end := time.Now().Add(wait)
	for {
		left, err := c.look()
		if err != nil || len(left) == 0 {
			return nil, err
		}
		if !time.Now().Before(end) {
			for _, s := range left {
				kill(s)
			}
			return left, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A census looks at the machine's processes for those of one run, and
// remembers the ones it saw alive: a zombie has no environment left to
// read, so that is how it still knows them once they are zombies.
type census struct {
	sel   selection
	seen  map[int]Survivor // the run's processes seen alive, by pid
	since uint64           // when the census began, in clock ticks since boot (0: unknown)
}

func newCensus(sel selection) *census {
	return &census{sel: sel, seen: map[int]Survivor{}, since: uptimeTicks()}
}

// clockTicks is the unit of a process's start time in /proc/<pid>/stat,
// USER_HZ: 100 on every architecture Linux runs Go on.
const clockTicks = 100

// uptimeTicks is the time since boot in clock ticks, rounded up, or 0 if
// /proc/uptime cannot be read: a process whose start time is later began
// after this call.
func uptimeTicks() uint64 {
	b, err := os.ReadFile("/proc/uptime")
	if err != nil {
		return 0
	}
	f, _, _ := strings.Cut(string(b), " ")
	up, err := strconv.ParseFloat(f, 64)
	if err != nil {
		return 0
	}
	return uint64(up*clockTicks) + 1
}

// look lists, by pid, the run's processes there now that count as left
// (Survivors says which).
func (c *census) look() ([]Survivor, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("gradetest: %w", err)
	}
	self := os.Getpid()
	var left, zombies []Survivor
	alive := map[int]bool{} // the run's live processes, by pid
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		p, ok := readStat(pid)
		switch {
		case !ok: // it ended and was reaped meanwhile
		case p.Zombie:
			zombies = append(zombies, p)
		case c.ofRun(pid, p):
			p.Command = commandLine(pid, p.Command)
			c.seen[pid] = p
			alive[pid] = true
			left = append(left, p)
		}
	}
	for _, z := range zombies {
		if z.Parent != self && !alive[z.Parent] {
			continue // an orphan: init, or a subreaper, reaps it
		}
		if before, ok := c.seen[z.Pid]; ok && before.start == z.start {
			z.Command = before.Command
		} else if !c.sel.pids[z.Pid] && !alive[z.Parent] {
			continue // not known as the run's
		}
		left = append(left, z)
	}
	sort.Slice(left, func(i, j int) bool { return left[i].Pid < left[j].Pid })
	return left, nil
}

// ofRun reports whether the live process pid is of the run: listed, or
// with the marker in its environment. A process of another user, whose
// environment cannot be read, is not.
func (c *census) ofRun(pid int, p Survivor) bool {
	if c.sel.pids != nil {
		return c.sel.pids[pid] && (c.since == 0 || p.start <= c.since)
	}
	env, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	return err == nil && bytes.Contains(env, c.sel.marker)
}

// readStat reads what /proc/<pid>/stat tells of a process: its state,
// parent, start time and name (as its Command, in brackets). It is false
// if there is no such process, or it is past being a zombie.
func readStat(pid int) (Survivor, bool) {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return Survivor{}, false
	}
	// "pid (name) state ppid ... starttime ...": the name may hold spaces
	// and parentheses, so the fields are counted from its last ")";
	// starttime is the 22nd field of the line, the 20th after the name.
	s := string(stat)
	open, shut := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || shut < open {
		return Survivor{}, false
	}
	fields := strings.Fields(s[shut+1:])
	if len(fields) < 20 {
		return Survivor{}, false
	}
	parent, err1 := strconv.Atoi(fields[1])
	start, err2 := strconv.ParseUint(fields[19], 10, 64)
	if err1 != nil || err2 != nil || fields[0] == "X" {
		return Survivor{}, false
	}
	return Survivor{
		Pid:     pid,
		Parent:  parent,
		Zombie:  fields[0] == "Z",
		Command: "[" + s[open+1:shut] + "]",
		start:   start,
	}, true
}

// commandLine is the process's command line, its arguments joined by
// spaces; or name if it has none to read (it has just ended).
func commandLine(pid int, name string) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	line := strings.TrimSpace(string(bytes.ReplaceAll(b, []byte{0}, []byte{' '})))
	if err != nil || line == "" {
		return name
	}
	return line
}

// kill sends SIGKILL to s if it is still the live process it was (its pid
// may have been reused since).
func kill(s Survivor) {
	if p, ok := readStat(s.Pid); ok && !p.Zombie && p.start == s.start {
		syscall.Kill(s.Pid, syscall.SIGKILL)
	}
}
