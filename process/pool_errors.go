package process

import "fmt"

// WorkerError reports a task whose worker process died while running it:
// killed by a signal, os.Exit, a Go fatal error. The pool replaced the
// worker; the other tasks were not affected. (CPython's pool waits for
// ever in this case.)
type WorkerError struct {
	Func string // the registered name of the task's function
	Pid  int    // the worker that died
	Code int    // its exit code, as Process.ExitCode: -N for signal N
}

func (e *WorkerError) Error() string {
	return fmt.Sprintf("process: pool worker (pid %d) running %s %s", e.Pid, e.Func, describeExit(e.Code))
}

// TaskError reports which task of a Map, Imap or ImapUnordered failed. Err
// is the reason: a *PanicError, a *WorkerError, an encoding error, or
// ErrPoolNotRunning.
type TaskError struct {
	Index int // the task's index in the input slice
	Err   error
}

func (e *TaskError) Error() string { return fmt.Sprintf("process: task %d: %v", e.Index, e.Err) }

func (e *TaskError) Unwrap() error { return e.Err }
