package process

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Queue is a bounded FIFO of values shared by many producers and consumers
// in many processes: Python's multiprocessing.Queue. Create it in the parent
// with NewQueue and pass it to children inside their argument. Put waits
// while the queue holds size items; Get waits while it is empty.
//
// Items travel encoded, as a Process's argument does (see Register), so
// they are copies; an item may not carry a shared object (Array, Value,
// Lock, Queue), which can travel only in a Process's argument.
//
// How it works: the items' bytes go through a ring buffer of 1 MiB in
// shared memory (ring.go; its pages are taken as items first pass through
// them, and kept until the queue is released), one frame per item
// (frame.go: a checked header, numbered by two counters in shared memory),
// under a write lock and a read lock in shared memory so that messages
// never interleave; two counting semaphores in shared memory count free
// slots (Put waits on it) and announced items (Get waits on it). An item that fits in the ring is
// written whole before it is announced; a larger one is announced before
// it is written, so that it is written while a consumer reads it: such a
// Put returns only once a Get has read all but the last megabyte of it.
// An item may be at most 1 GiB encoded.
//
// As with Python's, a process killed in the middle of a Put or a Get may
// leave the queue corrupted for the others. The locks, at least, are taken
// over from a dead holder (see Lock), so the others do not deadlock.
//
// A Queue is a handle: copies of it name the same queue.
type Queue[T any] struct {
	sh *sharedQueue[T]
}

// sharedQueue is what Queue handles point to. Its cleanup releases the
// segment once no handle reaches it any more.
type sharedQueue[T any] struct {
	seg     *segment
	size    int
	ring    ring      // the frames' bytes, in seg after the header
	frames  sync.Pool // *frame buffers for Put, used again
	wlock   mutex     // held by a Put while it writes its message
	rlock   mutex     // held by a Get while it reads its message
	free    semaphore // free slots: size minus the items announced
	items   semaphore // items announced and not yet taken by a Get
	trace   syncTrace // the queue's identity in the trace
	cleanup runtime.Cleanup
}

// The words of a Queue's header.
const (
	queueWriteLock = iota
	queueReadLock
	queueFreeCount
	queueFreeWaiters
	queueItemsCount
	queueItemsWaiters
	queueWriteSeq // number of the last frame written, under the write lock
	queueReadSeq  // number of the last frame read, under the read lock
	queueRingHead // the ring's counters and waiters (see ring)
	queueRingTail
	queueRingHeadWaiters
	queueRingTailWaiters
	queueRingRoomWanted
	queueWords
)

// msgItem is the kind of a Queue's frames.
const msgItem byte = 21

// maxPooledFrame is the largest buffer a Queue keeps for its next Put.
const maxPooledFrame = 4 << 20

// NewQueue returns an empty Queue that holds at most size items. Unlike
// Python's, a Queue is always bounded: size must be at least 1. Close it
// when done; a forgotten Queue is released once it is garbage, and a
// child's when the child exits.
func NewQueue[T any](size int) (*Queue[T], error) {
	if size <= 0 || size > math.MaxInt32 {
		return nil, fmt.Errorf("process: NewQueue(%d): the size must be between 1 and %d", size, math.MaxInt32)
	}
	seg, err := newSegment(headerSize+queueRingSize, queueWords)
	if err != nil {
		return nil, err
	}
	atomic.StoreUint32(seg.word(queueFreeCount), uint32(size))
	return &Queue[T]{newSharedQueue[T](seg, size)}, nil
}

func newSharedQueue[T any](seg *segment, size int) *sharedQueue[T] {
	q := &sharedQueue[T]{seg: seg}
	q.size = size
	q.ring = ring{
		buf:  seg.mem[headerSize : headerSize+queueRingSize],
		head: seg.word(queueRingHead), tail: seg.word(queueRingTail),
		headWaiters: seg.word(queueRingHeadWaiters), tailWaiters: seg.word(queueRingTailWaiters),
		roomWanted: seg.word(queueRingRoomWanted),
		seg:        seg,
	}
	q.wlock.word, q.wlock.seg = seg.word(queueWriteLock), seg
	q.rlock.word, q.rlock.seg = seg.word(queueReadLock), seg
	q.free = semaphore{count: seg.word(queueFreeCount), waiters: seg.word(queueFreeWaiters), seg: seg}
	q.items = semaphore{count: seg.word(queueItemsCount), waiters: seg.word(queueItemsWaiters), seg: seg}
	q.cleanup = runtime.AddCleanup(q, (*segment).release, seg)
	return q
}

