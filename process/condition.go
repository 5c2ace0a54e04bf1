package process

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
)

// A Condition's segment holds its own words; the Lock it is used with has
// its own segment. Notify hands out wake-up tokens, at most one per waiter
// that waits without one, and bumps seq, the futex word waiters sleep on.
// A waiter takes a token only if seq moved since it began to wait, that is
// only a token given after it began: a Notify wakes one of the waiters
// waiting when it was called, as Python's does, never a later one.
const (
	condMutex   = iota // guards the counts below
	condSeq            // bumped by every Notify that hands out tokens; the futex word
	condWaiters        // goroutines, in any process, in Wait
	condTokens         // wake-ups handed out and not yet taken
	condWords
)

// Condition is a condition variable across processes, over a Lock:
// Python's multiprocessing.Condition, used as sync.Cond. Wait, called with
// L locked, unlocks L, waits for a Notify or NotifyAll, and locks L again
// before it returns; since another process may change the condition in
// between, wait in a loop:
//
//	c.L.Lock()
//	for !condition() {
//		c.Wait()
//	}
//	... use the condition ...
//	c.L.Unlock()
//
// Create it in the parent and pass it to children inside their argument,
// as a Lock: its Lock travels with it.
//
// A process killed while it waits in Wait may leave a Notify given to it
// untaken: the next waiter wakes without a Notify of its own, which the
// loop above absorbs.
type Condition struct {
	// L is held while the condition is checked or changed.
	L *Lock

	sh *sharedCondition
}

// sharedCondition is what Condition handles point to. Its cleanup releases
// the segment once no handle reaches it any more.
type sharedCondition struct {
	seg     *segment
	mu      mutex
	seq     *uint32
	waiters *uint32
	tokens  *uint32
	cleanup runtime.Cleanup
}

func newSharedCondition(seg *segment) *sharedCondition {
	c := &sharedCondition{seg: seg, seq: seg.word(condSeq), waiters: seg.word(condWaiters), tokens: seg.word(condTokens)}
	c.mu.word, c.mu.seg = seg.word(condMutex), seg
	c.cleanup = runtime.AddCleanup(c, (*segment).release, seg)
	return c
}

// NewCondition returns a Condition over l, or over a new Lock if l is nil.
// Close it when done; closing it does not close l.
func NewCondition(l *Lock) (*Condition, error) {
	if l != nil && (l.sh == nil || l.sh.seg.closed.Load()) {
		return nil, fmt.Errorf("process: NewCondition over a closed Lock or one not made by NewLock")
	}
	seg, err := newSegment(headerSize, condWords)
	if err != nil {
		return nil, err
	}
	if l == nil {
		if l, err = NewLock(); err != nil {
			seg.close()
			return nil, err
		}
	}
	return &Condition{L: l, sh: newSharedCondition(seg)}, nil
}

// Wait unlocks c.L, waits for a Notify or NotifyAll, and locks c.L again.
// c.L must be locked. It panics if c is closed, also while it waits.
func (c *Condition) Wait() {
	c.check("Wait")
	if err := c.wait(context.Background()); err != nil {
		panic(fmt.Sprintf("process: Condition.Wait: %v", err))
	}
}

// WaitContext is Wait that gives up once ctx ends: it then locks c.L again
// and returns ctx.Err(). Python's wait(timeout), whose False is this
// error. After Close it returns ErrClosed, with c.L locked.
func (c *Condition) WaitContext(ctx context.Context) error {
	if c.sh == nil || c.sh.seg.closed.Load() {
		if c.sh == nil {
			return fmt.Errorf("process: Condition.WaitContext on a Condition not made by NewCondition")
		}
		return ErrClosed
	}
	return c.wait(ctx)
}

func (c *Condition) wait(ctx context.Context) error {
	sh := c.sh
	defer runtime.KeepAlive(sh)
	if c.L == nil || c.L.sh == nil || c.L.sh.seg.closed.Load() {
		panic("process: Condition.Wait with its Lock closed or not made by NewLock")
	}
	if atomic.LoadUint32(c.L.sh.mu.word) == 0 {
		panic("process: Condition.Wait with its Lock not locked")
	}
	if !sh.mu.lock() {
		return ErrClosed
	}
	atomic.AddUint32(sh.waiters, 1)
	began := atomic.LoadUint32(sh.seq)
	sh.mu.unlock()
	c.L.Unlock()
	err := sh.sleep(ctx, began)
	c.L.Lock()
	return err
}

