package process

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"
)

// A Semaphore's segment holds, after its header words, a table of holders:
// (pid, slots held) pairs, so that the slots of a process that dies holding
// them are given back. An Acquire takes a slot from the count, then records
// a hold in its process's entry; a Release drops a hold, then gives the
// slot back; all by atomic operations, so that the fast path is as cheap
// as a Lock's. As long as releases match acquisitions, count + tracked
// holds == the slots the Semaphore was made with, except for a moment in
// the middle of an Acquire or Release (a process killed there loses or
// gains one slot).
//
// A Semaphore made with n slots tracks at most n holds: a Release without
// a matching Acquire (a Semaphore used to signal, as NewSemaphore(0) with
// Release in one process and Acquire in another) adds a slot nobody holds,
// and the Acquire that takes such a slot holds nothing that could be given
// back. This is what keeps the signalling use of a semaphore right: a
// consumer that took a signal and died does not give it back.
//
// The count and the number of holds tracked share one 64-bit word, so
// that one compare-and-swap changes both: its low half, the count, is the
// futex word Acquire sleeps on.
const (
	semState   = iota // the 64-bit state: count (low half), holds tracked (high half)
	_                 // the state's second word
	semWaiters        // goroutines, in any process, that may sleep on the count
	semSlots          // n, the slots it was made with: the most holds tracked
	semBounded        // 1: a Release past n slots panics (BoundedSemaphore)
	semWords
)

// trackedOne is one hold tracked, in the state word.
const trackedOne uint64 = 1 << 32

// countHalf is the offset of the state word's low half (the count) within
// it: 0 on a little-endian machine, 4 on a big-endian one.
var countHalf = func() int {
	x := uint64(1)
	if *(*byte)(unsafe.Pointer(&x)) == 1 {
		return 0
	}
	return 4
}()

// semHolders is the size of the table of holders: a Semaphore held by more
// processes at once than that tracks the holds of the first semHolders.
const semHolders = 128

// semSize is the size of a Semaphore's segment.
const semSize = headerSize + 8*semHolders

// Semaphore is a counting semaphore across processes: Python's
// multiprocessing.Semaphore. Acquire takes one of its slots, waiting while
// there is none; Release gives one back. Create it in the parent and pass
// it to children inside their argument, as a Lock.
//
// Unlike CPython's, a slot held by a process that dies (killed, or ended
// without Release) is given back: a waiter notices within about 100 ms
// that the holder is gone.
//
// A Semaphore is a handle: copies of it name the same semaphore.
type Semaphore struct {
	sh *sharedSemaphore
}

// sharedSemaphore is what Semaphore handles point to. Its cleanup releases
// the segment once no handle reaches it any more.
type sharedSemaphore struct {
	seg     *segment
	state   *uint64 // count | tracked<<32
	count   *uint32 // the state's low half
	waiters *uint32
	slots   *uint32
	bounded *uint32
	// order is touched by every Release and Acquire, for the race
	// detector, which does not see atomics on shared memory (see mutex).
	order     atomic.Uint32
	lastCheck atomic.Int64 // when this process last looked for dead holders (unix nanoseconds)
	mine      atomic.Int32 // the index of this process's entry in the table, or -1
	trace     syncTrace
	cleanup   runtime.Cleanup
}

func newSharedSemaphore(seg *segment) *sharedSemaphore {
	s := &sharedSemaphore{seg: seg,
		state: (*uint64)(unsafe.Pointer(&seg.mem[4*semState])), count: wordAt(seg.mem, 4*semState+countHalf),
		waiters: seg.word(semWaiters), slots: seg.word(semSlots), bounded: seg.word(semBounded)}
	s.mine.Store(-1)
	s.cleanup = runtime.AddCleanup(s, (*segment).release, seg)
	return s
}

// NewSemaphore returns a Semaphore with n free slots (n >= 0). Close it
// when done; a forgotten Semaphore is released once it is garbage, and a
// child's when the child exits.
func NewSemaphore(n int) (*Semaphore, error) { return newSemaphore("NewSemaphore", n, false) }

// NewBoundedSemaphore returns a Semaphore with n free slots on which a
// Release that would make more than n free panics: Python's
// multiprocessing.BoundedSemaphore, which raises ValueError then.
func NewBoundedSemaphore(n int) (*Semaphore, error) {
	return newSemaphore("NewBoundedSemaphore", n, true)
}

func newSemaphore(fn string, n int, bounded bool) (*Semaphore, error) {
	if n < 0 || n > math.MaxInt32 {
		return nil, fmt.Errorf("process: %s(%d): the number of slots must be between 0 and %d", fn, n, math.MaxInt32)
	}
	seg, err := newSegment(semSize, semWords)
	if err != nil {
		return nil, err
	}
	atomic.StoreUint64((*uint64)(unsafe.Pointer(&seg.mem[4*semState])), uint64(n))
	atomic.StoreUint32(seg.word(semSlots), uint32(n))
	if bounded {
		atomic.StoreUint32(seg.word(semBounded), 1)
	}
	return &Semaphore{newSharedSemaphore(seg)}, nil
}

