package process

import (
	"errors"
	"fmt"
	"syscall"
)

// Sentinel errors. Compare with errors.Is: the library wraps them with the
// facts of each case.
var (
	// ErrMainNotCalled is returned when a process or a pool is started before
	// Main ran. Without Main, a re-executed child would run the parent's whole
	// program again and start children of its own: a fork bomb.
	ErrMainNotCalled = errors.New("process: Main was not called: make process.Main() the first line of main (and of TestMain)")

	// ErrAlreadyStarted is returned by a second Start of the same Process.
	ErrAlreadyStarted = errors.New("process: already started")

	// ErrNoFunction is returned by Start for a Process with no function to
	// run: a zero Process, or one New made from a nil *Func.
	ErrNoFunction = errors.New("process: no function to run: make the Process with New and a function from Register or RegisterTarget")

	// ErrNotStarted is returned by Join, Terminate and Kill on a Process that
	// was never started.
	ErrNotStarted = errors.New("process: not started")

	// ErrTimeout is returned by AsyncResult.Get when the result is not ready
	// in time. The task goes on running, as in Python.
	ErrTimeout = errors.New("process: timed out")

	// ErrPoolNotRunning is returned for work given to a pool after Close or
	// Terminate.
	ErrPoolNotRunning = errors.New("process: pool not running")

	// ErrClosed is returned by operations on a shared object after its Close.
	ErrClosed = errors.New("process: closed")

	// ErrUnsupported is returned where this platform lacks what a feature
	// needs (child processes and shared memory outside Linux and macOS).
	ErrUnsupported = errors.ErrUnsupported
)

// ExitError reports a child process that ended with a non-zero exit code or
// was killed by a signal, as exec.ExitError does for os/exec.
type ExitError struct {
	Func string // the registered name of the function the child ran
	Pid  int
	Code int // as Python's exitcode: the exit status, or -N when killed by signal N
}

func (e *ExitError) Error() string {
	return fmt.Sprintf("process: %s (pid %d) %s", e.Func, e.Pid, describeExit(e.Code))
}

// PanicError reports a panic in a child process or in a pool task. It
// carries the panic's message and the stack of the goroutine that panicked,
// as seen in the child.
type PanicError struct {
	Func  string // the registered name of the function that panicked
	Pid   int    // the child (or pool worker) it panicked in
	Value string // the panic value, formatted with %v
	Stack string // the child's stack trace at the panic
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("process: %s (pid %d) panicked: %s\n\n%s", e.Func, e.Pid, e.Value, e.Stack)
}

// describeExit says in words what an exit code means: "exited with code 3",
// "was killed by signal 9 (killed)".
func describeExit(code int) string {
	if code < 0 {
		sig := syscall.Signal(-code)
		return fmt.Sprintf("was killed by signal %d (%v)", -code, sig)
	}
	return fmt.Sprintf("exited with code %d", code)
}
