package process

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Shared objects (Array, Value, Lock, Queue) live in a segment: a file of
// shared memory (a memfd on Linux, an unlinked temporary file elsewhere)
// mapped into every process that uses it. The file is what travels to a
// child (see share.go): the child maps the same pages, so a store in one
// process is a load in the other.
//
// A segment starts with a header of 32-bit words, the futex words of the
// object's locks and semaphores, followed by its data.

// headerSize is the room kept at the start of every segment for its words;
// the data that follows it is aligned for any Number.
const headerSize = 64

// segment is one mapped shared-memory file, with what else its object owns
// (a Conn's socket) and the bookkeeping that makes Close safe while other
// goroutines of this process wait in a Lock, Put or Get.
type segment struct {
	f     *os.File   // the shared memory file, owned: closed by close
	mem   []byte     // f mapped, MAP_SHARED
	extra []*os.File // more files the object owns (a Conn's socket)
	words int        // how many futex words the header holds, woken by close

	closed atomic.Bool

	// traced remembers, when tracing, the last element of this segment
	// traced as written holding a lock ([1]) or holding none ([0]), and
	// in which phase (see traceSet): a write that finds itself there needs
	// no event, and takes no lock to know it.
	traced [2]atomic.Uint64

	mu   sync.Mutex
	busy int       // goroutines in a long wait (see enter)
	idle sync.Cond // signalled when busy drops to 0
}

// newSegment creates a zeroed shared memory segment of size bytes with
// words futex words in its header.
func newSegment(size, words int) (*segment, error) {
	if size < headerSize {
		size = headerSize
	}
	f, err := createSharedFile(size)
	if err != nil {
		return nil, fmt.Errorf("process: creating shared memory of %d bytes: %w", size, err)
	}
	s, err := mapSegment(f, size, words)
	if err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// mapSegment maps f, which must be size bytes long; once it succeeds, the
// segment owns f (on error, f is still the caller's). Checking the size first turns a mismatch into an error instead of a
// SIGBUS on the first access past the file's end.
func mapSegment(f *os.File, size, words int) (*segment, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("process: shared memory: %w", err)
	}
	if st.Size() != int64(size) {
		return nil, fmt.Errorf("process: shared memory file is %d bytes, want %d", st.Size(), size)
	}
	mem, err := mapFile(f, size)
	if err != nil {
		return nil, fmt.Errorf("process: mapping shared memory of %d bytes: %w", size, err)
	}
	s := &segment{f: f, mem: mem, words: words}
	s.idle.L = &s.mu
	return s, nil
}

// word returns the i-th 32-bit word of the header.
func (s *segment) word(i int) *uint32 {
	return wordAt(s.mem, 4*i)
}

// enter registers a goroutine that is about to wait for a long time (in a
// futex wait, a socket read or write), so that close waits for it to leave
// before unmapping the memory under its feet. It returns false, and
// registers nothing, once the segment is closed.
func (s *segment) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed.Load() {
		return false
	}
	s.busy++
	return true
}

// leave ends what enter began.
func (s *segment) leave() {
	s.mu.Lock()
	s.busy--
	if s.busy == 0 {
		s.idle.Broadcast()
	}
	s.mu.Unlock()
}

