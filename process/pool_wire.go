package process

// A pool and its workers talk over two pipes (the worker's descriptors 5
// and 4, see reexec.go), never over stdout, so a task's own output goes to
// the terminal untouched. Every message is a frame (frame.go); each pipe
// is a stream numbered from 1.
//
// A worker also has a progress word, 8 bytes of shared memory (its last
// shared slot) that it writes before each task and that the pool reads
// once the worker has died: the batch's sequence number in the high 32
// bits, and in the low 32 bits 0 while it reads the batch, i+1 while it
// runs task i, n+1 once it has run all n. So the pool knows which task a
// dead worker held, and whether the batch reached it at all. A plain store
// is enough: the pool reads the word only after the process has exited.

// Message kinds, pool to worker.
const (
	msgHello byte = 1 // pool id, initializer name, its encoded argument: the worker's first message
	msgBatch byte = 2 // function name, index of the first task, number of tasks, the encoded []T
)

// Message kinds, worker to pool.
const (
	msgReady   byte = 11 // the worker ran its initializer and waits for work
	msgInitErr byte = 12 // the initializer failed: a taskFailure follows
	msgResults byte = 13 // results of a run of a batch's tasks (see below)
	msgFatal   byte = 14 // a task ended the worker (runtime.Goexit): a taskFailure; the worker exits
)

// A msgResults body answers tasks from to from+count-1 of the batch
// (indexes within the batch), then says whether more pieces follow:
//
//	uint32 from, uint32 count, byte last, byte layout, then by layout:
//	resultsWhole     uint32 failures, each a taskFailure, then []R encoded as one value
//	resultsPerItem   per task: 1 and its encoding (uint32 length, bytes), or 0 and a taskFailure
//	resultsBatchErr  a message: the batch could not run at all
//
// A batch whose results encode to more than maxMessage is answered in
// several pieces, in order.
const (
	resultsWhole    byte = 0
	resultsPerItem  byte = 1
	resultsBatchErr byte = 2
)

// taskFailure is one task that failed in a worker: it panicked, or its
// result could not be encoded.
type taskFailure struct {
	Index int    // within its batch
	Panic bool   // a panic (Value, Stack), or else an error (Value)
	Value string // the panic value, or the error's text
	Stack string
}

func (f *frame) failure(t taskFailure) *frame {
	p := byte(0)
	if t.Panic {
		p = 1
	}
	return f.uint32(t.Index).byte(p).string(t.Value).string(t.Stack)
}

func (p *parser) failure() taskFailure {
	return taskFailure{Index: p.uint32(), Panic: p.byte() == 1, Value: p.string(), Stack: p.string()}
}
