package scenario

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/procbook/procbook/internal/sandbox"
)

// runSpec says how to run a program once under supervision.
type runSpec struct {
	Path      string   // the executable
	Args      []string // its arguments, without the program's name
	Name      string   // how scenarios call it: "q3"
	Dir       string   // its working directory
	Env       []string // its whole environment
	Timeout   time.Duration
	OutputCap int64 // bytes kept of stdout, and of stderr
	// Sandbox, if set, runs the program in a sandbox with these limits,
	// seeing its own binary and writing only Scratch.
	Sandbox  *sandbox.Limits
	Scratch  string   // the folder a sandboxed program may write: Dir or above it
	Writable []string // the files already in Scratch it may write: the trace
}

// runResult is how a supervised program ended and what it printed.
type runResult struct {
	Name     string
	Pid      int
	Stdout   string // at most OutputCap bytes
	Stderr   string
	Code     int           // the exit status, or -N when killed by signal N
	TimedOut time.Duration // the timeout, when the program ran past it and was killed
	Overflow string        // "stdout" or "stderr" when the program printed more than the cap there and was stopped
	Cap      int64         // the cap in force
	Crash    string        // a Go panic's or fatal error's first line, as the runtime printed it
	Panicked bool          // Crash is a panic (not a fatal error)
	Canceled bool          // the check was cancelled while the program ran
	Left     int           // processes it left running when it ended, which its sandbox killed
	CPU      time.Duration // the processor time it used, when sandboxed
	CPULimit time.Duration // the most its sandbox allowed it, or 0
	// Overrun is the limit on the whole run (memory, scratch folder) its
	// sandbox stopped it for, or nil.
	Overrun  *sandbox.Overrun
	Duration time.Duration
}

// drainGrace is how long output is still read after the program's process
// group was killed. Only a process that left the group (setsid) can hold
// the pipes open longer; its output is then abandoned.
const drainGrace = 2 * time.Second

