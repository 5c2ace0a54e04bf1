package process

import (
	"os"
	"sync"
	"sync/atomic"
)

// traceSet traces a write to element i of the shared numbers in seg, as a
// shared_set event, the first time this process writes that element in
// the current phase. A phase ends each time this process starts a child or
// calls Join: so the writes of a parent that fills an array, starts its
// children, joins them and then writes the array again are all seen,
// before and after. Within a phase, a write made holding a lock and one
// made holding none are each traced once, so that an unguarded write is
// never hidden behind a guarded one. It is small enough to inline: when
// tracing is off, a write pays one test.
func traceSet(seg *segment, i int) {
	if traceAsked {
		traceSetSlow(seg, i, false)
	}
}

// traceAtomicSet is traceSet for a write that cannot lose an update
// whatever the locks held (Value.Add): it is traced as a guarded one.
func traceAtomicSet(seg *segment, i int) {
	if traceAsked {
		traceSetSlow(seg, i, true)
	}
}

// written remembers, per segment, the elements this process has written
// and the segment's identity in the trace.
var written struct {
	mu   sync.Mutex
	segs map[*segment]*writtenSegment
}

type writtenSegment struct {
	object uint64
	elems  map[int]writtenElement
}

// writtenElement is what has been traced of one element.
type writtenElement struct {
	phase          int64 // the writePhase (+1) of the events below
	locked, unlock bool  // a write holding a lock, one holding none, traced
}

// locksHeld counts the locks this process holds, when tracing: those of
// Array and Value, and Lock. A write made while it is above zero is
// traced as locked. The count is the process's, not the goroutine's: a
// write by one goroutine while another holds a lock counts as locked,
// which can hide a race between goroutines, never invent one between
// processes.
var locksHeld atomic.Int32

// traceLocks adds d to locksHeld, when tracing.
func traceLocks(d int32) {
	if traceAsked {
		locksHeld.Add(d)
	}
}

// writePhase counts this process's starts and joins (see traceSet).
var writePhase atomic.Int64

// newWritePhase ends the phase of writes: the next write to any element is
// traced again.
func newWritePhase() { writePhase.Add(1) }

// tracedMark packs an element and a phase for segment.traced: the phase
// above, the element plus one below (0 is "none"). An element past what
// 32 bits hold is never marked, and always takes the slow path.
func tracedMark(i int, phase int64) (uint64, bool) {
	if i < 0 || i >= 1<<32-1 || phase < 0 || phase >= 1<<31 {
		return 0, false
	}
	return uint64(phase)<<32 | uint64(i+1), true
}

func traceSetSlow(seg *segment, i int, atomic bool) {
	locked := atomic || locksHeld.Load() > 0
	slot := 0
	if locked {
		slot = 1
	}
	mark, markable := tracedMark(i, writePhase.Load()+1)
	if markable && seg.traced[slot].Load() == mark {
		// The same element, written the same way in the same phase as
		// the last write traced so: q2's children locking and adding
		// millions of times take this path, not the mutex below.
		return
	}
	written.mu.Lock()
	ws := written.segs[seg]
	if ws == nil {
		if written.segs == nil {
			written.segs = map[*segment]*writtenSegment{}
		}
		ws = &writtenSegment{object: fileIdentity(seg.f), elems: map[int]writtenElement{}}
		written.segs[seg] = ws
	}
	el := ws.elems[i]
	if phase := writePhase.Load() + 1; el.phase != phase { // 0 is "never traced"
		el = writtenElement{phase: phase}
	}
	first := locked && !el.locked || !locked && !el.unlock
	if locked {
		el.locked = true
	} else {
		el.unlock = true
	}
	ws.elems[i] = el
	if markable && uint64(el.phase) == mark>>32 {
		seg.traced[slot].Store(mark)
	}
	written.mu.Unlock()
	if first {
		emit(TraceEvent{Event: "shared_set", Pid: os.Getpid(), PPid: os.Getppid(), Object: ws.object, Index: intp(i), Locked: locked})
	}
}