// Put adds v at the end of the queue, waiting while the queue is full. A
// value that cannot be encoded is an error, and nothing is put. After Close
// in this process, Put returns ErrClosed, also when it was waiting.
func (h Queue[T]) Put(v T) error { return h.put(context.Background(), "Put", v) }

// put is Put and PutContext: it waits for room as down does, or, when ctx
// can end, as downContext does.
func (h Queue[T]) put(ctx context.Context, method string, v T) error {
	q := h.sh
	if q == nil {
		return errNotMade(method)
	}
	defer runtime.KeepAlive(q)
	// Encoded straight into its frame, in a buffer used again.
	f, _ := q.frames.Get().(*frame)
	if f == nil {
		f = newFrame(msgItem)
	}
	f.reset(msgItem)
	f.b = slices.Grow(f.b, encodedSize(v))
	defer func() {
		if cap(f.b) <= maxPooledFrame {
			q.frames.Put(f)
		}
	}()
	var err error
	if f.b, err = appendEncoded(nil, f.b, v); err != nil {
		return fmt.Errorf("process: Queue.Put: encoding %v: %w", reflect.TypeFor[T](), err)
	}
	if f.bodySize() > maxMessage {
		return fmt.Errorf("process: Queue.Put: an item of %v", errTooLarge{f.bodySize()})
	}
	if !q.seg.enter() {
		return ErrClosed
	}
	defer q.seg.leave()
	if ctx.Done() == nil {
		if !q.free.down() {
			return ErrClosed
		}
	} else if err := q.free.downContext(ctx); err != nil {
		return err
	}
	if !q.wlock.lock() {
		q.free.up()
		return ErrClosed
	}
	// Every byte in the ring belongs to an announced item, which Gets will
	// drain: an item the ring can hold whole is written in full before
	// anyone needs to wait for it.
	early := len(f.b) > len(q.ring.buf)
	if early {
		q.items.up()
	}
	seq := atomic.AddUint32(q.seg.word(queueWriteSeq), 1)
	err = f.send(q.ring, seq)
	if !early {
		if err == nil {
			q.items.up()
		} else {
			q.free.up() // nothing announced: the slot is free again
		}
	}
	q.wlock.unlock()
	if err != nil {
		if q.seg.closed.Load() {
			return ErrClosed
		}
		return fmt.Errorf("process: Queue.Put: %w", err)
	}
	q.trace.traceSync("queue_put", q.seg, nil)
	return nil
}

// Get removes and returns the item at the front of the queue, waiting while
// the queue is empty. After Close in this process, Get returns ErrClosed: a
// Get waiting for an item returns at once and takes nothing; a Get already
// reading an item (which happens only while its Put is still writing it)
// is interrupted, and that item is lost for everybody.
func (h Queue[T]) Get() (T, error) { return h.get(context.Background(), "Get") }

// get is Get and GetContext: it waits for an item as down does, or, when
// ctx can end, as downContext does.
func (h Queue[T]) get(ctx context.Context, method string) (T, error) {
	var zero T
	q := h.sh
	if q == nil {
		return zero, errNotMade(method)
	}
	defer runtime.KeepAlive(q)
	if !q.seg.enter() {
		return zero, ErrClosed
	}
	defer q.seg.leave()
	if ctx.Done() == nil {
		if !q.items.down() {
			return zero, ErrClosed
		}
	} else if err := q.items.downContext(ctx); err != nil {
		return zero, err
	}
	if !q.rlock.lock() {
		q.items.up()
		return zero, ErrClosed
	}
	seq := atomic.AddUint32(q.seg.word(queueReadSeq), 1)
	kind, data, err := readFrame(q.ring, seq)
	if err == nil && kind != msgItem {
		err = &corruptError{fmt.Sprintf("a message of kind %d in a Queue", kind)}
	}
	q.rlock.unlock()
	if err != nil {
		if q.seg.closed.Load() {
			return zero, ErrClosed
		}
		return zero, fmt.Errorf("process: Queue.Get: %w", err)
	}
	q.free.up()
	q.trace.traceSync("queue_get", q.seg, nil)
	v, err := decodeOwned[T](data)
	if err != nil {
		return zero, fmt.Errorf("process: Queue.Get: decoding %v: %w", reflect.TypeFor[T](), err)
	}
	return v, nil
}

