package process_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// TestMain makes the test binary a possible child: process.Main runs the
// requested function in a child and exits there. With helperEnv set, the
// binary is instead a helper program that a test runs as a separate parent
// process, to watch from outside what only a whole program shows (its
// output, its death, its trace).
func TestMain(m *testing.M) {
	process.Main()
	if mode, ok := os.LookupEnv(helperEnv); ok {
		os.Exit(runHelper(mode))
	}
	os.Exit(m.Run())
}

// helperEnv names the environment variable that makes the test binary a
// helper program; its value is the helper's mode.
const helperEnv = "PROCBOOK_TEST_HELPER"

// runHelper runs the helper program of the given mode and returns its exit
// code. The helper's children inherit helperEnv, but they run Main first,
// which never returns in a child, so they never get here.
func runHelper(mode string) int {
	var err error
	switch mode {
	case "output":
		err = helpOutput()
	case "orphans":
		err = helpOrphans()
	case "trace":
		err = helpTrace()
	case "who":
		err = helpWho()
	case "sync":
		err = helpSync()
	default:
		err = fmt.Errorf("unknown helper mode %q", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 1
	}
	return 0
}

// printTarget writes a line to stdout and one to stderr, to show that a
// child's output goes where its parent's goes.
var printTarget = process.RegisterTarget("core.print", func(tag string) {
	fmt.Println("stdout from child", tag)
	fmt.Fprintln(os.Stderr, "stderr from child", tag)
})

// helpOutput prints from itself and from a child, so that a test running
// it with its stdout and stderr redirected sees both land there.
func helpOutput() error {
	fmt.Println("stdout from parent")
	p := process.New(printTarget, "one")
	if err := p.Start(); err != nil {
		return err
	}
	if err := p.Join(); err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "stderr from parent")
	return nil
}

// orphanSleep is how long the processes of the orphans helper sleep: far
// longer than the test waits for them to go, so that only their parent's
// death can end them in time.
const orphanSleep = time.Minute

// sleepTarget sleeps for the given time.
var sleepTarget = process.RegisterTarget("core.sleep", func(d time.Duration) {
	time.Sleep(d)
})

// sleepyParentTarget starts a sleeping child of its own, prints the
// child's pid, and sleeps too: a child of the orphans helper.
var sleepyParentTarget = process.RegisterTarget("core.sleepyParent", func(d time.Duration) {
	p := process.New(sleepTarget, d)
	if err := p.Start(); err != nil {
		fmt.Println("error", err)
		return
	}
	fmt.Println("pid", p.Pid())
	time.Sleep(d)
})

// helpOrphans starts two children that each start a grandchild, prints the
// children's pids (the children print the grandchildren's) and sleeps, so
// that a test can kill it and watch its descendants go.
func helpOrphans() error {
	for range 2 {
		p := process.New(sleepyParentTarget, orphanSleep)
		if err := p.Start(); err != nil {
			return err
		}
		fmt.Println("pid", p.Pid())
	}
	time.Sleep(orphanSleep)
	return nil
}

// traceChildren and traceGrandchildren size the trace helper's tree.
const (
	traceChildren      = 8
	traceGrandchildren = 25
)

// emptyTarget does nothing: the cheapest possible child.
var emptyTarget = process.RegisterTarget("core.empty", func(struct{}) {})

// fanOutTarget starts n children running emptyTarget at once and joins
// them all, so that several processes write their trace events at the same
// time.
var fanOutTarget = process.RegisterTarget("core.fanOut", func(n int) {
	if err := startJoinAll(n, func() *process.Process { return process.New(emptyTarget, struct{}{}) }); err != nil {
		panic(err)
	}
})

// helpTrace starts traceChildren children that each start
// traceGrandchildren grandchildren, all at once; with PROCBOOK_TRACE set,
// all of them append to the same trace file concurrently.
func helpTrace() error {
	if os.Getenv(process.TraceEnv) == "" {
		return fmt.Errorf("%s is not set", process.TraceEnv)
	}
	return startJoinAll(traceChildren, func() *process.Process { return process.New(fanOutTarget, traceGrandchildren) })
}

// startJoinAll starts n processes made by newProc, then joins them all, and
// returns the first error.
func startJoinAll(n int, newProc func() *process.Process) error {
	procs := make([]*process.Process, 0, n)
	var first error
	for range n {
		p := newProc()
		if err := p.Start(); err != nil {
			first = err
			break
		}
		procs = append(procs, p)
	}
	for _, p := range procs {
		if err := p.Join(); err != nil && first == nil {
			first = fmt.Errorf("pid %d: %w", p.Pid(), err)
		}
	}
	return first
}