// sleep waits, in a Wait that began when seq was began, until it takes a
// token or ctx ends or the segment is closed, and unregisters the waiter.
func (sh *sharedCondition) sleep(ctx context.Context, began uint32) error {
	if !sh.seg.enter() {
		return ErrClosed // the waiters count is then of no use to this process
	}
	defer sh.seg.leave()
	stop := wakeOnDone(ctx, sh.seq)
	defer stop()
	seen := began
	for {
		futexWait(sh.seq, seen, cancelCheckInterval)
		if !sh.mu.lock() {
			return ErrClosed
		}
		seen = atomic.LoadUint32(sh.seq)
		if seen != began && atomic.LoadUint32(sh.tokens) > 0 {
			atomic.AddUint32(sh.tokens, ^uint32(0))
			atomic.AddUint32(sh.waiters, ^uint32(0))
			sh.mu.unlock()
			return nil
		}
		err := ctx.Err()
		if err == nil && sh.seg.closed.Load() {
			err = ErrClosed
		}
		if err != nil {
			atomic.AddUint32(sh.waiters, ^uint32(0))
			sh.mu.unlock()
			return err
		}
		sh.mu.unlock()
	}
}

// Notify wakes one process or goroutine waiting in Wait, if any. c.L need
// not be locked, though it usually is.
func (c *Condition) Notify() { c.notify("Notify", false) }

// NotifyAll wakes every process and goroutine waiting in Wait: Python's
// notify_all.
func (c *Condition) NotifyAll() { c.notify("NotifyAll", true) }

func (c *Condition) notify(method string, all bool) {
	c.check(method)
	sh := c.sh
	defer runtime.KeepAlive(sh)
	if !sh.mu.lock() {
		return
	}
	waiters, tokens := atomic.LoadUint32(sh.waiters), atomic.LoadUint32(sh.tokens)
	if waiters <= tokens {
		sh.mu.unlock()
		return
	}
	n := 1
	if all {
		n = int(waiters - tokens)
	}
	atomic.AddUint32(sh.tokens, uint32(n))
	atomic.AddUint32(sh.seq, 1)
	sh.mu.unlock()
	futexWake(sh.seq, n)
}

// Close releases c's shared memory in this process; its Lock stays open. A
// Wait in progress panics, a WaitContext returns ErrClosed. A second Close
// returns ErrClosed.
func (c *Condition) Close() error {
	if c.sh == nil {
		return ErrClosed
	}
	c.sh.cleanup.Stop()
	return c.sh.seg.close()
}

func (c *Condition) check(method string) {
	if c.sh == nil || c.sh.seg.closed.Load() {
		panicUnusable(c.sh == nil, "Condition", method)
	}
}

// conditionWire is a Condition as it travels: its own record and its
// Lock's.
type conditionWire struct {
	Cond, Lock []byte
}

// shareEncode lets a Condition, with its Lock, travel inside a Process's
// argument; anywhere else it fails, as Lock's does.
func (c Condition) shareEncode(e *encoder) ([]byte, error) {
	if c.sh == nil || c.L == nil {
		return nil, errNotMadeBy("Condition")
	}
	var w conditionWire
	var err error
	if w.Cond, err = e.encodeShared(c.sh.seg, shareRecord{Kind: "Condition"}); err != nil {
		return nil, err
	}
	if w.Lock, err = c.L.shareEncode(e); err != nil {
		return nil, err
	}
	return encode(w)
}

// shareDecode maps, in a child, the Condition and Lock its parent passed.
func (c *Condition) shareDecode(data []byte) error {
	if c.sh != nil {
		return errDecodeInUse("Condition")
	}
	var w conditionWire
	if err := decodeInto(data, &w); err != nil {
		return fmt.Errorf("process: decoding a shared Condition: %w", err)
	}
	l := new(Lock)
	if err := l.shareDecode(w.Lock); err != nil {
		return err
	}
	seg, _, err := decodeShared(w.Cond, shareRecord{Kind: "Condition"}, condWords, 0,
		func(shareRecord) (int, error) { return headerSize, nil })
	if err != nil {
		l.Close()
		return err
	}
	c.L, c.sh = l, newSharedCondition(seg)
	return nil
}
