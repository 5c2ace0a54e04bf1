package process

import (
	"context"
	"runtime"
	"sync/atomic"
)

// PutContext is Put that gives up once ctx ends while the queue is full,
// returning ctx.Err() and putting nothing: Python's put(timeout=...), with
// a deadline or a cancellation. Once there is room, the item is put.
func (h Queue[T]) PutContext(ctx context.Context, v T) error {
	return h.put(ctx, "PutContext", v)
}

// GetContext is Get that gives up once ctx ends while the queue is empty,
// returning ctx.Err() and taking nothing: Python's get(timeout=...), whose
// queue.Empty is this error. Once an item is there, it is taken.
func (h Queue[T]) GetContext(ctx context.Context) (T, error) {
	return h.get(ctx, "GetContext")
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
