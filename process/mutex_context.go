package process

import (
	"context"
	"sync/atomic"
	"time"
)

// lockContext is mutex.lock that gives up when ctx ends, returning
// ctx.Err() without the lock, or ErrClosed if the segment is closed while
// it waits. It takes over the lock of a dead owner as lock does.
func (m *mutex) lockContext(ctx context.Context) error {
	if atomic.CompareAndSwapUint32(m.word, 0, selfPid) {
		m.acquired()
		return nil
	}
	if !m.seg.enter() {
		return ErrClosed
	}
	defer m.seg.leave()
	stop := wakeOnDone(ctx, m.word)
	defer stop()
	lastCheck := time.Now()
	for {
		if m.seg.closed.Load() {
			return ErrClosed
		}
		if err := ctx.Err(); err != nil {
			// An unlock may have woken this waiter rather than another:
			// pass the wake-up on, so that nobody sleeps on a free lock.
			if v := atomic.LoadUint32(m.word); v == 0 || v&waitersBit != 0 {
				futexWake(m.word, 1)
			}
			return err
		}
		v := atomic.LoadUint32(m.word)
		if v == 0 {
			if atomic.CompareAndSwapUint32(m.word, 0, selfPid|waitersBit) {
				m.acquired()
				return nil
			}
			continue
		}
		if v&waitersBit == 0 {
			if !atomic.CompareAndSwapUint32(m.word, v, v|waitersBit) {
				continue
			}
			v |= waitersBit
		}
		futexWait(m.word, v, cancelCheckInterval)
		if time.Since(lastCheck) >= ownerCheckInterval {
			lastCheck = time.Now()
			if owner := v & ownerMask; owner != selfPid && !processAlive(int(owner)) {
				if atomic.CompareAndSwapUint32(m.word, v, selfPid|waitersBit) {
					m.acquired()
					return nil
				}
			}
		}
	}
}

// acquired does what lock does once it holds the mutex: the race
// detector's ordering, and the count of locks held that the trace reads.
func (m *mutex) acquired() {
	if raceEnabled {
		m.order.Load()
	}
	traceLocks(+1)
}
