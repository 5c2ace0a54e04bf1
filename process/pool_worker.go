package process

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// This file is the worker's side of a pool: a child process that runs the
// batches of tasks its pool sends until the pool closes its pipe.

// runWorker is the life of a pool worker; it returns the exit code.
func runWorker(report, data *os.File) int {
	kind, p, err := readFrame(data)
	if err != nil || kind != msgHello {
		return 2
	}
	tc := taskContext{pool: p.uint32(), ppid: os.Getppid()}
	initName, initArg := p.string(), p.rest()
	if p.err != nil {
		return 2
	}
	if initName != "" {
		if fail := runInitializer(initName, initArg); fail != nil {
			newFrame(msgInitErr).failure(*fail).send(report)
			return 1
		}
	}
	if newFrame(msgReady).send(report) != nil {
		return 2
	}
	for {
		kind, p, err := readFrame(data)
		if err == io.EOF {
			return 0 // the pool is done with this worker
		}
		if err != nil || kind != msgBatch {
			return 2
		}
		tc.fn, tc.first = p.string(), p.uint32()
		args := p.rest()
		var out *frame
		if r, ok := lookup(tc.fn); !ok {
			out = batchError(fmt.Sprintf("no function registered as %q in this program (Register must run at package level)", tc.fn))
		} else {
			out = r.runBatch(args, tc)
		}
		if out.send(report) != nil {
			return 2
		}
	}
}

// runInitializer runs the pool's initializer, turning a panic or a missing
// function into a taskFailure.
func runInitializer(name string, arg []byte) (fail *taskFailure) {
	r, ok := lookup(name)
	if !ok {
		return &taskFailure{Value: fmt.Sprintf("no function registered as %q in this program (Register must run at package level)", name)}
	}
	defer func() {
		if v := recover(); v != nil {
			fail = &taskFailure{Panic: true, Value: fmt.Sprint(v), Stack: string(debug.Stack())}
		}
	}()
	if err := r.runProcess(arg); err != nil {
		return &taskFailure{Value: err.Error()}
	}
	return nil
}

// batchError is the answer to a batch that could not run at all.
func batchError(msg string) *frame {
	return newFrame(msgResults).byte(resultsBatchErr).string(msg)
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
// and returns the msgResults frame that answers it. A task that panics
// fails alone; so does a result that cannot be encoded.
func (f *Func[T, R]) runBatch(args []byte, tc taskContext) *frame {
	in, err := decode[[]T](args)
	if err != nil {
		return batchError(fmt.Sprintf("decoding the arguments of %s: %v", f.name, err))
	}
	out := make([]R, len(in))
	var fails []taskFailure
	if tracing() {
		for i := range in {
			tc.emit("task_start", i, nil, "")
			_, fail := f.callRange(in, out, i, i+1)
			result := ""
			if fail != nil {
				fails = append(fails, *fail)
			} else {
				result = traceResult(out[i])
			}
			tc.emit("task_end", i, boolp(fail == nil), result)
		}
	} else {
		// One recover for a run of tasks rather than one per task: a panic
		// fails its task, and the run goes on after it.
		for i := 0; i < len(in); {
			next, fail := f.callRange(in, out, i, len(in))
			if fail != nil {
				fails = append(fails, *fail)
			}
			i = next
		}
	}
	if payload, err := encode(out); err == nil {
		fr := newFrame(msgResults).byte(resultsWhole).uint32(len(fails))
		for _, t := range fails {
			fr.failure(t)
		}
		return fr.rest(payload)
	}
	// Some result cannot be encoded: encode them one by one, so that only
	// the tasks whose results fail to encode fail.
	failed := make(map[int]taskFailure, len(fails))
	for _, t := range fails {
		failed[t.Index] = t
	}
	fr := newFrame(msgResults).byte(resultsPerItem).uint32(len(out))
	for i := range out {
		if t, ok := failed[i]; ok {
			fr.byte(0).failure(t)
			continue
		}
		b, err := encode(out[i])
		if err != nil {
			fr.byte(0).failure(taskFailure{Index: i, Value: fmt.Sprintf("encoding the result of %s: %v", f.name, err)})
			continue
		}
		fr.byte(1).bytes(b)
	}
	return fr
}

// callRange runs f on in[from:to], storing results in out, until a task
// panics. It returns where to go on from, and the failure of the task that
// panicked, if one did.
func (f *Func[T, R]) callRange(in []T, out []R, from, to int) (next int, fail *taskFailure) {
	i := from
	defer func() {
		if v := recover(); v != nil {
			next = i + 1
			fail = &taskFailure{Index: i, Panic: true, Value: fmt.Sprint(v), Stack: string(debug.Stack())}
		}
	}()
	for ; i < to; i++ {
		out[i] = f.fn(in[i])
	}
	return to, nil
}