// close releases the segment: it wakes this process's waiters (they see
// the segment closed and give up), closes the extra files (which interrupts
// socket reads and writes in flight), waits until no goroutine is inside a
// long wait, then unmaps the memory and closes the file. A second close
// returns ErrClosed.
func (s *segment) close() error {
	s.mu.Lock()
	if s.closed.Load() {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed.Store(true)
	s.mu.Unlock()

	// Waking wakes other processes' waiters on these words too; they find
	// nothing changed and wait again.
	for i := range s.words {
		futexWake(s.word(i), maxWake)
	}
	var errs []error
	for _, f := range s.extra {
		errs = append(errs, f.Close())
	}
	s.mu.Lock()
	for s.busy > 0 {
		s.idle.Wait()
	}
	s.mu.Unlock()
	errs = append(errs, unmapFile(s.mem), s.f.Close())
	s.mem = nil
	return errors.Join(errs...)
}

// release closes s for a shared object that was garbage collected without
// Close (a runtime cleanup): nobody can be using it any more.
func (s *segment) release() { s.close() }

// shareRecord is a shared object as it travels inside a child's argument:
// the slots of its files (see shareFile) and what it is, so that the child
// checks it decodes the object it expects rather than misreading memory.
type shareRecord struct {
	Kind     string // "Array", "Value", "Lock" or "Queue"
	Elem     string // element kind (Array, Value) or item type (Queue)
	ElemSize int    // element size in bytes (Array, Value)
	Len      int    // elements (Array, Value), capacity (Queue)
	Size     int    // the segment's size in bytes, set by encodeShared
	Slots    []int  // the segment's file, then any extra files
}

// encodeShared is the shareEncode of every shared object: it hands the
// object's files to the child whose argument e encodes, and encodes the
// record. Outside the argument of a starting Process it fails with
// errNotShareable.
func (e *encoder) encodeShared(s *segment, rec shareRecord) ([]byte, error) {
	if s == nil || s.closed.Load() {
		return nil, fmt.Errorf("process: encoding a closed or uninitialized %s: %w", rec.Kind, ErrClosed)
	}
	rec.Size = len(s.mem)
	for _, f := range append([]*os.File{s.f}, s.extra...) {
		slot, err := e.shareFile(f)
		if err != nil {
			return nil, err
		}
		rec.Slots = append(rec.Slots, slot)
	}
	data, err := encode(rec)
	if err != nil {
		return nil, fmt.Errorf("process: encoding %s: %w", rec.Kind, err)
	}
	return data, nil
}

// decodeShared is the shareDecode of every shared object: it checks that the
// record describes the object want describes (kind and element), that it
// carries 1+extraFiles files and that its segment has the size layout
// computes from it, then maps the segment, whose header holds words futex
// words, from the inherited files. Each decoded object owns duplicates of the inherited
// descriptors, so that closing it releases its own and leaves the inherited
// ones (shared by every object decoded from the same slot) alone.
func decodeShared(data []byte, want shareRecord, words, extraFiles int, layout func(shareRecord) (int, error)) (*segment, shareRecord, error) {
	var rec shareRecord
	if err := decodeInto(data, &rec); err != nil {
		return nil, rec, fmt.Errorf("process: decoding a shared %s: %w", want.Kind, err)
	}
	if rec.Kind != want.Kind || rec.Elem != want.Elem || rec.ElemSize != want.ElemSize {
		return nil, rec, fmt.Errorf("process: decoding a shared %s[%s] (%d-byte elements) from a %s[%s] (%d-byte elements)",
			want.Kind, want.Elem, want.ElemSize, rec.Kind, rec.Elem, rec.ElemSize)
	}
	size, err := layout(rec)
	if err != nil {
		return nil, rec, fmt.Errorf("process: decoding a shared %s: %w", want.Kind, err)
	}
	if rec.Size != size {
		return nil, rec, fmt.Errorf("process: decoding a shared %s: segment is %d bytes, want %d", want.Kind, rec.Size, size)
	}
	if len(rec.Slots) != 1+extraFiles {
		return nil, rec, fmt.Errorf("process: decoding a shared %s: %d files, want %d", want.Kind, len(rec.Slots), 1+extraFiles)
	}
	files := make([]*os.File, 0, len(rec.Slots))
	fail := func(err error) (*segment, shareRecord, error) {
		for _, f := range files {
			f.Close()
		}
		return nil, rec, err
	}
	for _, slot := range rec.Slots {
		f, err := inheritedFile(slot)
		if err != nil {
			return fail(err)
		}
		d, err := dupFile(f)
		if err != nil {
			return fail(fmt.Errorf("process: decoding a shared %s: %w", want.Kind, err))
		}
		files = append(files, d)
	}
	s, err := mapSegment(files[0], rec.Size, words)
	if err != nil {
		return fail(err)
	}
	s.extra = files[1:]
	return s, rec, nil
}

// wordAt returns the 32-bit word at offset off of mem, which must be
// 4-byte aligned (mappings are page aligned, so offsets decide).
func wordAt(mem []byte, off int) *uint32 {
	return (*uint32)(unsafe.Pointer(&mem[off]))
}
