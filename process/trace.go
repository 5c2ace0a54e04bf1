package process

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// TraceEnv names the environment variable that turns tracing on: with
// PROCBOOK_TRACE=FILE, every process of the program, children included,
// appends one JSON object per line to FILE for each event. procbook's
// scenarios read it to check that processes were really used.
const TraceEnv = "PROCBOOK_TRACE"

// TraceEvent is one line of the trace.
//
// Kinds: "start" and "exit" of a child process (written by its parent, which
// alone knows a killed child's exit code), "join" when the parent calls
// Process.Join, "pool_start" and "pool_end" of a pool, "task_start" and
// "task_end" of a pool task (written by the worker that ran it);
// "sem_acquire", "sem_release", "event_set", "event_wait" and
// "barrier_pass" of the synchronization objects, "queue_put" and
// "queue_get" of a Queue's items (see trace_sync.go).
//
// Two kinds say who did the work. "output" is a line a child wrote to its
// stdout, written by the parent that relays the child's stdout to its own
// (see trace_output.go): Pid is the child, BeforeMain tells a line printed
// before the child's Main ran its function, by code that should not run
// in a child at all. "shared_set" is a write to a shared Array or Value
// (Set, or Value.Add), written by the process that wrote: Object names the
// shared object, the same in every process, and Index the element. Only
// the first write of each process to each element is traced: the others
// tell nothing more about who wrote it, and a loop of a million Adds would
// otherwise write a million lines. A process's writes are traced afresh
// after each start or join it makes, so that what a parent writes after
// joining its children is seen even where it wrote before starting them.
// Locked says whether the writer held a lock (or wrote atomically, as
// Value.Add does): two processes that change the same element holding
// none can lose each other's updates.
type TraceEvent struct {
	Event      string    `json:"event"`
	Pid        int       `json:"pid"`                   // the child; for tasks, the worker; for shared_set, the writer
	PPid       int       `json:"ppid"`                  // its parent; for tasks, the pool's process
	Func       string    `json:"func,omitempty"`        // registered name of the function
	Code       *int      `json:"code,omitempty"`        // exit: as Process.ExitCode
	Pool       int       `json:"pool,omitempty"`        // pool events: the pool's number within its process
	Size       int       `json:"size,omitempty"`        // pool_start: number of workers
	Task       *int      `json:"task,omitempty"`        // task events: index of the task in its call (Map's input index)
	OK         *bool     `json:"ok,omitempty"`          // task_end: false when the task failed
	Result     string    `json:"result,omitempty"`      // task_end: the task's result as fmt.Sprint prints it (its first 200 bytes)
	Line       string    `json:"line,omitempty"`        // output: the line, without its newline
	BeforeMain bool      `json:"before_main,omitempty"` // output: printed before the child's Main ran its function
	Object     uint64    `json:"object,omitempty"`      // shared_set: the shared object, by the identity of its memory
	Index      *int      `json:"index,omitempty"`       // shared_set: the element written (0 for a Value)
	Locked     bool      `json:"locked,omitempty"`      // shared_set: the writer held a lock (the object's own, or a Lock), or the write was atomic (Value.Add)
	Time       time.Time `json:"time"`
}

var trace struct {
	once sync.Once
	f    *os.File
}

// traceFile opens the trace file on first use; nil when tracing is off.
func traceFile() *os.File {
	trace.once.Do(func() {
		name := os.Getenv(TraceEnv)
		if name == "" {
			return
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			os.Stderr.WriteString("process: tracing off: " + err.Error() + "\n")
			return
		}
		trace.f = f
	})
	return trace.f
}

// tracing reports whether events are being written.
func tracing() bool { return traceFile() != nil }

// traceAsked is whether the environment asks for a trace, read once at
// start-up: the hot paths (Array.Set, Value.Add) test it and nothing more
// when tracing is off.
var traceAsked = os.Getenv(TraceEnv) != ""

// emit appends e to the trace. Each event is one write to a file opened
// with O_APPEND, so lines from many processes interleave but never tear.
func emit(e TraceEvent) {
	f := traceFile()
	if f == nil {
		return
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	if e.Event == "start" || e.Event == "join" {
		newWritePhase()
	}
	f.Write(e.appendJSON(make([]byte, 0, 160)))
}

// appendJSON appends e as one line of JSON, as encoding/json would write
// it with Event's field tags. It is written by hand because every child
// process pays, at start-up, for the packages it links, and encoding/json
// alone costs a tenth of a millisecond per process.
func (e TraceEvent) appendJSON(b []byte) []byte {
	b = append(b, `{"event":`...)
	b = appendJSONString(b, e.Event)
	b = append(b, `,"pid":`...)
	b = strconv.AppendInt(b, int64(e.Pid), 10)
	b = append(b, `,"ppid":`...)
	b = strconv.AppendInt(b, int64(e.PPid), 10)
	if e.Func != "" {
		b = append(b, `,"func":`...)
		b = appendJSONString(b, e.Func)
	}
	if e.Code != nil {
		b = append(b, `,"code":`...)
		b = strconv.AppendInt(b, int64(*e.Code), 10)
	}
	if e.Pool != 0 {
		b = append(b, `,"pool":`...)
		b = strconv.AppendInt(b, int64(e.Pool), 10)
	}
	if e.Size != 0 {
		b = append(b, `,"size":`...)
		b = strconv.AppendInt(b, int64(e.Size), 10)
	}
	if e.Task != nil {
		b = append(b, `,"task":`...)
		b = strconv.AppendInt(b, int64(*e.Task), 10)
	}
	if e.OK != nil {
		b = append(b, `,"ok":`...)
		b = strconv.AppendBool(b, *e.OK)
	}
	if e.Result != "" {
		b = append(b, `,"result":`...)
		b = appendJSONString(b, e.Result)
	}
	if e.Line != "" {
		b = append(b, `,"line":`...)
		b = appendJSONString(b, e.Line)
	}
	if e.BeforeMain {
		b = append(b, `,"before_main":true`...)
	}
	if e.Object != 0 {
		b = append(b, `,"object":`...)
		b = strconv.AppendUint(b, e.Object, 10)
	}
	if e.Index != nil {
		b = append(b, `,"index":`...)
		b = strconv.AppendInt(b, int64(*e.Index), 10)
	}
	if e.Locked {
		b = append(b, `,"locked":true`...)
	}
	b = append(b, `,"time":"`...)
	b = e.Time.AppendFormat(b, time.RFC3339Nano)
	return append(b, "\"}\n"...)
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, `\b`...)
			case '\f':
				b = append(b, `\f`...)
			case '\n':
				b = append(b, `\n`...)
			case '\r':
				b = append(b, `\r`...)
			case '\t':
				b = append(b, `\t`...)
			case '<', '>', '&':
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				if c < 0x20 {
					b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
				} else {
					b = append(b, c)
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// traceJoin traces a call of Join on a started process: when a program
// joins each child before it starts the next, the trace shows it.
func (p *Process) traceJoin() {
	if tracing() {
		emit(TraceEvent{Event: "join", Pid: p.Pid(), PPid: os.Getpid(), Func: p.fn})
	}
}

// traceResult is a task's result as a task_end event holds it.
func traceResult(v any) string {
	s := fmt.Sprint(v)
	if len(s) > maxTracedResult {
		s = strings.ToValidUTF8(s[:maxTracedResult], "")
	}
	return s
}

// maxTracedResult bounds the bytes of a result a task_end event holds.
const maxTracedResult = 200

func intp(i int) *int    { return &i }
func boolp(b bool) *bool { return &b }
