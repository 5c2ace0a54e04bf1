package process

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
)

// This file is the pool's side of its workers: starting one, running a
// batch on it, finding out what a dead one was doing, and retiring it.

// workerFunc is the name worker processes carry in the trace.
const workerFunc = "process.worker"

// worker is one worker process as its pool holds it.
type worker struct {
	c        *child
	exited   chan struct{} // closed once the process has exited and been reaped
	code     int           // its exit code, valid after exited
	tasks    int           // tasks run, for MaxTasksPerChild
	progress *segment      // the progress word (see pool_wire.go)
	report   *bufio.Reader // c.report, buffered: a small answer is one read
	out      *frame        // the buffer of the messages to the worker
	sent     uint32        // sequence number of the last frame sent
	received uint32        // sequence number of the last frame received
}

// dead reports whether the worker process has exited.
func (w *worker) dead() bool { return isClosed(w.exited) }

// lastProgress returns the worker's progress word: the sequence number of
// the batch it last began, and how far it got (see pool_wire.go).
func (w *worker) lastProgress() (seq uint32, state uint32) {
	v := atomic.LoadUint64(progressWord(w.progress.mem))
	return uint32(v >> 32), uint32(v)
}

// startWorkerFault, when set (by tests), is called before each worker start
// and can make it fail, as running out of descriptors would.
var startWorkerFault atomic.Pointer[func() error]

