package process

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Pool is a pool of worker processes that run registered functions:
// Python's multiprocessing.Pool. Give it work with Map, Imap,
// ImapUnordered and ApplyAsync; end it with Close and Join (let the queued
// work finish) or Terminate (stop now). `defer pool.Terminate()` right
// after NewPool is Python's `with Pool() as pool:`.
//
// Work is handed out first come, first served: each worker takes the next
// batch of tasks from one queue when it is free; of the workers idle when a
// batch comes, the one that became idle last takes it, being the quickest
// to wake. A worker that dies in the middle of a task fails that task
// alone with a *WorkerError and is replaced; the other tasks of its batch
// go to the next worker, and a batch that never reached the worker goes
// whole. A panic in a task fails that task alone with a *PanicError, and
// the worker keeps serving.
type Pool struct {
	size      int
	id        int    // this pool's number within the process, for the trace
	initName  string // the initializer's registered name, or ""
	initArg   []byte
	initFiles []*os.File // the pool's own duplicates of the initializer's shared files
	maxTasks  int

	mu      sync.Mutex
	idle    []chan struct{} // the wake-up channels of the slots waiting for work, the last idle last
	state   poolState
	queue   batchQueue
	workers map[*worker]struct{} // the live workers, for Terminate
	stop    chan struct{}        // closed by Terminate: ends a slot's pause
	done    chan struct{}        // closed when every worker slot has ended
	endOnce sync.Once
}

type poolState int

const (
	poolRunning poolState = iota
	poolClosed
	poolTerminated
)

// PoolOption configures a Pool in NewPool.
type PoolOption func(*poolConfig)

type poolConfig struct {
	initName string
	initArg  func() ([]byte, []*os.File, error)
	maxTasks int
}

// Initializer makes each worker run f(arg) when it starts, before any task:
// Python's Pool(initializer=f, initargs=(arg,)). Shared objects (Array,
// Value, Lock, Queue) may travel in arg, as in a Process's argument; this is
// how a pool's tasks reach shared memory; the pool keeps them open for the
// workers it starts later, even once the caller has closed its own. If the
// initializer fails, the pool's work fails with its error instead of
// waiting for ever.
func Initializer[T, R any](f *Func[T, R], arg T) PoolOption {
	return func(c *poolConfig) {
		c.initName = f.name
		c.initArg = func() ([]byte, []*os.File, error) {
			if err := cannotSend(reflect.TypeFor[T](), "to a pool worker (the initializer's argument)"); err != nil {
				return nil, nil, err
			}
			return encodeSharing(arg)
		}
	}
}

// MaxTasksPerChild replaces a worker with a fresh process after it has run
// n tasks: Python's maxtasksperchild, for tasks that leak. n <= 0 means
// workers live as long as the pool.
func MaxTasksPerChild(n int) PoolOption {
	return func(c *poolConfig) { c.maxTasks = n }
}

var poolCount atomic.Int64

