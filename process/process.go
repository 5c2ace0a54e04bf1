package process

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"sync"
)

// NoExitCode is what ExitCode returns before the process has ended
// (Python's exitcode is None then).
const NoExitCode = math.MinInt32

// Process is a registered function running in a child process: Python's
// multiprocessing.Process. Configure it with New, then Start it and Join it,
// as with os/exec's Cmd.
type Process struct {
	fn     string
	encode func() ([]byte, []*os.File, error)

	mu    sync.Mutex
	child *child
	done  chan struct{} // made by Start; closed when the child has exited and been reaped
	code  int           // valid after done
	err   error         // Join's error, valid after done
}

// New returns a Process that will run f(arg) in a child process once
// started: Python's Process(target=f, args=(arg,)). The argument is encoded
// by Start, so changes made to arg after Start are not seen by the child;
// shared objects (Array, Value, Lock, Queue) in arg are the exception: they
// name the same memory in both processes.
func New[T, R any](f *Func[T, R], arg T) *Process {
	if f == nil {
		return &Process{code: NoExitCode} // Start says ErrNoFunction
	}
	return &Process{
		fn: f.name,
		encode: func() ([]byte, []*os.File, error) {
			if err := cannotSend(reflect.TypeFor[T](), "to a child (the argument of "+f.name+")"); err != nil {
				return nil, nil, err
			}
			data, files, err := encodeSharing(arg)
			if err != nil {
				err = fmt.Errorf("process: encoding the argument of %s: %w", f.name, err)
			}
			return data, files, err
		},
		code: NoExitCode,
	}
}

// Start starts the child process and returns once it runs; it does not wait
// for the function to finish (Join does). An argument that cannot be encoded
// is an error here, in the parent.
func (p *Process) Start() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done != nil {
		return ErrAlreadyStarted
	}
	if p.encode == nil {
		return ErrNoFunction
	}
	if !mainCalled.Load() {
		return ErrMainNotCalled
	}
	arg, files, err := p.encode()
	if err != nil {
		return err
	}
	c, err := spawn(p.fn, false, files)
	if err != nil {
		return err
	}
	p.child = c
	p.done = make(chan struct{})
	trackChild(p, p.done)
	go func() {
		// The pipe buffer holds small arguments; a large one is read by the
		// child while this goroutine writes.
		c.data.Write(arg)
		c.data.Close()
	}()
	go p.wait()
	return nil
}

// wait reaps the child, whether or not anybody joins it, so that no zombie
// is left behind, and works out what Join will say.
func (p *Process) wait() {
	c := p.child
	msg, _ := io.ReadAll(c.report)
	c.report.Close()
	p.code = c.reap()
	var rep report
	if len(msg) > 0 && decodeInto(msg, &rep) == nil {
		switch {
		case rep.Panic:
			p.err = &PanicError{Func: p.fn, Pid: c.pid, Value: rep.Value, Stack: rep.Stack}
		case rep.Goexit:
			p.err = fmt.Errorf("process: %s (pid %d) called runtime.Goexit, which ended its process: a target must return (or panic)", p.fn, c.pid)
		default:
			p.err = fmt.Errorf("process: %s (pid %d) could not run: %s", p.fn, c.pid, rep.Value)
		}
	} else if p.code != 0 {
		p.err = &ExitError{Func: p.fn, Pid: c.pid, Code: p.code}
	}
	close(p.done)
}

// Join waits for the process to end. Its error is nil when the function
// returned; a *PanicError (message and stack) when it panicked; an
// *ExitError when the child exited with a non-zero code (os.Exit) or was
// killed by a signal. Join may be called more than once, from any goroutine.
func (p *Process) Join() error {
	done := p.doneChan()
	if done == nil {
		return ErrNotStarted
	}
	p.traceJoin()
	<-done
	return p.err
}

// Pid returns the child's process id, or 0 before Start.
func (p *Process) Pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.child == nil {
		return 0
	}
	return p.child.pid
}

// ExitCode returns the child's exit code once it has ended, as Python's
// exitcode: 0 when the function returned, the code given to os.Exit, 1
// after a panic, or -N when the child was killed by signal N. Before the
// end it returns NoExitCode.
func (p *Process) ExitCode() int {
	if !p.ended() {
		return NoExitCode
	}
	return p.code
}

// Alive reports whether the child has been started and has not ended yet.
func (p *Process) Alive() bool {
	done := p.doneChan()
	return done != nil && !isClosed(done)
}

// ended reports whether the child has been started and has ended.
func (p *Process) ended() bool {
	done := p.doneChan()
	return done != nil && isClosed(done)
}

// doneChan returns the channel closed when the child has ended; nil before
// Start.
func (p *Process) doneChan() chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done
}

// isClosed reports whether ch is closed, without waiting.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// Terminate asks the child to stop with SIGTERM (Python's terminate); it
// does not wait (Join does). A child that has already ended is left alone.
func (p *Process) Terminate() error { return p.signal(terminateSignal) }

// Kill stops the child at once with SIGKILL (Python's kill).
func (p *Process) Kill() error { return p.signal(os.Kill) }

func (p *Process) signal(sig os.Signal) error {
	p.mu.Lock()
	c := p.child
	p.mu.Unlock()
	if c == nil {
		return ErrNotStarted
	}
	if p.ended() {
		return nil
	}
	err := c.cmd.Process.Signal(sig)
	if errors.Is(err, os.ErrProcessDone) {
		return nil
	}
	return err
}