// startWorker starts a worker process and waits until it has run the
// pool's initializer and is ready for work.
func (p *Pool) startWorker() (*worker, error) {
	if fault := startWorkerFault.Load(); fault != nil {
		if err := (*fault)(); err != nil {
			return nil, fmt.Errorf("process: starting a pool worker: %w", err)
		}
	}
	progress, err := newSegment(headerSize, 0)
	if err != nil {
		return nil, fmt.Errorf("process: starting a pool worker: %w", err)
	}
	files := append(append([]*os.File(nil), p.initFiles...), progress.f)
	c, err := spawn(workerFunc, true, files)
	if err != nil {
		progress.close()
		return nil, fmt.Errorf("process: starting a pool worker: %w", err)
	}
	growPipe(c.data)
	growPipe(c.report)
	w := &worker{c: c, exited: make(chan struct{}), progress: progress,
		report: bufio.NewReaderSize(c.report, 64<<10), out: newFrame(msgHello)}
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
	w.sent++
	err = w.out.reset(msgHello).uint32(p.id).string(p.initName).rest(p.initArg).send(c.data, w.sent)
	if err == nil {
		var kind byte
		var body []byte
		kind, body, err = readFrame(w.report, w.received+1)
		w.received++
		switch {
		case err != nil:
		case kind == msgReady:
			return w, nil
		case kind == msgInitErr:
			f := (&parser{b: body}).failure()
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

// run sends b to w and delivers its outcome. It reports false when the
// worker died or talked nonsense (see lost for what becomes of b then).
func (p *Pool) run(w *worker, b *batch) bool {
	f := w.out.reset(msgBatch).string(b.fn).uint32(b.first)
	count := len(f.b)
	f.uint32(b.n)
	var err error
	var n int
	f.b, n, err = b.encode(f.b, b.first, b.first+b.n)
	if err == nil && f.bodySize() > maxMessage {
		err = errTooLarge{f.bodySize()}
	}
	if err == nil && n < b.n {
		// The rest goes as a batch of its own, next.
		p.requeue(b.part(b.first+n, b.n-n))
		b = b.part(b.first, n)
		binary.LittleEndian.PutUint32(f.b[count:], uint32(n))
	}
	if err != nil {
		if cap(f.b) > 64<<20 {
			w.out = newFrame(msgBatch) // do not keep a huge failed buffer
		}
		// Only the tasks whose arguments cannot travel fail: one by one,
		// the others go.
		if b.n > 1 {
			p.requeue(b.each()...)
		} else {
			b.deliver(b, outcome{err: encodingError(b.fn, err)})
		}
		return true
	}
	w.sent++
	seq := w.sent
	err = f.send(w.c.data, seq)
	done := 0 // tasks of b delivered, from its start
	var fatal *taskFailure
	for err == nil {
		var kind byte
		var body []byte
		kind, body, err = readFrame(w.report, w.received+1)
		if err != nil {
			break
		}
		w.received++
		r := &parser{b: body}
		if kind == msgFatal {
			t := r.failure()
			fatal = &t
			break
		}
		if kind != msgResults {
			err = &corruptError{fmt.Sprintf("a message of kind %d where results were due", kind)}
			break
		}
		from, count, last := r.uint32(), r.uint32(), r.byte() == 1
		if r.err != nil || from != done || count > b.n-done || (last && from+count != b.n) {
			err = &corruptError{fmt.Sprintf("results for tasks %d to %d of a batch of %d", from, from+count-1, b.n)}
			break
		}
		b.deliver(b.part(b.first+from, count), outcome{pid: w.c.pid, results: r})
		done += count
		if last {
			w.tasks += b.n
			return true
		}
	}
	// The worker is gone (or talks nonsense): kill it to be sure, and see
	// what became of the batch.
	w.c.cmd.Process.Kill()
	<-w.exited
	p.lost(w, b, seq, done, fatal, err)
	return false
}

// lost deals with batch b, of which w's death (or nonsense) left the tasks
// from done on without results. The progress word says how far w got:
// not to b at all (b goes to another worker, whole: it never reached
// this one); into task i (task i fails, and the others go to another
// worker: the ones before i had run, but their results died with w, so
// they run again); reading b, or sending its results (every task left
// fails: retrying could kill worker after worker).
func (p *Pool) lost(w *worker, b *batch, seq uint32, done int, fatal *taskFailure, err error) {
	rest := b.part(b.first+done, b.n-done)
	if p.currentState() == poolTerminated {
		rest.deliver(rest, outcome{err: errTerminated})
		return
	}
	var why error = &WorkerError{Func: b.fn, Pid: w.c.pid, Code: w.code}
	var corrupt *corruptError
	if errors.As(err, &corrupt) {
		why = fmt.Errorf("process: pool worker (pid %d) running %s wrote something that is not a message of the pool's on its descriptor 4 (%v): does a task write to descriptor 4? The worker was stopped", w.c.pid, b.fn, err)
	}
	at, state := w.lastProgress()
	switch {
	case at != seq:
		p.requeue(rest)
	case fatal != nil && fatal.Index >= done && fatal.Index < b.n:
		i := fatal.Index
		b.deliver(b.part(b.first+i, 1), outcome{err: failureError(b.fn, w.c.pid, *fatal)})
		p.requeue(p.around(b, done, i)...)
	case state == 0 || int(state) > b.n || int(state)-1 < done:
		rest.deliver(rest, outcome{err: why})
	default:
		i := int(state) - 1
		b.deliver(b.part(b.first+i, 1), outcome{err: why})
		p.requeue(p.around(b, done, i)...)
	}
}

// around returns the parts of b from done to its end without task i.
func (p *Pool) around(b *batch, done, i int) []*batch {
	var parts []*batch
	if i > done {
		parts = append(parts, b.part(b.first+done, i-done))
	}
	if i+1 < b.n {
		parts = append(parts, b.part(b.first+i+1, b.n-i-1))
	}
	return parts
}

// retire ends a worker: closing its task pipe tells it to exit, a dead one
// is just reaped. Its pipes and progress word are closed and it leaves the
// pool's list.
func (p *Pool) retire(w *worker) {
	w.c.data.Close()
	<-w.exited
	w.c.report.Close()
	w.progress.close()
	p.mu.Lock()
	delete(p.workers, w)
	p.mu.Unlock()
}