// NewPool starts a pool of n worker processes; n <= 0 means
// runtime.NumCPU(). It returns once every worker has started and run the
// initializer, if any.
func NewPool(n int, opts ...PoolOption) (*Pool, error) {
	if !mainCalled.Load() {
		return nil, ErrMainNotCalled
	}
	if n <= 0 {
		n = runtime.NumCPU()
	}
	var cfg poolConfig
	for _, opt := range opts {
		opt(&cfg)
	}
	p := &Pool{
		size:     n,
		id:       int(poolCount.Add(1)),
		initName: cfg.initName,
		maxTasks: cfg.maxTasks,
		workers:  map[*worker]struct{}{},
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	if cfg.initArg != nil {
		arg, files, err := cfg.initArg()
		if err != nil {
			return nil, fmt.Errorf("process: encoding the initializer's argument: %w", err)
		}
		// Duplicates of their own, so that the shared objects outlive the
		// caller's handles for as long as the pool may start a worker.
		p.initArg = arg
		for _, f := range files {
			d, err := dupFile(f)
			if err != nil {
				p.closeInitFiles()
				return nil, fmt.Errorf("process: keeping the initializer's shared objects: %w", err)
			}
			p.initFiles = append(p.initFiles, d)
		}
	}
	// Start every worker now, as Python does, so that the first tasks do
	// not wait for start-ups (a schedule would depend on them) and a pool
	// that cannot start workers says so here rather than in every task.
	workers, err := p.startWorkers(n)
	if err != nil {
		p.closeInitFiles()
		return nil, err
	}
	emit(TraceEvent{Event: "pool_start", Pid: os.Getpid(), Pool: p.id, Size: n})
	var slots sync.WaitGroup
	for _, w := range workers {
		slots.Add(1)
		go p.serve(&slots, w)
	}
	go func() {
		slots.Wait()
		p.closeInitFiles()
		close(p.done)
	}()
	return p, nil
}

// closeInitFiles closes the pool's duplicates of the initializer's shared
// files, once no worker can start any more.
func (p *Pool) closeInitFiles() {
	for _, f := range p.initFiles {
		f.Close()
	}
	p.initFiles = nil
}

// Size returns the number of workers.
func (p *Pool) Size() int { return p.size }

// startWorkers starts n workers at once and waits until all are ready; if
// one fails, the others are stopped.
func (p *Pool) startWorkers(n int) ([]*worker, error) {
	workers := make([]*worker, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { workers[i], errs[i] = p.startWorker() })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		for _, w := range workers {
			if w != nil {
				p.retire(w)
			}
		}
		return nil, errs[slices.IndexFunc(errs, func(e error) bool { return e != nil })]
	}
	return workers, nil
}

// serve is one worker slot: it feeds its worker batches from the queue,
// one at a time, until the pool ends. A worker that died, or ran its
// MaxTasksPerChild, is replaced when the next batch comes; a replacement
// that fails to start is tried again later (see startFailed).
func (p *Pool) serve(slots *sync.WaitGroup, w *worker) {
	defer slots.Done()
	defer func() {
		if w != nil {
			p.retire(w)
		}
	}()
	var backoff time.Duration
	wake := make(chan struct{}, 1)
	for {
		b := p.next(wake)
		if b == nil {
			return
		}
		if w != nil && w.dead() {
			p.retire(w) // died while idle: nothing was lost
			w = nil
		}
		if w == nil {
			var err error
			if w, err = p.startWorker(); err != nil {
				if errors.Is(err, ErrPoolNotRunning) {
					p.requeue(b)
					return
				}
				p.startFailed(b, err)
				if !p.pause(&backoff) {
					return
				}
				continue
			}
			backoff = 0
		}
		if !p.run(w, b) {
			p.retire(w)
			w = nil
			continue
		}
		if p.maxTasks > 0 && w.tasks >= p.maxTasks {
			p.retire(w)
			w = nil
		}
	}
}

// startFailed handles a worker that could not be started for b (no
// descriptors left, say): while other workers live, b goes back to the
// head of the queue for them; when none does, nobody can run the queued
// work now, so b and every batch queued fail with err rather than wait. The
// slot tries again with the next batch: the pool recovers once workers can
// start again.
func (p *Pool) startFailed(b *batch, err error) {
	p.mu.Lock()
	if len(p.workers) > 0 {
		p.queue.pushFront(b)
		p.wake(1)
		p.mu.Unlock()
		return
	}
	failed := append([]*batch{b}, p.queue.drain()...)
	p.mu.Unlock()
	for _, b := range failed {
		b.deliver(b, outcome{err: err})
	}
}

// pause waits before a slot tries again to start a worker, longer after
// each failure (10 ms, doubling, up to a second). It reports false if the
// pool was terminated meanwhile.
func (p *Pool) pause(backoff *time.Duration) bool {
	*backoff = min(max(2**backoff, 10*time.Millisecond), time.Second)
	t := time.NewTimer(*backoff)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-p.stop:
		return false
	}
}

