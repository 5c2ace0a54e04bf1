package process

import (
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"
)

// A lock shared between processes is one 32-bit word of shared memory
// (a futex on Linux):
//
//	0                  unlocked
//	pid                locked by process pid, nobody waiting
//	pid | waitersBit   locked by process pid, maybe somebody waiting
//
// Storing the owner's pid makes the lock robust where CPython's is not: a
// waiter that has waited ownerCheckInterval checks whether the owner is
// still alive and, if it died (killed while holding the lock), takes the
// lock over, so one dead child does not deadlock every other process. The
// data the lock guarded may then be half-updated, as the dead owner left it.
//
// The owner is a process, not a goroutine: as with sync.Mutex, any
// goroutine may unlock what another locked, and from any process.

const (
	// waitersBit is set in a locked word when a process may be asleep
	// waiting for it, so that unlocking must wake one.
	waitersBit = 1 << 31
	// ownerMask extracts the owner's pid from a locked word; pids are
	// below 2^22 on Linux.
	ownerMask = waitersBit - 1

	// ownerCheckInterval is how long a waiter sleeps between checks that the
	// lock's owner is still alive.
	ownerCheckInterval = 100 * time.Millisecond

	// lockSpins is how many times a contended lock yields before sleeping:
	// holders usually release within microseconds.
	lockSpins = 4
)

// selfPid is this process's pid, the value its locks hold. A child process
// is a fresh execution of the binary, so it has its own.
var selfPid = uint32(os.Getpid())

// mutex is a lock word in a segment.
type mutex struct {
	word *uint32
	seg  *segment
	// order is touched by every unlock and lock under -race, for the race
	// detector: it does not see atomic operations on shared memory, so
	// without this it would report the Go memory a mutex guards between
	// goroutines. Without -race it costs nothing.
	order atomic.Uint32
}

// lock acquires the mutex. It returns false, without the lock, if the
// segment was closed (in this process) while it waited.
func (m *mutex) lock() bool {
	if atomic.CompareAndSwapUint32(m.word, 0, selfPid) || m.lockSlow() {
		if raceEnabled {
			m.order.Load()
		}
		traceLocks(+1)
		return true
	}
	return false
}

func (m *mutex) lockSlow() bool {
	if !m.seg.enter() {
		return false
	}
	defer m.seg.leave()
	for range lockSpins {
		runtime.Gosched()
		if atomic.CompareAndSwapUint32(m.word, 0, selfPid) {
			return true
		}
	}
	lastCheck := time.Now()
	for {
		if m.seg.closed.Load() {
			return false
		}
		v := atomic.LoadUint32(m.word)
		if v == 0 {
			// Others may be asleep: keep the waiters bit, so that our
			// unlock wakes one of them.
			if atomic.CompareAndSwapUint32(m.word, 0, selfPid|waitersBit) {
				return true
			}
			continue
		}
		if v&waitersBit == 0 {
			if !atomic.CompareAndSwapUint32(m.word, v, v|waitersBit) {
				continue
			}
			v |= waitersBit
		}
		futexWait(m.word, v, ownerCheckInterval)
		if time.Since(lastCheck) >= ownerCheckInterval {
			lastCheck = time.Now()
			if owner := v & ownerMask; owner != selfPid && !processAlive(int(owner)) {
				// The owner died holding the lock. Only one waiter wins
				// this swap: the word must still name the dead owner.
				if atomic.CompareAndSwapUint32(m.word, v, selfPid|waitersBit) {
					return true
				}
			}
		}
	}
}

// unlock releases the mutex, waking one waiter if any may sleep. It reports
// false if the mutex was not locked.
func (m *mutex) unlock() bool {
	if raceEnabled {
		m.order.Add(1)
	}
	v := atomic.SwapUint32(m.word, 0)
	if v&waitersBit != 0 {
		futexWake(m.word, 1)
	}
	if v != 0 {
		traceLocks(-1)
	}
	return v != 0
}