// Acquire takes a slot, waiting as long as none is free. It panics if s is
// closed, also when Close is called while it waits.
func (s Semaphore) Acquire() {
	s.check("Acquire")
	if err := s.sh.acquire(context.Background()); err != nil {
		panic(fmt.Sprintf("process: Semaphore.Acquire: %v", err))
	}
	s.sh.trace.traceSync("sem_acquire", s.sh.seg, nil)
	runtime.KeepAlive(s.sh)
}

// AcquireContext takes a slot, waiting while none is free, or returns
// ctx.Err() once ctx ends, having taken nothing: Python's
// acquire(timeout=...) with a deadline or a cancellation. After Close it
// returns ErrClosed.
func (s Semaphore) AcquireContext(ctx context.Context) error {
	if s.sh == nil || s.sh.seg.closed.Load() {
		return s.unusable("AcquireContext")
	}
	defer runtime.KeepAlive(s.sh)
	if err := s.sh.acquire(ctx); err != nil {
		return err
	}
	s.sh.trace.traceSync("sem_acquire", s.sh.seg, nil)
	return nil
}

// TryAcquire takes a slot if one is free and reports whether it did,
// without waiting: Python's acquire(False).
func (s Semaphore) TryAcquire() bool {
	s.check("TryAcquire")
	defer runtime.KeepAlive(s.sh)
	sh := s.sh
	if atomic.LoadUint32(sh.count) == 0 {
		sh.reclaimEvery(ownerCheckInterval)
	}
	if !sh.tryTake() {
		return false
	}
	sh.trace.traceSync("sem_acquire", sh.seg, nil)
	return true
}

// Release gives a slot back, waking one waiter if any. Any process may
// release a slot another acquired, as with Python's. On a Semaphore made by
// NewBoundedSemaphore, a Release that would make more slots free than it
// was made with panics.
func (s Semaphore) Release() {
	s.check("Release")
	defer runtime.KeepAlive(s.sh)
	if err := s.sh.release(); err != nil {
		panic(err.Error())
	}
	s.sh.trace.traceSync("sem_release", s.sh.seg, nil)
}

// Value returns the number of free slots: Python's get_value. It may have
// changed by the time it is used.
func (s Semaphore) Value() int {
	s.check("Value")
	defer runtime.KeepAlive(s.sh)
	return int(atomic.LoadUint32(s.sh.count))
}

// Close releases s's shared memory in this process; other processes keep
// theirs. A goroutine waiting in Acquire panics, one in AcquireContext
// returns ErrClosed. A second Close returns ErrClosed.
func (s Semaphore) Close() error {
	if s.sh == nil {
		return ErrClosed
	}
	s.sh.cleanup.Stop()
	return s.sh.seg.close()
}

func (s Semaphore) check(method string) {
	if s.sh == nil || s.sh.seg.closed.Load() {
		panicUnusable(s.sh == nil, "Semaphore", method)
	}
}

func (s Semaphore) unusable(method string) error {
	if s.sh == nil {
		return fmt.Errorf("process: Semaphore.%s on a Semaphore not made by NewSemaphore", method)
	}
	return ErrClosed
}

// shareEncode lets a Semaphore travel inside a Process's argument; anywhere
// else it fails, as Lock's does.
func (s Semaphore) shareEncode(e *encoder) ([]byte, error) {
	if s.sh == nil {
		return nil, errNotMadeBy("Semaphore")
	}
	return e.encodeShared(s.sh.seg, shareRecord{Kind: "Semaphore"})
}

// shareDecode maps, in a child, the Semaphore its parent passed.
func (s *Semaphore) shareDecode(data []byte) error {
	if s.sh != nil {
		return errDecodeInUse("Semaphore")
	}
	seg, _, err := decodeShared(data, shareRecord{Kind: "Semaphore"}, semWords, 0,
		func(shareRecord) (int, error) { return semSize, nil })
	if err != nil {
		return err
	}
	s.sh = newSharedSemaphore(seg)
	return nil
}

// holder returns the pid and holds words of the table's i-th entry.
func (s *sharedSemaphore) holder(i int) (pid, holds *uint32) {
	return wordAt(s.seg.mem, headerSize+8*i), wordAt(s.seg.mem, headerSize+8*i+4)
}

// tryTake takes a free slot if there is one, recording this process as its
// holder while fewer holds than slots are tracked. It takes no lock: the
// state (count and holds tracked) and each entry's holds change by
// compare-and-swap, and an entry's pid changes only from 0 to a live
// process (ownEntry) and from a dead one to 0 (reclaim).
func (s *sharedSemaphore) tryTake() bool {
	slots := atomic.LoadUint32(s.slots)
	for {
		w := atomic.LoadUint64(s.state)
		if uint32(w) == 0 {
			return false
		}
		track := uint32(w>>32) < slots
		nw := w - 1
		if track {
			nw += trackedOne
		}
		if !atomic.CompareAndSwapUint64(s.state, w, nw) {
			continue
		}
		if raceEnabled {
			s.order.Load()
		}
		if track {
			if i := s.ownEntry(); i >= 0 {
				_, holds := s.holder(i)
				atomic.AddUint32(holds, 1)
			} else {
				atomic.AddUint64(s.state, ^uint64(trackedOne-1)) // the table is full: untracked
			}
		}
		return true
	}
}

