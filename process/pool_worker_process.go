package process

import (
	"fmt"
)

// This file is the pool's side of its workers: starting one, and retiring
// it.

// workerFunc is the name worker processes carry in the trace.
const workerFunc = "process.worker"

// worker is one worker process as its pool holds it.
type worker struct {
	c      *child
	exited chan struct{} // closed once the process has exited and been reaped
	code   int           // its exit code, valid after exited
	tasks  int           // tasks run, for MaxTasksPerChild
}

// dead reports whether the worker process has exited.
func (w *worker) dead() bool { return isClosed(w.exited) }

// startWorker starts a worker process and waits until it has run the
// pool's initializer and is ready for work.
func (p *Pool) startWorker() (*worker, error) {
	c, err := spawn(workerFunc, true, p.initFiles)
	if err != nil {
		return nil, fmt.Errorf("process: starting a pool worker: %w", err)
	}
	w := &worker{c: c, exited: make(chan struct{})}
	go func() {
		w.code = c.reap()
		close(w.exited)
	}()
	// Known to the pool before the handshake, so that Terminate can kill a
	// worker stuck in its initializer.
	p.mu.Lock()
	p.workers[w] = struct{}{}
	ended := p.state == poolTerminated
	p.mu.Unlock()
	if ended {
		p.retire(w)
		return nil, ErrPoolNotRunning
	}
	err = newFrame(msgHello).uint32(p.id).string(p.initName).rest(p.initArg).send(c.data)
	if err == nil {
		var kind byte
		var body *parser
		kind, body, err = readFrame(c.report)
		switch {
		case err != nil:
		case kind == msgReady:
			return w, nil
		case kind == msgInitErr:
			f := body.failure()
			p.retire(w)
			if f.Panic {
				return nil, &PanicError{Func: p.initName, Pid: c.pid, Value: f.Value, Stack: f.Stack}
			}
			return nil, fmt.Errorf("process: the pool's initializer %s (pid %d): %s", p.initName, c.pid, f.Value)
		default:
			err = fmt.Errorf("unexpected message %d", kind)
		}
	}
	c.cmd.Process.Kill()
	p.retire(w)
	if p.currentState() == poolTerminated {
		return nil, ErrPoolNotRunning
	}
	return nil, fmt.Errorf("process: pool worker (pid %d) failed to start: %s (%v)", c.pid, describeExit(w.code), err)
}

// retire ends a worker: closing its task pipe tells it to exit, a dead one
// is just reaped. Its pipes are closed and it leaves the pool's list.
func (p *Pool) retire(w *worker) {
	w.c.data.Close()
	<-w.exited
	w.c.report.Close()
	p.mu.Lock()
	delete(p.workers, w)
	p.mu.Unlock()
}