// supervise runs the program described by spec and returns how it ended.
// stdin is empty; the program runs in a process group of its own (where
// the platform has them), which is killed as soon as the program ends, so
// nothing it started outlives it; it is killed when it runs past the
// timeout, prints more than the cap, or ctx is cancelled. The error is for
// a program that could not be started at all.
//
// With spec.Sandbox, the program runs in a sandbox, and what is killed is
// the sandbox's init: with it goes every process of the run, even one that
// left the group. The sandbox also says how many processes the program
// left running when it ended.
func supervise(ctx context.Context, spec runSpec) (*runResult, error) {
	res := &runResult{Name: spec.Name, Cap: spec.OutputCap}
	var cmd *exec.Cmd
	var box *sandbox.Cmd
	if spec.Sandbox != nil {
		var err error
		box, err = sandbox.Command(sandbox.Spec{
			Path:     spec.Path,
			Args:     append([]string{spec.Name}, spec.Args...),
			Env:      spec.Env,
			Scratch:  spec.Scratch,
			Dir:      spec.Dir,
			Writable: spec.Writable,
			ReadOnly: []string{filepath.Dir(spec.Path)},
			Limits:   *spec.Sandbox,
		})
		if err != nil {
			return nil, fmt.Errorf("scenario: running %s: %w", spec.Name, err)
		}
		cmd = box.Cmd
	} else {
		cmd = exec.Command(spec.Path, spec.Args...)
		cmd.Args[0] = spec.Name
		cmd.Dir = spec.Dir
		cmd.Env = spec.Env
		cmd.SysProcAttr = groupAttr()
	}

	// stdin is a pipe whose writing end is already closed: reading it
	// gives EOF at once, whatever the null device of the machine holds.
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("scenario: running %s: %w", spec.Name, err)
	}
	inW.Close()
	defer inR.Close()
	cmd.Stdin = inR

	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("scenario: running %s: %w", spec.Name, err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return nil, fmt.Errorf("scenario: running %s: %w", spec.Name, err)
	}
	// The pipes' write ends go to the program itself, not through
	// goroutines of os/exec, so that Wait returns when the program ends,
	// even if something it started still holds them.
	cmd.Stdout = outW
	cmd.Stderr = errW

	start := time.Now()
	if box != nil {
		err = box.Start()
	} else {
		err = cmd.Start()
	}
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return nil, fmt.Errorf("scenario: running %s: %w", spec.Name, err)
	}
	res.Pid = cmd.Process.Pid
	kill := sync.OnceFunc(func() { killGroup(cmd.Process) })

	var overflowMu sync.Mutex
	overflow := func(stream string) {
		overflowMu.Lock()
		if res.Overflow == "" {
			res.Overflow = stream
		}
		overflowMu.Unlock()
		kill()
	}
	stdout := &capBuffer{limit: spec.OutputCap, full: func() { overflow("stdout") }}
	stderr := &capBuffer{limit: spec.OutputCap, full: func() { overflow("stderr") }}
	var drained sync.WaitGroup
	drained.Add(2)
	go func() { defer drained.Done(); io.Copy(stdout, outR) }()
	go func() { defer drained.Done(); io.Copy(stderr, errR) }()

	exited := make(chan struct{})
	var timedOut, canceled bool
	var watchDone sync.WaitGroup
	watchDone.Add(1)
	go func() {
		defer watchDone.Done()
		timer := time.NewTimer(spec.Timeout)
		defer timer.Stop()
		select {
		case <-exited:
		case <-timer.C:
			timedOut = true
			kill()
		case <-ctx.Done():
			canceled = true
			kill()
		}
	}()

	cmd.Wait()
	res.Duration = time.Since(start)
	close(exited)
	watchDone.Wait()
	// The program has ended: whatever it started goes with it.
	killGroup(cmd.Process)
	if !waitTimeout(&drained, drainGrace) {
		outR.Close()
		errR.Close()
		drained.Wait()
	}
	outR.Close()
	errR.Close()

	res.Code = exitCode(cmd.ProcessState)
	if box != nil {
		exit, err := box.Exit()
		switch {
		case err == nil:
			res.Code, res.Pid, res.Left, res.CPU = exit.ExitCode(), exit.Pid, exit.Left, exit.CPU
			res.CPULimit, res.Overrun = spec.Sandbox.CPU, exit.Overrun
		case !errors.Is(err, sandbox.ErrNotEnded):
			return nil, fmt.Errorf("scenario: running %s: %w", spec.Name, err)
		}
		// Otherwise the init was killed, by the supervisor or the kernel,
		// and its status is the run's.
	}
	res.Stdout = stdout.String()
	res.Stderr = stderr.String()
	// A program that happened to end by itself just as its time ran out
	// was not stopped by the timer: its own ending is the verdict.
	if timedOut && killedBySupervisor(res.Code) {
		res.TimedOut = spec.Timeout
	}
	res.Canceled = canceled && killedBySupervisor(res.Code)
	res.Crash, res.Panicked = crashLine(res.Code, res.Stderr)
	return res, nil
}

// waitTimeout waits for wg, at most d; it reports whether wg finished.
func waitTimeout(wg *sync.WaitGroup, d time.Duration) bool {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// crashPattern finds the Go runtime's account of a crash in stderr: a
// panic, or a fatal error such as a deadlock.
var crashPattern = regexp.MustCompile(`(?m)^(panic|fatal error): (.*)$`)

// crashLine returns the first line of a Go crash report in stderr, and
// whether it is a panic. The runtime exits with code 2 after either.
func crashLine(code int, stderr string) (line string, panicked bool) {
	if code != 2 {
		return "", false
	}
	m := crashPattern.FindStringSubmatch(stderr)
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(m[2]), m[1] == "panic"
}

// capBuffer keeps the first limit bytes written to it and discards the
// rest, calling full once, the first time something is discarded.
type capBuffer struct {
	mu      sync.Mutex
	limit   int64
	buf     strings.Builder
	overran bool
	full    func()
}

func (b *capBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	room := b.limit - int64(b.buf.Len())
	keep := p
	if int64(len(keep)) > room {
		keep = keep[:max(room, 0)]
	}
	b.buf.Write(keep)
	first := len(keep) < len(p) && !b.overran
	if first {
		b.overran = true
	}
	b.mu.Unlock()
	if first {
		b.full()
	}
	return len(p), nil
}

func (b *capBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
