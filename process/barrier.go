package process

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
)

// ErrBrokenBarrier is returned by Barrier.Wait when the barrier is broken:
// a waiting party died, Abort was called, or Reset was called while
// parties waited. Python's threading.BrokenBarrierError.
var ErrBrokenBarrier = errors.New("process: broken barrier")

// A Barrier's segment holds its words, then one word per party: the pid of
// the party waiting in that place, 0 for a free place. A party's place is
// its arrival index. The generation is the futex word waiters sleep on:
// the last arrival bumps it and wakes them all.
const (
	barrierMutex   = iota // guards everything below
	barrierGen            // the generation: bumped when a round completes or is reset
	barrierCount          // parties waiting in this generation
	barrierBroken         // 0, or why the barrier is broken (see barrierBroken…)
	barrierDeadPid        // the party whose death broke it
	barrierResetOf        // g+1 when generation g was ended by Reset
	barrierWords
)

// Why a barrier is broken.
const (
	brokenByDeath = 1 + iota
	brokenByAbort
)

// Barrier makes a fixed number of parties, in any processes, wait for each
// other: Python's multiprocessing.Barrier. Each calls Wait; once n have,
// all return, and the barrier is ready for the next round. Create it in
// the parent and pass it to children inside their argument, as a Lock.
//
// Unlike CPython's, a barrier whose waiting party dies (killed, or exited)
// does not hang the others: within about 100 ms they return
// ErrBrokenBarrier, naming the party. A party that dies before it reaches
// Wait cannot be told from a slow one; give Wait a deadline with
// WaitContext where that matters.
//
// A Barrier is a handle: copies of it name the same barrier.
type Barrier struct {
	sh *sharedBarrier
}

type sharedBarrier struct {
	seg     *segment
	mu      mutex
	parties int
	gen     *uint32
	trace   syncTrace
	cleanup runtime.Cleanup
}

func newSharedBarrier(seg *segment, parties int) *sharedBarrier {
	b := &sharedBarrier{seg: seg, parties: parties, gen: seg.word(barrierGen)}
	b.mu.word, b.mu.seg = seg.word(barrierMutex), seg
	b.cleanup = runtime.AddCleanup(b, (*segment).release, seg)
	return b
}

// barrierSize is the size of the segment of a barrier of n parties.
func barrierSize(n int) int { return headerSize + 4*n }

// maxParties is the most parties a Barrier has.
const maxParties = 1 << 24

// NewBarrier returns a Barrier for n parties (n >= 1). Python's action and
// timeout arguments are not needed: the party whose Wait returns index 0
// can act for all, and WaitContext takes a deadline.
func NewBarrier(n int) (*Barrier, error) {
	if n < 1 || n > maxParties {
		return nil, fmt.Errorf("process: NewBarrier(%d): the number of parties must be between 1 and %d", n, maxParties)
	}
	seg, err := newSegment(barrierSize(n), barrierWords)
	if err != nil {
		return nil, err
	}
	return &Barrier{newSharedBarrier(seg, n)}, nil
}

// Wait waits until all the barrier's parties have called Wait, and returns
// this party's arrival index, 0 for the first and n-1 for the last, as
// Python's. If the barrier is or becomes broken, it returns -1 and an error
// wrapping ErrBrokenBarrier. After Close it returns ErrClosed.
func (b Barrier) Wait() (int, error) { return b.WaitContext(context.Background()) }