// Lock is a mutual exclusion lock across processes: Python's
// multiprocessing.Lock. Create it in the parent with NewLock and pass it to
// children inside their argument; Lock in any process excludes every other
// process (and goroutine) until Unlock.
//
// Unlike CPython's, a Lock whose holder dies (killed, or exited without
// unlocking) does not deadlock the others: a waiter notices within about
// 100 ms that the holder is gone, and takes the lock over.
//
// A Lock is not reentrant: locking it twice without unlocking deadlocks,
// as with sync.Mutex. A Lock is a handle: copies of it name the same lock.
type Lock struct {
	sh *sharedLock
}

// sharedLock is what Lock handles point to. Its cleanup releases the
// segment once no handle reaches it any more.
type sharedLock struct {
	seg     *segment
	mu      mutex
	cleanup runtime.Cleanup
}

func newSharedLock(seg *segment) *sharedLock {
	sh := &sharedLock{seg: seg}
	sh.mu.word, sh.mu.seg = seg.word(0), seg
	sh.cleanup = runtime.AddCleanup(sh, (*segment).release, seg)
	return sh
}

// NewLock returns an unlocked Lock. Close it when done; a forgotten Lock is
// released once it is garbage, and a child's when the child exits.
func NewLock() (*Lock, error) {
	seg, err := newSegment(headerSize, 1)
	if err != nil {
		return nil, err
	}
	return &Lock{newSharedLock(seg)}, nil
}

// Lock locks l, waiting as long as another process or goroutine holds it.
// It panics if l is closed, also when Close is called while it waits.
func (l Lock) Lock() {
	l.check("Lock")
	if !l.sh.mu.lock() {
		panic(closedWhileWaiting("Lock", "Lock"))
	}
	runtime.KeepAlive(l.sh)
}

// Unlock unlocks l. It panics if l is not locked, as sync.Mutex does, or if
// l is closed.
func (l Lock) Unlock() {
	l.check("Unlock")
	if !l.sh.mu.unlock() {
		panic("process: Unlock of an unlocked Lock")
	}
	runtime.KeepAlive(l.sh)
}

func (l Lock) check(method string) {
	if l.sh == nil || l.sh.seg.closed.Load() {
		l.unusable(method)
	}
}

// unusable panics for check, apart so that check is small enough to
// inline into Lock and Unlock.
//
//go:noinline
func (l Lock) unusable(method string) { panicUnusable(l.sh == nil, "Lock", method) }

// Close releases l's shared memory in this process; other processes keep
// theirs. A goroutine waiting in Lock panics. A second Close returns
// ErrClosed.
func (l Lock) Close() error {
	if l.sh == nil {
		return ErrClosed
	}
	l.sh.cleanup.Stop()
	return l.sh.seg.close()
}

// shareEncode lets a Lock travel inside a Process's argument (see share.go);
// anywhere else (a pool task, a queue item, a plain encoding) it fails.
func (l Lock) shareEncode(e *encoder) ([]byte, error) {
	if l.sh == nil {
		return nil, errNotMadeBy("Lock")
	}
	return e.encodeShared(l.sh.seg, shareRecord{Kind: "Lock"})
}

// shareDecode maps, in a child, the Lock its parent passed.
func (l *Lock) shareDecode(data []byte) error {
	if l.sh != nil {
		return errDecodeInUse("Lock")
	}
	seg, _, err := decodeShared(data, shareRecord{Kind: "Lock"}, 1, 0,
		func(shareRecord) (int, error) { return headerSize, nil })
	if err != nil {
		return err
	}
	l.sh = newSharedLock(seg)
	return nil
}

// panicUnusable panics with a clear message for a method called on a
// shared object after its Close, or on one its constructor did not make
// (notMade).
func panicUnusable(notMade bool, kind, method string) {
	if notMade {
		panic(fmt.Sprintf("process: %s.%s on a %s not made by New%s", kind, method, kind, kind))
	}
	panic(fmt.Sprintf("process: %s.%s after Close", kind, method))
}

func closedWhileWaiting(kind, method string) string {
	return fmt.Sprintf("process: %s.%s: closed while waiting for the lock", kind, method)
}

func errNotMadeBy(kind string) error {
	return fmt.Errorf("process: encoding a %s not made by New%s", kind, kind)
}

func errDecodeInUse(kind string) error {
	return fmt.Errorf("process: decoding into a %s that is already in use", kind)
}
