package process

import (
	"os"
	"sync"
)

// traceSet traces a write to element i of the shared numbers in seg, as a
// shared_set event, the first time this process writes that element. It is
// small enough to inline: when tracing is off, a write pays one test.
func traceSet(seg *segment, i int) {
	if traceAsked {
		traceSetSlow(seg, i)
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
	elems  map[int]bool
}

func traceSetSlow(seg *segment, i int) {
	written.mu.Lock()
	ws := written.segs[seg]
	if ws == nil {
		if written.segs == nil {
			written.segs = map[*segment]*writtenSegment{}
		}
		ws = &writtenSegment{object: fileIdentity(seg.f), elems: map[int]bool{}}
		written.segs[seg] = ws
	}
	first := !ws.elems[i]
	ws.elems[i] = true
	written.mu.Unlock()
	if first {
		emit(TraceEvent{Event: "shared_set", Pid: os.Getpid(), PPid: os.Getppid(), Object: ws.object, Index: intp(i)})
	}
}
