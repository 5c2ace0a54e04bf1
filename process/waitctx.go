package process

import (
	"context"
	"time"
)

// A context-taking wait sleeps on a futex word like any other wait, and is
// woken when its context ends by wakeOnDone: a function run by
// context.AfterFunc that wakes every sleeper on the word. The waiter then
// sees ctx.Err() and gives up; the others find the word unchanged and sleep
// again. One wake is not enough: the context may end just after the waiter
// checked it and just before it went to sleep, so the wake-up is repeated
// every millisecond until the waiter says it has noticed.

// wakeKickInterval is how often wakeOnDone repeats its wake-up until the
// waiter notices.
const wakeKickInterval = time.Millisecond

// wakeOnDone arranges for the sleepers on word to be woken when ctx ends.
// The caller must call the returned function before it stops using word
// (before it leaves the segment).
func wakeOnDone(ctx context.Context, word *uint32) (stop func()) {
	if ctx.Done() == nil {
		return func() {}
	}
	noticed := make(chan struct{})
	finished := make(chan struct{})
	stopAfter := context.AfterFunc(ctx, func() {
		defer close(finished)
		t := time.NewTicker(wakeKickInterval)
		defer t.Stop()
		for {
			futexWake(word, maxWake)
			select {
			case <-noticed:
				return
			case <-t.C:
			}
		}
	})
	return func() {
		close(noticed)
		if !stopAfter() {
			// The wake-up ran or is running: wait until it no longer
			// touches word, which may be unmapped next.
			<-finished
		}
	}
}