// WaitContext is Wait that gives up once ctx ends: this party then leaves
// the barrier, which stays whole for the others (its place goes to the next
// party to arrive), and it returns -1 and ctx.Err(). Python's
// wait(timeout) breaks the barrier instead; call Abort for that.
func (b Barrier) WaitContext(ctx context.Context) (int, error) {
	if err := b.usable("Wait"); err != nil {
		return -1, err
	}
	sh := b.sh
	defer runtime.KeepAlive(sh)
	if !sh.seg.enter() {
		return -1, ErrClosed
	}
	defer sh.seg.leave()
	if !sh.mu.lock() {
		return -1, ErrClosed
	}
	if err := sh.brokenErr(); err != nil {
		sh.mu.unlock()
		return -1, err
	}
	idx := -1
	for i := range sh.parties {
		if atomic.LoadUint32(sh.place(i)) == 0 {
			idx = i
			break
		}
	}
	if idx < 0 {
		sh.mu.unlock()
		return -1, fmt.Errorf("process: Barrier.Wait: all %d places taken: the barrier's words are corrupted", sh.parties)
	}
	count := sh.word(barrierCount)
	n := atomic.AddUint32(count, 1)
	gen := atomic.LoadUint32(sh.gen)
	if int(n) == sh.parties {
		sh.nextGeneration()
		sh.mu.unlock()
		futexWake(sh.gen, maxWake)
		sh.trace.traceSync("barrier_pass", sh.seg, intp(idx))
		return idx, nil
	}
	atomic.StoreUint32(sh.place(idx), selfPid)
	sh.mu.unlock()

	stop := wakeOnDone(ctx, sh.gen)
	defer stop()
	for {
		futexWait(sh.gen, gen, cancelCheckInterval)
		if !sh.mu.lock() {
			return -1, ErrClosed
		}
		if atomic.LoadUint32(sh.gen) != gen {
			reset := atomic.LoadUint32(sh.word(barrierResetOf)) == gen+1
			sh.mu.unlock()
			if reset {
				return -1, fmt.Errorf("%w: Reset while waiting", ErrBrokenBarrier)
			}
			sh.trace.traceSync("barrier_pass", sh.seg, intp(idx))
			return idx, nil
		}
		if err := sh.brokenErr(); err != nil {
			sh.mu.unlock()
			return -1, err
		}
		if dead := sh.deadParty(); dead != 0 {
			atomic.StoreUint32(sh.word(barrierDeadPid), dead)
			atomic.StoreUint32(sh.word(barrierBroken), brokenByDeath)
			sh.mu.unlock()
			futexWake(sh.gen, maxWake)
			return -1, sh.brokenErrOf(brokenByDeath, dead)
		}
		err := ctx.Err()
		if err == nil && sh.seg.closed.Load() {
			err = ErrClosed
		}
		if err != nil {
			// Leave: free the place, so that the round completes with
			// another party instead.
			atomic.StoreUint32(sh.place(idx), 0)
			atomic.AddUint32(count, ^uint32(0))
			sh.mu.unlock()
			return -1, err
		}
		sh.mu.unlock()
	}
}

// Abort breaks the barrier: every party waiting, and every later Wait,
// returns ErrBrokenBarrier until Reset.
func (b Barrier) Abort() {
	b.must("Abort")
	sh := b.sh
	defer runtime.KeepAlive(sh)
	if !sh.mu.lock() {
		return
	}
	atomic.StoreUint32(sh.word(barrierBroken), brokenByAbort)
	sh.mu.unlock()
	futexWake(sh.gen, maxWake)
}

// Reset returns the barrier to its first state, whole and with nobody
// waiting: parties waiting return ErrBrokenBarrier.
func (b Barrier) Reset() {
	b.must("Reset")
	sh := b.sh
	defer runtime.KeepAlive(sh)
	if !sh.mu.lock() {
		return
	}
	waiting := atomic.LoadUint32(sh.word(barrierCount)) > 0
	if waiting {
		atomic.StoreUint32(sh.word(barrierResetOf), atomic.LoadUint32(sh.gen)+1)
	}
	sh.nextGeneration()
	atomic.StoreUint32(sh.word(barrierBroken), 0)
	atomic.StoreUint32(sh.word(barrierDeadPid), 0)
	sh.mu.unlock()
	futexWake(sh.gen, maxWake)
}

// Parties returns the number of parties the barrier waits for.
func (b Barrier) Parties() int {
	b.must("Parties")
	return b.sh.parties
}