// Close releases the queue in this process: its memory and its ends of the
// pipe. Other processes keep using the queue, and items in it stay there
// for them. Put and Get in this process, waiting or not, return ErrClosed;
// see Get for the one case where an item is lost. A second Close returns
// ErrClosed.
func (h Queue[T]) Close() error {
	q := h.sh
	if q == nil {
		return ErrClosed
	}
	q.cleanup.Stop()
	return q.seg.close()
}

// shareEncode lets a Queue travel inside a Process's argument (see share.go);
// anywhere else (a pool task, a queue item, a plain encoding) it fails.
func (h Queue[T]) shareEncode(e *encoder) ([]byte, error) {
	if h.sh == nil {
		return nil, errNotMadeBy("Queue")
	}
	return e.encodeShared(h.sh.seg, shareRecord{Kind: "Queue", Elem: reflect.TypeFor[T]().String(), Len: h.sh.size})
}

// shareDecode opens, in a child, the Queue its parent passed. A Queue of a
// different item type is an error.
func (q *Queue[T]) shareDecode(data []byte) error {
	if q.sh != nil {
		return errDecodeInUse("Queue")
	}
	want := shareRecord{Kind: "Queue", Elem: reflect.TypeFor[T]().String()}
	seg, rec, err := decodeShared(data, want, queueWords, 0, func(rec shareRecord) (int, error) {
		if rec.Len <= 0 {
			return 0, fmt.Errorf("size %d", rec.Len)
		}
		return headerSize + queueRingSize, nil
	})
	if err != nil {
		return err
	}
	q.sh = newSharedQueue[T](seg, rec.Len)
	return nil
}

func errNotMade(method string) error {
	return fmt.Errorf("process: Queue.%s on a Queue not made by NewQueue", method)
}

// semaphore is a counting semaphore in shared memory: a count word, and a
// word counting the processes' goroutines that may sleep on it, so that up
// makes a system call only when somebody waits.
type semaphore struct {
	count   *uint32
	waiters *uint32
	seg     *segment
}

// down takes one unit, waiting while there is none. It returns false,
// taking nothing, if the segment was closed (in this process) while it
// waited.
func (s semaphore) down() bool {
	for {
		v := atomic.LoadUint32(s.count)
		if v == 0 {
			return s.downSlow()
		}
		if atomic.CompareAndSwapUint32(s.count, v, v-1) {
			return true
		}
	}
}

func (s semaphore) downSlow() bool {
	if !s.seg.enter() {
		return false
	}
	defer s.seg.leave()
	atomic.AddUint32(s.waiters, 1)
	defer atomic.AddUint32(s.waiters, ^uint32(0))
	for {
		if s.seg.closed.Load() {
			return false
		}
		v := atomic.LoadUint32(s.count)
		if v > 0 {
			if atomic.CompareAndSwapUint32(s.count, v, v-1) {
				return true
			}
			continue
		}
		// The timeout is a safety net: a wake-up taken by a waiter that
		// then gave up (its process closed the queue) is not lost for long.
		futexWait(s.count, 0, ownerCheckInterval)
	}
}

// up returns one unit, waking one waiter if any may sleep. Incrementing
// the count before reading the waiters pairs with downSlow registering as a
// waiter before reading the count: one of the two sees the other.
func (s semaphore) up() {
	atomic.AddUint32(s.count, 1)
	if atomic.LoadUint32(s.waiters) > 0 {
		futexWake(s.count, 1)
	}
}
