package process

import (
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Value is one number in shared memory: Python's multiprocessing.Value.
// Create it in the parent with NewValue and pass it to children inside their
// argument: every process then reads and writes the same number.
//
// Get and Set are single loads and stores; Add is one atomic instruction
// (a compare-and-swap loop for floats; for numbers of 1 or 2 bytes, which
// have no atomic operations, it takes the value's lock), so Adds from any
// number of processes never lose one another. A longer read-modify-write
// (v.Set(v.Get()*2)) needs the value's own lock, Lock and Unlock (Python's
// get_lock()), which excludes the other holders of the lock, not Adds:
// for one value, make every update an Add, or every update a locked
// sequence.
//
// A Value is a handle: copies of it name the same shared number. Close must
// not race with other methods of the same value, except Lock or Add waiting
// for the lock, which then panic.
type Value[T Number] struct {
	sh *sharedNumbers[T] // one number
}

// NewValue returns a Value holding v. Close it when done; a forgotten Value
// is released once it is garbage, and a child's when the child exits.
func NewValue[T Number](v T) (*Value[T], error) {
	size, err := numbersSize[T](1)
	if err != nil {
		return nil, err
	}
	seg, err := newSegment(size, 1)
	if err != nil {
		return nil, err
	}
	sh := newSharedNumbers[T](seg, 1)
	store(&sh.elems[0], v)
	return &Value[T]{sh}, nil
}

// Get returns the number. It panics if v is closed.
func (v Value[T]) Get() T {
	v.sh.check("Value", "Get")
	x := load(&v.sh.elems[0])
	runtime.KeepAlive(v.sh)
	return x
}

// Set sets the number to x. It panics if v is closed.
func (v Value[T]) Set(x T) {
	v.sh.check("Value", "Set")
	store(&v.sh.elems[0], x)
	traceSet(v.sh.seg, 0)
	runtime.KeepAlive(v.sh)
}

// Add adds d to the number atomically, with respect to every process, and
// returns the new number. Integers wrap around on overflow, as Go's do.
func (v Value[T]) Add(d T) T {
	v.sh.check("Value", "Add")
	p := &v.sh.elems[0]
	if v.sh.addKind == addInt64 { // the common case, inlined
		u := atomic.AddUint64((*uint64)(unsafe.Pointer(p)), *(*uint64)(unsafe.Pointer(&d)))
		traceAtomicSet(v.sh.seg, 0)
		runtime.KeepAlive(v.sh)
		return *(*T)(unsafe.Pointer(&u))
	}
	return v.addSlow(d)
}

// addSlow is Add for every number but 8-byte integers, apart so that Add
// stays small.
func (v Value[T]) addSlow(d T) T {
	x, ok := atomicAdd(&v.sh.elems[0], d, v.sh.addKind)
	if !ok {
		if !v.sh.mu.lock() {
			panic(closedWhileWaiting("Value", "Add"))
		}
		x = load(&v.sh.elems[0]) + d
		store(&v.sh.elems[0], x)
		v.sh.mu.unlock()
	}
	traceAtomicSet(v.sh.seg, 0)
	runtime.KeepAlive(v.sh)
	return x
}

// Lock locks the value's own lock (Python's get_lock().acquire()), shared by
// every process using the value; like Lock.Lock, it is taken over if its
// holder dies. It panics if v is closed.
func (v Value[T]) Lock() {
	v.sh.check("Value", "Lock")
	if !v.sh.mu.lock() {
		panic(closedWhileWaiting("Value", "Lock"))
	}
	runtime.KeepAlive(v.sh)
}

// Unlock unlocks the value's lock. It panics if the lock is not locked, or
// if v is closed.
func (v Value[T]) Unlock() {
	v.sh.check("Value", "Unlock")
	if !v.sh.mu.unlock() {
		panic("process: Unlock of an unlocked Value")
	}
	runtime.KeepAlive(v.sh)
}

// Close releases v's shared memory in this process; other processes keep
// theirs. A second Close returns ErrClosed.
func (v Value[T]) Close() error {
	return v.sh.close()
}

// shareEncode lets a Value travel inside a Process's argument (see share.go);
// anywhere else (a pool task, a queue item, a plain encoding) it fails.
func (v Value[T]) shareEncode(e *encoder) ([]byte, error) {
	if v.sh == nil {
		return nil, errNotMadeBy("Value")
	}
	rec := numbersRecord[T]("Value")
	rec.Len = 1
	return e.encodeShared(v.sh.seg, rec)
}

// shareDecode maps, in a child, the Value its parent passed. A Value of a
// different number type is an error.
func (v *Value[T]) shareDecode(data []byte) error {
	if v.sh != nil {
		return errDecodeInUse("Value")
	}
	seg, _, err := decodeShared(data, numbersRecord[T]("Value"), 1, 0, func(rec shareRecord) (int, error) {
		return numbersSize[T](1)
	})
	if err != nil {
		return err
	}
	v.sh = newSharedNumbers[T](seg, 1)
	return nil
}