// next returns the next batch to run, waiting for one; nil when the pool
// has ended or is closed and its queue is empty. A slot waits on wake, its
// own channel (buffered, of one), which it puts on the pool's idle list.
func (p *Pool) next(wake chan struct{}) *batch {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		for p.queue.len() == 0 && p.state == poolRunning {
			p.idle = append(p.idle, wake)
			p.mu.Unlock()
			<-wake
			p.mu.Lock()
		}
		if p.state == poolTerminated || p.queue.len() == 0 {
			return nil
		}
		b := p.queue.pop()
		if b.call != nil && b.call.canceled.Load() {
			continue // its loop has stopped: hand it to nobody
		}
		return b
	}
}

// requeue puts bs back at the head of the queue, in order, or fails them
// if the pool has been terminated meanwhile.
func (p *Pool) requeue(bs ...*batch) {
	if len(bs) == 0 {
		return
	}
	p.mu.Lock()
	if p.state == poolTerminated {
		p.mu.Unlock()
		for _, b := range bs {
			b.deliver(b, outcome{err: ErrPoolNotRunning})
		}
		return
	}
	p.queue.pushFront(bs...)
	p.wake(len(bs))
	p.mu.Unlock()
}

// wake wakes up to n idle slots, one per batch queued (waking every slot
// for one batch costs the others a context switch for nothing), the last
// to have become idle first: its worker has just run a task, so it wakes
// fastest. A round trip to a worker that slept through the last one took
// half as long again (ApplyAsync then Get, one at a time, on a pool of 2).
// The caller holds p.mu.
func (p *Pool) wake(n int) {
	for ; n > 0 && len(p.idle) > 0; n-- {
		last := len(p.idle) - 1
		p.idle[last] <- struct{}{}
		p.idle[last] = nil
		p.idle = p.idle[:last]
	}
}

var errTerminated = fmt.Errorf("%w: terminated while the task was running", ErrPoolNotRunning)

// currentState returns the pool's state.
func (p *Pool) currentState() poolState {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.state
}

// submit queues batches, or says why it cannot.
func (p *Pool) submit(bs ...*batch) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state != poolRunning {
		return ErrPoolNotRunning
	}
	for _, b := range bs {
		p.queue.push(b)
	}
	p.wake(len(bs))
	return nil
}

// Close stops the pool from taking new work; the work already queued is
// done, then the workers exit. Join waits for that.
func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.state == poolRunning {
		p.state = poolClosed
		p.wake(len(p.idle))
	}
	return nil
}

// Terminate stops the workers now (SIGKILL) and fails every task not yet
// done with ErrPoolNotRunning. It returns when the workers are gone.
// Calling it after Close and Join, or twice, is harmless, so it can be
// deferred.
func (p *Pool) Terminate() error {
	p.mu.Lock()
	if p.state != poolTerminated {
		close(p.stop)
	}
	p.state = poolTerminated
	failed := p.queue.drain()
	live := make([]*worker, 0, len(p.workers))
	for w := range p.workers {
		live = append(live, w)
	}
	p.wake(len(p.idle))
	p.mu.Unlock()
	for _, b := range failed {
		b.deliver(b, outcome{err: ErrPoolNotRunning})
	}
	for _, w := range live {
		w.c.cmd.Process.Kill()
	}
	return p.Join()
}

// Join waits for the workers to exit, after Close or Terminate.
func (p *Pool) Join() error {
	if p.currentState() == poolRunning {
		return errors.New("process: pool still running: call Close or Terminate before Join")
	}
	<-p.done
	p.endOnce.Do(func() {
		emit(TraceEvent{Event: "pool_end", Pid: os.Getpid(), Pool: p.id, Size: p.size})
	})
	return nil
}
