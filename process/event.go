package process

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
)

// An Event's segment holds one word, the futex word its waiters sleep on:
// 0 clear, 1 set.
const (
	eventFlag = iota
	eventWords
)

// Event is a flag across processes that processes wait for: Python's
// multiprocessing.Event. Set sets it and wakes every waiter, Clear clears
// it, Wait waits until it is set. Create it in the parent and pass it to
// children inside their argument, as a Lock.
//
// An Event is a handle: copies of it name the same event.
type Event struct {
	sh *sharedEvent
}

// sharedEvent is what Event handles point to. Its cleanup releases the
// segment once no handle reaches it any more.
type sharedEvent struct {
	seg  *segment
	flag *uint32
	// order is touched by Set and by a Wait that saw the event set, for
	// the race detector, which does not see atomics on shared memory (see
	// mutex).
	order   atomic.Uint32
	trace   syncTrace
	cleanup runtime.Cleanup
}

func newSharedEvent(seg *segment) *sharedEvent {
	e := &sharedEvent{seg: seg, flag: seg.word(eventFlag)}
	e.cleanup = runtime.AddCleanup(e, (*segment).release, seg)
	return e
}

// NewEvent returns an Event that is not set. Close it when done; a
// forgotten Event is released once it is garbage, and a child's when the
// child exits.
func NewEvent() (*Event, error) {
	seg, err := newSegment(headerSize, eventWords)
	if err != nil {
		return nil, err
	}
	return &Event{newSharedEvent(seg)}, nil
}

// Set sets the event and wakes every process and goroutine waiting for it.
func (e Event) Set() {
	e.check("Set")
	defer runtime.KeepAlive(e.sh)
	e.sh.order.Add(1)
	e.sh.trace.traceSync("event_set", e.sh.seg, nil)
	if atomic.SwapUint32(e.sh.flag, 1) == 0 {
		futexWake(e.sh.flag, maxWake)
	}
}

// Clear clears the event: Wait waits again until the next Set.
func (e Event) Clear() {
	e.check("Clear")
	defer runtime.KeepAlive(e.sh)
	atomic.StoreUint32(e.sh.flag, 0)
}

// IsSet reports whether the event is set: Python's is_set.
func (e Event) IsSet() bool {
	e.check("IsSet")
	defer runtime.KeepAlive(e.sh)
	if atomic.LoadUint32(e.sh.flag) == 1 {
		e.sh.order.Load()
		return true
	}
	return false
}

// Wait waits until the event is set and returns nil, at once if it is set
// already, or returns ctx.Err() once ctx ends: Python's wait(timeout), whose
// False is this error. Use context.Background() to wait as long as it
// takes. After Close, also while it waits, it returns ErrClosed.
//
// As with Python's, a Set followed at once by a Clear may be missed by a
// waiter that had no time to run in between.
func (e Event) Wait(ctx context.Context) error {
	if e.sh == nil {
		return fmt.Errorf("process: Event.Wait on an Event not made by NewEvent")
	}
	sh := e.sh
	defer runtime.KeepAlive(sh)
	if atomic.LoadUint32(sh.flag) == 1 {
		sh.order.Load()
		sh.trace.traceSync("event_wait", sh.seg, nil)
		return nil
	}
	if !sh.seg.enter() {
		return ErrClosed
	}
	defer sh.seg.leave()
	stop := wakeOnDone(ctx, sh.flag)
	defer stop()
	for atomic.LoadUint32(sh.flag) == 0 {
		if sh.seg.closed.Load() {
			return ErrClosed
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		futexWait(sh.flag, 0, cancelCheckInterval)
	}
	sh.order.Load()
	sh.trace.traceSync("event_wait", sh.seg, nil)
	return nil
}

// Close releases e's shared memory in this process; other processes keep
// theirs. A Wait in progress returns ErrClosed. A second Close returns
// ErrClosed.
func (e Event) Close() error {
	if e.sh == nil {
		return ErrClosed
	}
	e.sh.cleanup.Stop()
	return e.sh.seg.close()
}

func (e Event) check(method string) {
	if e.sh == nil || e.sh.seg.closed.Load() {
		panicUnusable(e.sh == nil, "Event", method)
	}
}

// shareEncode lets an Event travel inside a Process's argument; anywhere else
// it fails, as Lock's does.
func (ev Event) shareEncode(e *encoder) ([]byte, error) {
	if ev.sh == nil {
		return nil, errNotMadeBy("Event")
	}
	return e.encodeShared(ev.sh.seg, shareRecord{Kind: "Event"})
}

// shareDecode maps, in a child, the Event its parent passed.
func (e *Event) shareDecode(data []byte) error {
	if e.sh != nil {
		return errDecodeInUse("Event")
	}
	seg, _, err := decodeShared(data, shareRecord{Kind: "Event"}, eventWords, 0,
		func(shareRecord) (int, error) { return headerSize, nil })
	if err != nil {
		return err
	}
	e.sh = newSharedEvent(seg)
	return nil
}
