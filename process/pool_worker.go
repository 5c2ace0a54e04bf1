package process

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"unsafe"
)

// This file is the worker's side of a pool: a child process that runs the
// batches of tasks its pool sends until the pool closes its pipe.

// exitGoexit is a worker's exit code after a task called runtime.Goexit.
const exitGoexit = 3

// progressWord returns the progress word in mem, a worker's progress
// segment (see pool_wire.go).
func progressWord(mem []byte) *uint64 {
	return (*uint64)(unsafe.Pointer(&mem[headerSize-8]))
}

// workerSide is what a worker's code needs of its pool's connection.
type workerSide struct {
	report   *os.File
	data     *bufio.Reader
	progress *uint64
	out      *frame // the buffer of the messages to the pool
	sent     uint32 // sequence number of the last frame sent
	received uint32 // sequence number of the last frame received
	batch    uint32 // sequence number of the batch being run
	n        int    // how many tasks it holds
	tc       taskContext
}

// send sends f to the pool as the next frame of the report stream.
func (w *workerSide) send(f *frame) error {
	w.sent++
	return f.send(w.report, w.sent)
}

// runWorker is the life of a pool worker; it returns the exit code.
func runWorker(report, data *os.File, progress []byte) int {
	w := &workerSide{report: report, data: bufio.NewReaderSize(data, 64<<10), progress: progressWord(progress), out: newFrame(msgResults)}
	kind, body, err := readFrame(w.data, 1)
	w.received = 1
	if err != nil || kind != msgHello {
		return 2
	}
	p := &parser{b: body}
	w.tc = taskContext{pool: p.uint32(), ppid: os.Getppid()}
	initName, initArg := p.string(), p.rest()
	if p.err != nil {
		return 2
	}
	if initName != "" {
		if fail := runInitializer(w, initName, initArg); fail != nil {
			w.send(newFrame(msgInitErr).failure(*fail))
			return 1
		}
	}
	if w.send(newFrame(msgReady)) != nil {
		return 2
	}
	for {
		kind, body, err := readFrame(w.data, w.received+1)
		if err == io.EOF {
			return 0 // the pool is done with this worker
		}
		if err != nil || kind != msgBatch {
			return 2
		}
		w.received++
		w.batch = w.received
		*w.progress = uint64(w.batch) << 32 // got it, reading it
		p := &parser{b: body}
		w.tc.fn, w.tc.first, w.n = p.string(), p.uint32(), p.uint32()
		args := p.rest()
		if p.err != nil {
			return 2
		}
		if r, ok := lookup(w.tc.fn); !ok {
			err = w.batchError(fmt.Sprintf("no function registered as %q in this program (Register must run at package level)", w.tc.fn))
		} else {
			err = r.runBatch(args, w)
		}
		if err != nil {
			return 2
		}
	}
}

// runInitializer runs the pool's initializer, turning a panic, a
// runtime.Goexit or a missing function into a taskFailure.
func runInitializer(w *workerSide, name string, arg []byte) (fail *taskFailure) {
	r, ok := lookup(name)
	if !ok {
		return &taskFailure{Value: fmt.Sprintf("no function registered as %q in this program (Register must run at package level)", name)}
	}
	returned := false
	defer func() {
		if returned {
			return
		}
		if v := recover(); v != nil {
			fail = &taskFailure{Panic: true, Value: fmt.Sprint(v), Stack: string(debug.Stack())}
			return
		}
		fail = &taskFailure{Value: "it called runtime.Goexit; an initializer must return"}
		// This goroutine ends here: say why before the worker goes.
		w.send(newFrame(msgInitErr).failure(*fail))
		os.Exit(1)
	}()
	err := r.runProcess(arg)
	returned = true
	if err != nil {
		return &taskFailure{Value: err.Error()}
	}
	return nil
}

// batchError answers a batch that could not run at all.
func (w *workerSide) batchError(msg string) error {
	return w.send(w.out.reset(msgResults).uint32(0).uint32(w.n).byte(1).byte(resultsBatchErr).string(msg))
}

// taskContext is what a worker knows about the batch it runs, for the trace.
type taskContext struct {
	pool  int
	ppid  int
	fn    string
	first int // index of the batch's first task within its call
}

func (tc taskContext) emit(kind string, i int, ok *bool, result string) {
	emit(TraceEvent{Event: kind, Pid: os.Getpid(), PPid: tc.ppid, Func: tc.fn, Pool: tc.pool, Task: intp(tc.first + i), OK: ok, Result: result})
}

