package process

import (
	"fmt"
	"math"
	"reflect"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Array is a fixed-length array of numbers in shared memory: Python's
// multiprocessing.Array. Create it in the parent with NewArray and pass it to
// children inside their argument (for example as an exported field of a
// struct): every process then reads and writes the same elements.
//
// Get and Set are each a single load or store of an element, never torn,
// but nothing more: a read-modify-write such as a.Set(i, a.Get(i)+1) run by
// two processes at once can lose an update. Hold the array's own lock
// (Lock and Unlock, Python's get_lock()) around such sequences.
//
// An Array is a handle: copies of it name the same shared array. Close must
// not race with other methods of the same array, except a Lock waiting for
// the lock, which then panics.
type Array[T Number] struct {
	sh *sharedNumbers[T]
}

// sharedNumbers is what Array and Value handles point to: the segment and
// its view as numbers. Its cleanup releases the segment once no handle
// reaches it any more.
type sharedNumbers[T Number] struct {
	seg     *segment
	mu      mutex
	elems   []T // the shared elements, in seg's mapping
	addKind int // how Value.Add adds a T (see atomicAdd)
	cleanup runtime.Cleanup
}

// newSharedNumbers views seg as n numbers after its lock word.
func newSharedNumbers[T Number](seg *segment, n int) *sharedNumbers[T] {
	sh := &sharedNumbers[T]{seg: seg, elems: numbersIn[T](seg, n), addKind: addKind[T]()}
	sh.mu.word, sh.mu.seg = seg.word(0), seg
	sh.cleanup = runtime.AddCleanup(sh, (*segment).release, seg)
	return sh
}

// check panics with a clear message when the numbers are used after Close,
// or through a handle not made by their constructor. It is small enough to
// inline into Get and Set; the message is built elsewhere.
func (sh *sharedNumbers[T]) check(kind, method string) {
	if sh == nil || sh.seg.closed.Load() {
		panicUnusable(sh == nil, kind, method)
	}
}

// close releases the numbers' segment.
func (sh *sharedNumbers[T]) close() error {
	if sh == nil {
		return ErrClosed
	}
	sh.cleanup.Stop()
	return sh.seg.close()
}

// NewArray returns an Array holding a copy of init. Close it when done; a
// forgotten Array is released once it is garbage, and a child's when the
// child exits.
func NewArray[T Number](init []T) (*Array[T], error) {
	size, err := numbersSize[T](len(init))
	if err != nil {
		return nil, err
	}
	seg, err := newSegment(size, 1)
	if err != nil {
		return nil, err
	}
	sh := newSharedNumbers[T](seg, len(init))
	for i, v := range init {
		store(&sh.elems[i], v)
	}
	return &Array[T]{sh}, nil
}

// Len returns the number of elements.
func (a Array[T]) Len() int {
	if a.sh == nil {
		return 0
	}
	return len(a.sh.elems)
}

// Get returns element i. It panics if i is out of range, as indexing a
// slice does, or if a is closed.
func (a Array[T]) Get(i int) T {
	a.sh.check("Array", "Get")
	v := load(&a.sh.elems[i])
	runtime.KeepAlive(a.sh)
	return v
}

// Set sets element i to v. It panics if i is out of range, as indexing a
// slice does, or if a is closed.
func (a Array[T]) Set(i int, v T) {
	a.sh.check("Array", "Set")
	store(&a.sh.elems[i], v)
	traceSet(a.sh.seg, i)
	runtime.KeepAlive(a.sh)
}

// Slice returns a copy of the elements, read one by one: hold the lock
// around it for a snapshot that no other process changes midway.
func (a Array[T]) Slice() []T {
	a.sh.check("Array", "Slice")
	elems := a.sh.elems
	s := make([]T, len(elems))
	for i := range elems {
		s[i] = load(&elems[i])
	}
	runtime.KeepAlive(a.sh)
	return s
}

// Lock locks the array's own lock (Python's get_lock().acquire()), which
// is shared by every process using the array; like Lock.Lock, it is taken
// over if its holder dies. It panics if a is closed.
func (a Array[T]) Lock() {
	a.sh.check("Array", "Lock")
	if !a.sh.mu.lock() {
		panic(closedWhileWaiting("Array", "Lock"))
	}
	runtime.KeepAlive(a.sh)
}

// Unlock unlocks the array's lock. It panics if the lock is not locked, or
// if a is closed.
func (a Array[T]) Unlock() {
	a.sh.check("Array", "Unlock")
	if !a.sh.mu.unlock() {
		panic("process: Unlock of an unlocked Array")
	}
	runtime.KeepAlive(a.sh)
}

// Close releases a's shared memory in this process; other processes keep
// theirs. A second Close returns ErrClosed.
func (a Array[T]) Close() error {
	return a.sh.close()
}

// shareEncode lets an Array travel inside a Process's argument (see share.go);
// anywhere else (a pool task, a queue item, a plain encoding) it fails.
func (a Array[T]) shareEncode(e *encoder) ([]byte, error) {
	if a.sh == nil {
		return nil, errNotMadeBy("Array")
	}
	rec := numbersRecord[T]("Array")
	rec.Len = len(a.sh.elems)
	return e.encodeShared(a.sh.seg, rec)
}

// shareDecode maps, in a child, the Array its parent passed. An Array of a
// different element type is an error.
func (a *Array[T]) shareDecode(data []byte) error {
	if a.sh != nil {
		return errDecodeInUse("Array")
	}
	seg, rec, err := decodeShared(data, numbersRecord[T]("Array"), 1, 0, func(rec shareRecord) (int, error) {
		return numbersSize[T](rec.Len)
	})
	if err != nil {
		return err
	}
	a.sh = newSharedNumbers[T](seg, rec.Len)
	return nil
}

// The layout of an Array (and of a Value, an Array of one): the header,
// whose first word is the lock, then the elements.

// numbersSize returns the size of the segment holding n elements of type T.
func numbersSize[T Number](n int) (int, error) {
	size := int(unsafe.Sizeof(*new(T)))
	if n < 0 || n > (math.MaxInt32-headerSize)/size {
		return 0, fmt.Errorf("process: an array of %d %v is too long", n, reflect.TypeFor[T]())
	}
	return headerSize + n*size, nil
}

// numbersIn returns the n elements of seg.
func numbersIn[T Number](seg *segment, n int) []T {
	first := unsafe.Add(unsafe.Pointer(unsafe.SliceData(seg.mem)), headerSize)
	return unsafe.Slice((*T)(first), n)
}

// numbersRecord describes an Array or Value of T for its journey to a
// child: by kind and size, since named number types have the same layout
// as their underlying types.
func numbersRecord[T Number](kind string) shareRecord {
	t := reflect.TypeFor[T]()
	return shareRecord{Kind: kind, Elem: t.Kind().String(), ElemSize: int(t.Size())}
}

// load reads *p in one access: an atomic load for 4- and 8-byte numbers, so
// that no compiler or processor splits it or keeps it in a register.
func load[T Number](p *T) T {
	switch unsafe.Sizeof(*p) {
	case 8:
		u := atomic.LoadUint64((*uint64)(unsafe.Pointer(p)))
		return *(*T)(unsafe.Pointer(&u))
	case 4:
		u := atomic.LoadUint32((*uint32)(unsafe.Pointer(p)))
		return *(*T)(unsafe.Pointer(&u))
	}
	return *p
}

// How a number is added atomically (see atomicAdd), worked out once per
// shared object: generic code cannot fold the size of its type.
const (
	addLocked  = iota // 1 or 2 bytes: no atomic operation, the lock
	addInt64          // an integer of 8 bytes
	addInt32          // an integer of 4 bytes
	addFloat64        // compare-and-swap loop
	addFloat32
)

// addKind returns how a T is added atomically.
func addKind[T Number]() int {
	var zero T
	isFloat := (zero+1)/2 != 0
	switch size := unsafe.Sizeof(zero); {
	case size == 8 && !isFloat:
		return addInt64
	case size == 4 && !isFloat:
		return addInt32
	case size == 8:
		return addFloat64
	case size == 4:
		return addFloat32
	}
	return addLocked
}

// atomicAdd adds d to *p in one atomic operation, as kind (addKind) says,
// and returns the sum: an atomic add for integers (two's complement makes
// it right for signed ones too), a compare-and-swap loop for floats. It
// reports false, doing nothing, for numbers of 1 or 2 bytes, which have no
// atomic operations.
func atomicAdd[T Number](p *T, d T, kind int) (T, bool) {
	switch kind {
	case addInt64:
		u := atomic.AddUint64((*uint64)(unsafe.Pointer(p)), *(*uint64)(unsafe.Pointer(&d)))
		return *(*T)(unsafe.Pointer(&u)), true
	case addInt32:
		u := atomic.AddUint32((*uint32)(unsafe.Pointer(p)), *(*uint32)(unsafe.Pointer(&d)))
		return *(*T)(unsafe.Pointer(&u)), true
	case addFloat64:
		w := (*uint64)(unsafe.Pointer(p))
		for {
			old := atomic.LoadUint64(w)
			sum := *(*T)(unsafe.Pointer(&old)) + d
			if atomic.CompareAndSwapUint64(w, old, *(*uint64)(unsafe.Pointer(&sum))) {
				return sum, true
			}
		}
	case addFloat32:
		w := (*uint32)(unsafe.Pointer(p))
		for {
			old := atomic.LoadUint32(w)
			sum := *(*T)(unsafe.Pointer(&old)) + d
			if atomic.CompareAndSwapUint32(w, old, *(*uint32)(unsafe.Pointer(&sum))) {
				return sum, true
			}
		}
	}
	var zero T
	return zero, false
}

// store writes v to *p in one access, as load reads it.
func store[T Number](p *T, v T) {
	switch unsafe.Sizeof(v) {
	case 8:
		atomic.StoreUint64((*uint64)(unsafe.Pointer(p)), *(*uint64)(unsafe.Pointer(&v)))
		return
	case 4:
		atomic.StoreUint32((*uint32)(unsafe.Pointer(p)), *(*uint32)(unsafe.Pointer(&v)))
		return
	}
	*p = v
}
