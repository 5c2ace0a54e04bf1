package process

import (
	"encoding/json"
	"os"
	"sync"
	"time"
)

// TraceEnv names the environment variable that turns tracing on: with
// PROCBOOK_TRACE=FILE, every process of the program, children included,
// appends one JSON object per line to FILE for each event. procbook's
// scenarios read it to check that processes were really used.
const TraceEnv = "PROCBOOK_TRACE"

// Event is one line of the trace.
//
// Kinds: "start" and "exit" of a child process (written by its parent, which
// alone knows a killed child's exit code), "pool_start" and "pool_end" of a
// pool, "task_start" and "task_end" of a pool task (written by the worker
// that ran it).
type Event struct {
	Event string    `json:"event"`
	Pid   int       `json:"pid"`            // the child; for tasks, the worker
	PPid  int       `json:"ppid"`           // its parent; for tasks, the pool's process
	Func  string    `json:"func,omitempty"` // registered name of the function
	Code  *int      `json:"code,omitempty"` // exit: as Process.ExitCode
	Pool  int       `json:"pool,omitempty"` // pool events: the pool's number within its process
	Size  int       `json:"size,omitempty"` // pool_start: number of workers
	Task  *int      `json:"task,omitempty"` // task events: index of the task in its call (Map's input index)
	OK    *bool     `json:"ok,omitempty"`   // task_end: false when the task failed
	Time  time.Time `json:"time"`
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

// emit appends e to the trace. Each event is one write to a file opened
// with O_APPEND, so lines from many processes interleave but never tear.
func emit(e Event) {
	f := traceFile()
	if f == nil {
		return
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	line, err := json.Marshal(e)
	if err != nil {
		return
	}
	f.Write(append(line, '\n'))
}

func intp(i int) *int    { return &i }
func boolp(b bool) *bool { return &b }
