package process

import (
	"os"
	"sync"
)

// The synchronization objects trace what a scenario may check across
// processes: "sem_acquire" and "sem_release" of a Semaphore's slot (how
// many processes held one at once), "event_set" and "event_wait" of an
// Event (a waiter that went on before the Set), and "barrier_pass" of a
// Barrier's party, with its arrival index (every party of a round passed
// it, each index once), and "queue_put" and "queue_get" of a Queue's item
// (who sent, and who received, what travelled). Object names the object, the same in every
// process, as for shared_set.

// syncTrace is the identity of one object in the trace, computed on first
// use: it costs a stat, paid only when tracing.
type syncTrace struct {
	once   sync.Once
	object uint64
}

// traceSync emits an event of kind for the object in seg, with index if
// it is not nil. When tracing is off it costs one test.
func (t *syncTrace) traceSync(kind string, seg *segment, index *int) {
	if !traceAsked {
		return
	}
	t.once.Do(func() { t.object = fileIdentity(seg.f) })
	emit(TraceEvent{Event: kind, Pid: os.Getpid(), PPid: os.Getppid(), Object: t.object, Index: index})
}
