package process

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sync/atomic"
)

// PutContext is Put that gives up once ctx ends while the queue is full,
// returning ctx.Err() and putting nothing: Python's put(timeout=...), with
// a deadline or a cancellation. Once there is room, the item is put.
func (h Queue[T]) PutContext(ctx context.Context, v T) error {
	q := h.sh
	if q == nil {
		return errNotMade("PutContext")
	}
	defer runtime.KeepAlive(q)
	f := newFrame(msgItem)
	f.b = slices.Grow(f.b, encodedSize(v))
	var err error
	if f.b, err = appendEncoded(nil, f.b, v); err != nil {
		return fmt.Errorf("process: Queue.Put: encoding %v: %w", reflect.TypeFor[T](), err)
	}
	if f.bodySize() > maxMessage {
		return fmt.Errorf("process: Queue.Put: an item of %v", errTooLarge{f.bodySize()})
	}
	if !q.seg.enter() {
		return ErrClosed
	}
	defer q.seg.leave()
	if err := q.free.downContext(ctx); err != nil {
		return err
	}
	if !q.wlock.lock() {
		q.free.up()
		return ErrClosed
	}
	// As in Put: an item larger than the pipe is announced before it is
	// written, so that a Get reads it while it is written.
	early := len(f.b) > q.pipeCap
	if early {
		q.items.up()
	}
	seq := atomic.AddUint32(q.seg.word(queueWriteSeq), 1)
	err = f.send(q.w, seq)
	if !early {
		if err == nil {
			q.items.up()
		} else {
			q.free.up()
		}
	}
	q.wlock.unlock()
	if err != nil {
		if q.seg.closed.Load() {
			return ErrClosed
		}
		return fmt.Errorf("process: Queue.Put: %w", err)
	}
	return nil
}

// GetContext is Get that gives up once ctx ends while the queue is empty,
// returning ctx.Err() and taking nothing: Python's get(timeout=...), whose
// queue.Empty is this error. Once an item is there, it is taken.
func (h Queue[T]) GetContext(ctx context.Context) (T, error) {
	var zero T
	q := h.sh
	if q == nil {
		return zero, errNotMade("GetContext")
	}
	defer runtime.KeepAlive(q)
	if !q.seg.enter() {
		return zero, ErrClosed
	}
	defer q.seg.leave()
	if err := q.items.downContext(ctx); err != nil {
		return zero, err
	}
	if !q.rlock.lock() {
		q.items.up()
		return zero, ErrClosed
	}
	seq := atomic.AddUint32(q.seg.word(queueReadSeq), 1)
	kind, data, err := readFrame(q.r, seq)
	if err == nil && kind != msgItem {
		err = &corruptError{fmt.Sprintf("a message of kind %d in a Queue", kind)}
	}
	q.rlock.unlock()
	if err != nil {
		if q.seg.closed.Load() {
			return zero, ErrClosed
		}
		return zero, fmt.Errorf("process: Queue.Get: %w", err)
	}
	q.free.up()
	v, err := decodeOwned[T](data)
	if err != nil {
		return zero, fmt.Errorf("process: Queue.Get: decoding %v: %w", reflect.TypeFor[T](), err)
	}
	return v, nil
}

// Len returns the number of items in the queue: Python's qsize. Other
// processes may have changed it by the time it is used. After Close it
// returns 0.
func (h Queue[T]) Len() int {
	q := h.sh
	if q == nil || !q.seg.enter() {
		return 0
	}
	defer q.seg.leave()
	defer runtime.KeepAlive(q)
	return int(atomic.LoadUint32(q.items.count))
}

// downContext is down that gives up once ctx ends, returning ctx.Err()
// and taking nothing, or ErrClosed if the segment is closed while it
// waits.
func (s semaphore) downContext(ctx context.Context) error {
	for {
		v := atomic.LoadUint32(s.count)
		if v == 0 {
			break
		}
		if atomic.CompareAndSwapUint32(s.count, v, v-1) {
			return nil
		}
	}
	if !s.seg.enter() {
		return ErrClosed
	}
	defer s.seg.leave()
	atomic.AddUint32(s.waiters, 1)
	defer atomic.AddUint32(s.waiters, ^uint32(0))
	stop := wakeOnDone(ctx, s.count)
	defer stop()
	for {
		if s.seg.closed.Load() {
			return ErrClosed
		}
		v := atomic.LoadUint32(s.count)
		if v > 0 {
			if atomic.CompareAndSwapUint32(s.count, v, v-1) {
				return nil
			}
			continue
		}
		if err := ctx.Err(); err != nil {
			// An up may have woken this waiter rather than another: pass
			// the wake-up on.
			if atomic.LoadUint32(s.count) > 0 {
				futexWake(s.count, 1)
			}
			return err
		}
		futexWait(s.count, 0, cancelCheckInterval)
	}
}