// ownEntry returns the index of this process's entry in the table, making
// one in a free entry if it has none (freeing the entries of dead
// processes if there is none), or -1 if the table is full. An entry
// stays its process's while the process lives, so that the index, cached
// in s.mine, finds it again at once.
func (s *sharedSemaphore) ownEntry() int {
	if i := int(s.mine.Load()); i >= 0 {
		if pid, _ := s.holder(i); atomic.LoadUint32(pid) == selfPid {
			return i
		}
	}
	for i := range semHolders {
		if pid, _ := s.holder(i); atomic.LoadUint32(pid) == selfPid {
			s.mine.Store(int32(i))
			return i
		}
	}
	for try := range 2 {
		for i := range semHolders {
			if pid, _ := s.holder(i); atomic.CompareAndSwapUint32(pid, 0, selfPid) {
				s.mine.Store(int32(i))
				return i
			}
		}
		if try == 0 {
			s.reclaim() // the entries of dead processes become free
		}
	}
	return -1
}

// release gives a slot back: it drops a hold of this process if it has
// one, else any other's (a release on a holder's behalf), else none.
func (s *sharedSemaphore) release() error {
	slots := atomic.LoadUint32(s.slots)
	w := atomic.LoadUint64(s.state)
	if atomic.LoadUint32(s.bounded) == 1 && uint32(w) >= slots {
		return fmt.Errorf("process: Semaphore.Release: released more times than acquired (a bounded semaphore of %d slots)", slots)
	}
	delta := uint64(1)
	if uint32(w>>32) > 0 && s.dropHold() {
		delta -= trackedOne
	}
	if raceEnabled {
		s.order.Add(1)
	}
	if uint32(atomic.AddUint64(s.state, delta)) == 0 {
		atomic.AddUint64(s.state, -delta)
		return fmt.Errorf("process: Semaphore.Release: %d slots free, the most a Semaphore counts", uint32(math.MaxUint32))
	}
	if atomic.LoadUint32(s.waiters) > 0 {
		futexWake(s.count, 1)
	}
	return nil
}

// dropHold removes one hold from the table, this process's if it has one,
// else any other's, and reports whether it found one. The hold goes first,
// then the slot comes back: a reclaim in between finds nothing of this one
// to give back twice.
func (s *sharedSemaphore) dropHold() bool {
	if i := int(s.mine.Load()); i >= 0 && s.dropHoldAt(i, true) {
		return true
	}
	for i := range semHolders {
		if s.dropHoldAt(i, false) {
			return true
		}
	}
	return false
}

// dropHoldAt removes one hold from entry i if it has one (and, with own,
// if it is this process's), and reports whether it did.
func (s *sharedSemaphore) dropHoldAt(i int, own bool) bool {
	pid, holds := s.holder(i)
	if own && atomic.LoadUint32(pid) != selfPid {
		return false
	}
	for {
		h := atomic.LoadUint32(holds)
		if h == 0 {
			return false
		}
		if atomic.CompareAndSwapUint32(holds, h, h-1) {
			return true
		}
	}
}

// reclaimEvery gives back the slots of holders that have died, unless this
// process looked less than interval ago.
func (s *sharedSemaphore) reclaimEvery(interval time.Duration) {
	now := time.Now().UnixNano()
	last := s.lastCheck.Load()
	if now-last < int64(interval) || !s.lastCheck.CompareAndSwap(last, now) {
		return
	}
	s.reclaim()
}

// reclaim gives back the slots of holders that have died, and frees their
// entries. A dead process changes nothing any more, and the swap of its
// holds to zero lets one reclaimer alone give them back.
func (s *sharedSemaphore) reclaim() {
	var given uint32
	for i := range semHolders {
		pid, holds := s.holder(i)
		p := atomic.LoadUint32(pid)
		if p == 0 || p == selfPid || processAlive(int(p)) {
			continue
		}
		h := atomic.SwapUint32(holds, 0)
		atomic.CompareAndSwapUint32(pid, p, 0)
		if h > 0 {
			atomic.AddUint64(s.state, uint64(h)-uint64(h)*trackedOne)
			given += h
		}
	}
	if given > 0 {
		futexWake(s.count, int(given))
	}
}

// acquire takes a slot, waiting while none is free, until ctx ends.
func (s *sharedSemaphore) acquire(ctx context.Context) error {
	if s.tryTake() {
		return nil
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
		if s.tryTake() {
			return nil
		}
		if s.seg.closed.Load() {
			return ErrClosed
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		futexWait(s.count, 0, cancelCheckInterval)
		s.reclaimEvery(ownerCheckInterval)
	}
}
