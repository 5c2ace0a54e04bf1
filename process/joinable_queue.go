package process

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"sync/atomic"
)

// A JoinableQueue is a Queue and a segment of its own whose one word counts
// the unfinished tasks: items put and not yet marked done. It is the futex
// word Join sleeps on, woken when it drops to zero.
const (
	tasksUnfinished = iota
	tasksWords
)

// JoinableQueue is a Queue whose consumers mark each item done, so that a
// producer can wait until every item put has been processed: Python's
// multiprocessing.JoinableQueue. It has Queue's methods; Put counts an
// unfinished task, TaskDone marks one finished, and Join waits until none
// is left. Pass it to children inside their argument, as a Queue.
//
// As with Python's, a consumer that dies between Get and TaskDone leaves
// its task unfinished for ever; give Join a deadline with JoinContext where
// that matters.
type JoinableQueue[T any] struct {
	Queue[T]
	tasks *sharedTasks
}

type sharedTasks struct {
	seg        *segment
	unfinished *uint32
	// order is touched by TaskDone and by a Join that returns, for the
	// race detector (see mutex).
	order   atomic.Uint32
	cleanup runtime.Cleanup
}

func newSharedTasks(seg *segment) *sharedTasks {
	t := &sharedTasks{seg: seg, unfinished: seg.word(tasksUnfinished)}
	t.cleanup = runtime.AddCleanup(t, (*segment).release, seg)
	return t
}

// NewJoinableQueue returns an empty JoinableQueue that holds at most size
// items (size >= 1, as NewQueue).
func NewJoinableQueue[T any](size int) (*JoinableQueue[T], error) {
	q, err := NewQueue[T](size)
	if err != nil {
		return nil, err
	}
	seg, err := newSegment(headerSize, tasksWords)
	if err != nil {
		q.Close()
		return nil, err
	}
	return &JoinableQueue[T]{Queue: *q, tasks: newSharedTasks(seg)}, nil
}

// Put adds v at the end of the queue, as Queue.Put, and counts one more
// unfinished task.
func (q JoinableQueue[T]) Put(v T) error { return q.PutContext(context.Background(), v) }

// PutContext is Queue.PutContext that counts one more unfinished task once
// the item is put.
func (q JoinableQueue[T]) PutContext(ctx context.Context, v T) error {
	t := q.tasks
	if t == nil {
		return fmt.Errorf("process: JoinableQueue.Put on a JoinableQueue not made by NewJoinableQueue")
	}
	defer runtime.KeepAlive(t)
	if !t.seg.enter() {
		return ErrClosed
	}
	defer t.seg.leave()
	// Count the task before the item is there, so that its TaskDone can
	// never come first.
	atomic.AddUint32(t.unfinished, 1)
	if err := q.Queue.PutContext(ctx, v); err != nil {
		t.done()
		return err
	}
	return nil
}

// TaskDone marks one task finished: a consumer calls it once for each item
// it got, when it has processed it. It returns an error, and changes
// nothing, when called more times than items were put (Python's
// ValueError).
func (q JoinableQueue[T]) TaskDone() error {
	t := q.tasks
	if t == nil {
		return fmt.Errorf("process: JoinableQueue.TaskDone on a JoinableQueue not made by NewJoinableQueue")
	}
	defer runtime.KeepAlive(t)
	if !t.seg.enter() {
		return ErrClosed
	}
	defer t.seg.leave()
	for {
		n := atomic.LoadUint32(t.unfinished)
		if n == 0 {
			return fmt.Errorf("process: JoinableQueue.TaskDone called more times than items were put")
		}
		t.order.Add(1)
		if atomic.CompareAndSwapUint32(t.unfinished, n, n-1) {
			if n == 1 {
				futexWake(t.unfinished, maxWake)
			}
			return nil
		}
	}
}

// done undoes the count of a Put that failed.
func (t *sharedTasks) done() {
	if atomic.AddUint32(t.unfinished, ^uint32(0)) == 0 {
		futexWake(t.unfinished, maxWake)
	}
}

// Join waits until every item put has been marked done by TaskDone. It
// panics if the queue is closed, also while it waits.
func (q JoinableQueue[T]) Join() {
	if q.tasks == nil || q.tasks.seg.closed.Load() {
		panicUnusable(q.tasks == nil, "JoinableQueue", "Join")
	}
	if err := q.JoinContext(context.Background()); err != nil {
		panic(fmt.Sprintf("process: JoinableQueue.Join: %v", err))
	}
}

// JoinContext is Join that gives up once ctx ends, returning ctx.Err().
// After Close it returns ErrClosed.
func (q JoinableQueue[T]) JoinContext(ctx context.Context) error {
	t := q.tasks
	if t == nil {
		return fmt.Errorf("process: JoinableQueue.JoinContext on a JoinableQueue not made by NewJoinableQueue")
	}
	defer runtime.KeepAlive(t)
	if !t.seg.enter() {
		return ErrClosed
	}
	defer t.seg.leave()
	stop := wakeOnDone(ctx, t.unfinished)
	defer stop()
	for {
		n := atomic.LoadUint32(t.unfinished)
		if n == 0 {
			t.order.Load()
			return nil
		}
		if t.seg.closed.Load() {
			return ErrClosed
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		futexWait(t.unfinished, n, cancelCheckInterval)
	}
}

// Close releases the queue in this process, as Queue.Close. A Join in
// progress panics, a JoinContext returns ErrClosed.
func (q JoinableQueue[T]) Close() error {
	if q.tasks == nil {
		return ErrClosed
	}
	q.tasks.cleanup.Stop()
	err := q.tasks.seg.close()
	if qerr := q.Queue.Close(); err == nil {
		err = qerr
	}
	return err
}

// joinableWire is a JoinableQueue as it travels: its Queue's record and
// its task counter's.
type joinableWire struct {
	Queue, Tasks []byte
}

// shareEncode lets a JoinableQueue travel inside a Process's argument;
// anywhere else it fails, as Queue's does.
func (q JoinableQueue[T]) shareEncode(e *encoder) ([]byte, error) {
	if q.tasks == nil {
		return nil, errNotMadeBy("JoinableQueue")
	}
	var w joinableWire
	var err error
	if w.Queue, err = q.Queue.shareEncode(e); err != nil {
		return nil, err
	}
	if w.Tasks, err = e.encodeShared(q.tasks.seg, shareRecord{Kind: "JoinableQueue", Elem: reflect.TypeFor[T]().String()}); err != nil {
		return nil, err
	}
	return encode(w)
}

// shareDecode opens, in a child, the JoinableQueue its parent passed.
func (q *JoinableQueue[T]) shareDecode(data []byte) error {
	if q.tasks != nil {
		return errDecodeInUse("JoinableQueue")
	}
	var w joinableWire
	if err := decodeInto(data, &w); err != nil {
		return fmt.Errorf("process: decoding a shared JoinableQueue: %w", err)
	}
	var inner Queue[T]
	if err := inner.shareDecode(w.Queue); err != nil {
		return err
	}
	want := shareRecord{Kind: "JoinableQueue", Elem: reflect.TypeFor[T]().String()}
	seg, _, err := decodeShared(w.Tasks, want, tasksWords, 0, func(shareRecord) (int, error) { return headerSize, nil })
	if err != nil {
		inner.Close()
		return err
	}
	q.Queue, q.tasks = inner, newSharedTasks(seg)
	return nil
}