// runBatch implements runner: it runs f over a batch of encoded arguments
// and sends the results to the pool. A task that panics fails alone; so
// does a result that cannot be encoded.
func (f *Func[T, R]) runBatch(args []byte, w *workerSide) error {
	in, err := decodeOwned[[]T](args)
	if err != nil {
		return w.batchError(fmt.Sprintf("decoding the arguments of %s: %v", f.name, err))
	}
	out := make([]R, len(in))
	var fails []taskFailure
	if tracing() {
		for i := range in {
			w.tc.emit("task_start", i, nil, "")
			_, fail := f.callRange(w, in, out, i, i+1)
			result := ""
			if fail != nil {
				fails = append(fails, *fail)
			} else {
				result = traceResult(out[i])
			}
			w.tc.emit("task_end", i, boolp(fail == nil), result)
		}
	} else {
		// One recover for a run of tasks rather than one per task: a panic
		// fails its task, and the run goes on after it.
		for i := 0; i < len(in); {
			next, fail := f.callRange(w, in, out, i, len(in))
			if fail != nil {
				fails = append(fails, *fail)
			}
			i = next
		}
	}
	*w.progress = uint64(w.batch)<<32 | uint64(len(in)+1) // all run: sending
	return sendResults(w, f.name, out, fails)
}

// sendResults sends the results of a batch: as one value when they encode
// and fit in a message, the common case; else item by item, in as many
// pieces as maxMessage requires, so that only the tasks whose results
// cannot be encoded (or are too large alone) fail.
func sendResults[R any](w *workerSide, fn string, out []R, fails []taskFailure) error {
	fr := w.out.reset(msgResults).uint32(0).uint32(len(out)).byte(1).byte(resultsWhole).uint32(len(fails))
	for _, t := range fails {
		fr.failure(t)
	}
	fr.b = slices.Grow(fr.b, encodedSize(out))
	var err error
	if fr.b, err = appendEncoded(nil, fr.b, out); err == nil && fr.bodySize() <= maxMessage {
		return w.send(fr)
	}
	if cap(fr.b) > 64<<20 {
		w.out = newFrame(msgResults) // do not keep a huge failed buffer
	}
	failed := make(map[int]taskFailure, len(fails))
	for _, t := range fails {
		failed[t.Index] = t
	}
	// A piece: from, count (filled in when it is sent), last, layout, items.
	start := func(from int) *frame {
		return w.out.reset(msgResults).uint32(from).uint32(0).byte(0).byte(resultsPerItem)
	}
	flush := func(fr *frame, from, to int, last bool) error {
		body := fr.b[frameHeader:]
		binary.LittleEndian.PutUint32(body[4:], uint32(to-from))
		if last {
			body[8] = 1
		}
		return w.send(fr)
	}
	from := 0
	fr = start(0)
	for i := range out {
		mark := len(fr.b)
		if t, ok := failed[i]; ok {
			fr.byte(0).failure(t)
		} else if b, err := encode(out[i]); err != nil {
			fr.byte(0).failure(taskFailure{Index: i, Value: fmt.Sprintf("encoding the result of %s: %v", fn, err)})
		} else if len(b)+64 > maxMessage {
			fr.byte(0).failure(taskFailure{Index: i, Value: fmt.Sprintf("the result of %s is %v", fn, errTooLarge{len(b)})})
		} else {
			fr.byte(1).bytes(b)
		}
		if fr.bodySize() > maxMessage && i > from {
			// This item does not fit: send the piece without it, and
			// start the next with it.
			item := slices.Clone(fr.b[mark:])
			fr.b = fr.b[:mark]
			if err := flush(fr, from, i, false); err != nil {
				return err
			}
			from = i
			fr = start(i)
			fr.b = append(fr.b, item...)
		}
	}
	return flush(fr, from, len(out), true)
}

// callRange runs f on in[from:to], storing results in out, until a task
// panics. It returns where to go on from, and the failure of the task that
// panicked, if one did. A task that calls runtime.Goexit ends this
// goroutine, and nothing can stop it: the worker tells the pool which task
// did it, and exits.
func (f *Func[T, R]) callRange(w *workerSide, in []T, out []R, from, to int) (next int, fail *taskFailure) {
	i := from
	returned := false
	defer func() {
		if returned {
			return
		}
		if v := recover(); v != nil {
			next = i + 1
			fail = &taskFailure{Index: i, Panic: true, Value: fmt.Sprint(v), Stack: string(debug.Stack())}
			return
		}
		w.send(w.out.reset(msgFatal).failure(taskFailure{Index: i,
			Value: "the task called runtime.Goexit, which ended its worker (a task must return, or panic)"}))
		os.Exit(exitGoexit)
	}()
	base := uint64(w.batch) << 32
	for ; i < to; i++ {
		*w.progress = base | uint64(i+1)
		out[i] = f.fn(in[i])
	}
	returned = true
	return to, nil
}
