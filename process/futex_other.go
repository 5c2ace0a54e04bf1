//go:build !linux

package process

import (
	"runtime"
	"sync/atomic"
	"time"
)

// Outside Linux there is no futex to sleep on a word of shared memory, so
// futexWait polls the word politely: it yields the processor a few times,
// then sleeps for growing intervals, up to a millisecond. Locks and queues
// work the same, with more latency under contention.

// maxWake asks futexWake to wake every waiter.
const maxWake = 1<<31 - 1

// yieldPolls is how many polls yield before futexWait starts sleeping.
const yieldPolls = 20

// futexWait returns once the word at addr no longer holds val, or once
// timeout has passed.
func futexWait(addr *uint32, val uint32, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for i := 0; atomic.LoadUint32(addr) == val; i++ {
		if i < yieldPolls {
			runtime.Gosched()
			continue
		}
		left := time.Until(deadline)
		if left <= 0 {
			return
		}
		nap := min(time.Duration(i-yieldPolls+1)*20*time.Microsecond, time.Millisecond, left)
		time.Sleep(nap)
	}
}

// futexWake does nothing: pollers notice the word's change by themselves.
func futexWake(addr *uint32, n int) {}
