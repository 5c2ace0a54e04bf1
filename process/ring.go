package process

import "sync/atomic"

// ring is the buffer a Queue's frames travel through: a ring of bytes in
// the queue's segment, so that an item crosses from one process to another
// in two copies of the user's memory (into the ring, out of it) and no
// system call while neither side has to wait. A pipe, which it replaced,
// copies each byte through the kernel twice under one lock the reader and
// the writer take in turn.
//
// Two counters in the segment's header say where the bytes are: head, the
// bytes ever written, which only the Put holding the queue's write lock
// advances, and tail, the bytes ever read, which only the Get holding the
// read lock advances. Both count modulo 2^32, which the ring's size (a
// power of two) divides, so head-tail is the bytes in the ring and
// counter&(size-1) where the next one goes. A counter is stored only after
// the bytes it covers are copied, so a side that loads it may touch them.
//
// A side that finds no room (or nothing to read) sleeps on the other's
// counter, once it has said so in a waiter word, so that the other makes a
// wake-up call only when somebody sleeps: it stores its counter, then
// reads the waiter word, where the sleeper adds itself to the waiter word,
// then sleeps only if the counter still holds what it saw. A Put waits for
// room for the rest of its frame or a quarter of the ring, whichever is
// less, and says how much in roomWanted, so that the Get wakes it once,
// when that room is there, and not for every item it takes. Closing the
// segment wakes every word, and a sleeper gives up once it sees the
// segment closed.
type ring struct {
	buf         []byte  // the ring, len(buf) a power of two, in seg
	head, tail  *uint32 // bytes written, bytes read, modulo 2^32
	headWaiters *uint32 // Gets that may sleep on head (at most one: the read lock's holder)
	tailWaiters *uint32 // Puts that may sleep on tail (at most one: the write lock's holder)
	roomWanted  *uint32 // the room the sleeping Put waits for
	seg         *segment
}

// queueRingSize is the size of a Queue's ring: what a pipe holds on Linux
// once enlarged, so that an item of up to 1 MiB is written whole before
// it is announced (see Queue).
const queueRingSize = 1 << 20

// Write copies b into the ring, waiting for room as it goes; the caller
// holds the write lock. After Close in this process it returns ErrClosed,
// with the bytes copied so far.
func (r ring) Write(b []byte) (int, error) {
	size := uint32(len(r.buf))
	done := 0
	for done < len(b) {
		head := atomic.LoadUint32(r.head)
		tail := atomic.LoadUint32(r.tail)
		room := size - (head - tail)
		// Waiting for a quarter of the ring (or all that is left) rather
		// than for a byte keeps the two sides from waking each other for
		// every few bytes the reader takes.
		if want := min(uint32(len(b)-done), size/4); room < want {
			atomic.StoreUint32(r.roomWanted, want)
			if !r.sleep(r.tail, r.tailWaiters, tail) {
				return done, ErrClosed
			}
			continue
		}
		n := min(uint32(len(b)-done), room)
		at := head & (size - 1)
		c := copy(r.buf[at:], b[done:done+int(n)])
		copy(r.buf, b[done+c:done+int(n)])
		atomic.StoreUint32(r.head, head+n)
		if atomic.LoadUint32(r.headWaiters) > 0 {
			futexWake(r.head, 1)
		}
		done += int(n)
	}
	return done, nil
}

// Read fills b from the ring, waiting for bytes as it goes; the caller
// holds the read lock. After Close in this process it returns ErrClosed,
// with the bytes copied so far.
func (r ring) Read(b []byte) (int, error) {
	size := uint32(len(r.buf))
	done := 0
	for done < len(b) {
		tail := atomic.LoadUint32(r.tail)
		head := atomic.LoadUint32(r.head)
		if head == tail {
			if !r.sleep(r.head, r.headWaiters, head) {
				return done, ErrClosed
			}
			continue
		}
		n := min(uint32(len(b)-done), head-tail)
		at := tail & (size - 1)
		c := copy(b[done:done+int(n)], r.buf[at:])
		copy(b[done+c:done+int(n)], r.buf)
		atomic.StoreUint32(r.tail, tail+n)
		// Waking the Put only once it has the room it waits for spares a
		// wake-up call per item while the reader is the slower side.
		if atomic.LoadUint32(r.tailWaiters) > 0 && size-(head-(tail+n)) >= atomic.LoadUint32(r.roomWanted) {
			futexWake(r.tail, 1)
		}
		done += int(n)
	}
	return done, nil
}

// sleep waits until the word no longer holds seen, or a while has passed
// (a safety net, as in semaphore.downSlow), announcing itself in waiters
// meanwhile. It returns false if the segment is closed.
func (r ring) sleep(word, waiters *uint32, seen uint32) bool {
	atomic.AddUint32(waiters, 1)
	defer atomic.AddUint32(waiters, ^uint32(0))
	if r.seg.closed.Load() {
		return false
	}
	futexWait(word, seen, ownerCheckInterval)
	return !r.seg.closed.Load()
}