// Waiting returns how many parties wait in the barrier now: Python's
// n_waiting.
func (b Barrier) Waiting() int {
	b.must("Waiting")
	defer runtime.KeepAlive(b.sh)
	return int(atomic.LoadUint32(b.sh.word(barrierCount)))
}

// Broken reports whether the barrier is broken.
func (b Barrier) Broken() bool {
	b.must("Broken")
	defer runtime.KeepAlive(b.sh)
	return atomic.LoadUint32(b.sh.word(barrierBroken)) != 0
}

// Close releases b's shared memory in this process; other processes keep
// theirs. A Wait in progress returns ErrClosed. A second Close returns
// ErrClosed.
func (b Barrier) Close() error {
	if b.sh == nil {
		return ErrClosed
	}
	b.sh.cleanup.Stop()
	return b.sh.seg.close()
}

func (b Barrier) usable(method string) error {
	if b.sh == nil {
		return fmt.Errorf("process: Barrier.%s on a Barrier not made by NewBarrier", method)
	}
	if b.sh.seg.closed.Load() {
		return ErrClosed
	}
	return nil
}

func (b Barrier) must(method string) {
	if b.sh == nil || b.sh.seg.closed.Load() {
		panicUnusable(b.sh == nil, "Barrier", method)
	}
}

func (sh *sharedBarrier) word(i int) *uint32 { return sh.seg.word(i) }

// place returns the word of the i-th place.
func (sh *sharedBarrier) place(i int) *uint32 { return wordAt(sh.seg.mem, headerSize+4*i) }

// nextGeneration ends a round: it frees every place and bumps the
// generation; sh.mu is held.
func (sh *sharedBarrier) nextGeneration() {
	for i := range sh.parties {
		atomic.StoreUint32(sh.place(i), 0)
	}
	atomic.StoreUint32(sh.word(barrierCount), 0)
	atomic.AddUint32(sh.gen, 1)
}

// deadParty returns the pid of a waiting party that has died, or 0;
// sh.mu is held.
func (sh *sharedBarrier) deadParty() uint32 {
	for i := range sh.parties {
		p := atomic.LoadUint32(sh.place(i))
		if p != 0 && p != selfPid && !processAlive(int(p)) {
			return p
		}
	}
	return 0
}

// brokenErr returns the error of a broken barrier, or nil; sh.mu is held.
func (sh *sharedBarrier) brokenErr() error {
	why := atomic.LoadUint32(sh.word(barrierBroken))
	if why == 0 {
		return nil
	}
	return sh.brokenErrOf(why, atomic.LoadUint32(sh.word(barrierDeadPid)))
}

func (sh *sharedBarrier) brokenErrOf(why, pid uint32) error {
	if why == brokenByDeath {
		return fmt.Errorf("%w: party pid %d died while waiting", ErrBrokenBarrier, pid)
	}
	return fmt.Errorf("%w: aborted", ErrBrokenBarrier)
}

// shareEncode lets a Barrier travel inside a Process's argument; anywhere
// else it fails, as Lock's does.
func (b Barrier) shareEncode(e *encoder) ([]byte, error) {
	if b.sh == nil {
		return nil, errNotMadeBy("Barrier")
	}
	return e.encodeShared(b.sh.seg, shareRecord{Kind: "Barrier", Len: b.sh.parties})
}

// shareDecode maps, in a child, the Barrier its parent passed.
func (b *Barrier) shareDecode(data []byte) error {
	if b.sh != nil {
		return errDecodeInUse("Barrier")
	}
	seg, rec, err := decodeShared(data, shareRecord{Kind: "Barrier"}, barrierWords, 0, func(rec shareRecord) (int, error) {
		if rec.Len < 1 || rec.Len > maxParties {
			return 0, fmt.Errorf("%d parties", rec.Len)
		}
		return barrierSize(rec.Len), nil
	})
	if err != nil {
		return err
	}
	b.sh = newSharedBarrier(seg, rec.Len)
	return nil
}
