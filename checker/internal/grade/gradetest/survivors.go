package gradetest

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Wait is how long after a run Survivors gives its processes to end: a
// process being killed, or a zombie whose parent is about to reap it, is
// not a leak yet.
const Wait = 5 * time.Second

// A Survivor is a process of a run still there when the run should have
// left none, with the facts a failing test prints.
type Survivor struct {
	Pid    int
	Parent int  // the parent's pid
	Zombie bool // it ended, but its parent has not reaped it
	// Command is its command line; for a zombie never seen alive, its
	// name in brackets, as ps shows it ("[sleep]").
	Command string

	// start is when it started, in clock ticks since boot: with Pid, it
	// names the process even once its pid is reused.
	start uint64
}

// String says which process it is and what it ran, in one line.
func (s Survivor) String() string {
	state := "running"
	if s.Zombie {
		state = "ended, never reaped"
	}
	return fmt.Sprintf("pid %d (child of %d, %s): %s", s.Pid, s.Parent, state, s.Command)
}

// Format lists survivors one a line, each indented by a tab, for a test's
// failure message.
func Format(survivors []Survivor) string {
	var b strings.Builder
	for _, s := range survivors {
		b.WriteString("\n\t")
		b.WriteString(s.String())
	}
	return b.String()
}

// Survivors waits up to Wait until no process of the machine is left of
// the run whose processes hold marker in their environment (a graded
// program's PATH and trace name its workspace, so the workspace's path is
// a marker). If some are left when the wait ends, it kills those still
// running and returns them all; else it returns none.
//
// What counts as left: a live process whose environment holds marker; and
// a zombie of the run that its parent has not reaped when the wait ends.
// A zombie that its parent will reap is no leak, and neither is an
// orphan, a zombie whose parent is neither of the run nor this process:
// init, or a subreaper (systemd --user, tini -s), reaps orphans in its own
// time (seconds later on some machines). But a zombie whose parent, alive
// and of the run (or this process), has let it be for the whole wait is
// the parent's leak (a wait(2) never made), and counts: stricter than calling every zombie "not running",
// this also finds the processes a run ended but never reaped. A zombie
// has no environment to read, so Survivors knows one as the run's if it
// saw it alive with marker (the same pid and start time) or if its parent
// is a live process of the run; a zombie already dead when Survivors
// first looked, whose parent is not of the run, cannot be told from
// another run's and is not counted.
//
// Survivors needs /proc; elsewhere it returns an error that wraps
// errors.ErrUnsupported.
func Survivors(marker string) ([]Survivor, error) {
	if marker == "" {
		return nil, errors.New("gradetest: an empty marker is in every process's environment")
	}
	return survivors(selection{marker: []byte(marker)}, Wait)
}

// SurvivorsOf is Survivors for the run whose processes are pids (which
// they wrote down), whatever their environment: by the same rules, a
// listed pid is left if it runs, or is a zombie its parent has not reaped,
// when the wait ends. A process that started after SurvivorsOf was called
// holds a pid the run's process left free, and is not the run's.
func SurvivorsOf(pids []int) ([]Survivor, error) {
	sel := selection{pids: map[int]bool{}}
	for _, pid := range pids {
		sel.pids[pid] = true
	}
	return survivors(sel, Wait)
}

// selection tells the processes of one run: by a marker in their
// environment, or by pid.
type selection struct {
	marker []byte
	pids   map[int]bool
}
