package process

import (
	"bufio"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
)

// When tracing, a child's stdout is not the parent's stdout but a pipe to
// the parent, which copies what the child writes to its own stdout line by
// line and traces each line as an output event with the child's pid: the
// lines still reach the terminal, in the order the child wrote them, and
// the trace tells the work a child printed from the work its parent
// printed. Join returns (and the exit is traced) only once the child's
// last line has been copied, so that a "Done!" the parent prints after
// Join still comes after every line of the child.
//
// Before it runs its function, a child's Main writes to its stdout the
// mark its parent gave it (envMark). What the child wrote before the mark
// was written by code that ran before Main: package-level initialisers,
// init functions, the lines of main above process.Main(). Such code runs
// again in every child, which is seldom meant; its lines are traced with
// BeforeMain set, and the mark itself is not copied.
//
// A child whose stdout is relayed does not relay its own children's, nor
// do they theirs: they all write straight into the same pipe, and their
// lines are traced as the child's. Relaying them too would trace every
// such line twice.

// envMark names the environment variable that gives a child the mark its
// Main writes to stdout before running its function.
const envMark = "PROCBOOK_MARK"

// stdoutRelayed is set by Main in a child whose stdout its parent relays.
var stdoutRelayed bool

// maxTracedLine bounds the bytes of a line that one output event holds; a
// longer line is traced as several events.
const maxTracedLine = 4 << 10

// outputRelay copies one child's stdout to this process's stdout.
type outputRelay struct {
	r, w *os.File // the pipe: the child writes w, we read r
	mark string   // the line the child's Main writes before its function
	done chan struct{}
}

// newOutputRelay returns the relay for a child about to start, or nil when
// the child writes straight to this process's stdout: when tracing is off,
// or this process's own stdout is relayed.
func newOutputRelay() (*outputRelay, error) {
	if !tracing() || stdoutRelayed {
		return nil, nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	mark := "\x01procbook-main-" + strconv.FormatUint(rand.Uint64(), 36)
	return &outputRelay{r: r, w: w, mark: mark, done: make(chan struct{})}, nil
}

// stdout is the file the child gets as its stdout.
func (o *outputRelay) stdout() *os.File {
	if o == nil {
		return os.Stdout
	}
	return o.w
}

// env is what the child's environment needs for the relay. A child of a
// process whose stdout is relayed gets an empty mark: it writes none, and
// knows that its own stdout is relayed, so that it does not relay its
// children's either.
func (o *outputRelay) env() []string {
	switch {
	case o != nil:
		return []string{envMark + "=" + o.mark}
	case stdoutRelayed:
		return []string{envMark + "="}
	}
	return nil
}

// start begins copying once the child runs, with its pid, ppid and the
// function it runs; abort undoes newOutputRelay when the child did not
// start.
func (o *outputRelay) start(pid int, fn string) {
	if o == nil {
		return
	}
	o.w.Close() // the child has its own copy
	go o.copy(pid, os.Getpid(), fn)
}

func (o *outputRelay) abort() {
	if o == nil {
		return
	}
	o.r.Close()
	o.w.Close()
}

// wait returns once everything the child (and whoever shares its stdout)
// wrote has been copied.
func (o *outputRelay) wait() {
	if o == nil {
		return
	}
	<-o.done
}

// copy copies and traces lines until every writer has closed the pipe. A
// line that does not end before the pipe does is copied and traced all
// the same.
func (o *outputRelay) copy(pid, ppid int, fn string) {
	defer close(o.done)
	defer o.r.Close()
	in := bufio.NewReaderSize(o.r, maxTracedLine)
	beforeMain := true
	for {
		line, err := in.ReadSlice('\n')
		if len(line) > 0 {
			text := string(line)
			if beforeMain {
				if before, ok := cutMark(text, o.mark); ok {
					beforeMain = false
					if before != "" {
						// An unfinished line before the mark.
						relayLine(before, pid, ppid, fn, true)
					}
					text = ""
				}
			}
			if text != "" {
				relayLine(text, pid, ppid, fn, beforeMain)
			}
		}
		if err != nil && err != bufio.ErrBufferFull {
			if err != io.EOF {
				io.Copy(os.Stdout, o.r) // keep the child's output flowing
			}
			return
		}
	}
}

// cutMark reports whether line is the mark's line, and returns what came
// before the mark on it.
func cutMark(line, mark string) (before string, ok bool) {
	body := line
	if n := len(body); n > 0 && body[n-1] == '\n' {
		body = body[:n-1]
	}
	if len(body) < len(mark) || body[len(body)-len(mark):] != mark {
		return "", false
	}
	return body[:len(body)-len(mark)], true
}

// relayOut serialises the relays' writes to this process's stdout, so that
// two children's lines never interleave within a line.
var relayOut sync.Mutex

// relayLine writes text to this process's stdout and traces it.
func relayLine(text string, pid, ppid int, fn string, beforeMain bool) {
	relayOut.Lock()
	os.Stdout.WriteString(text)
	relayOut.Unlock()
	line := text
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	emit(TraceEvent{Event: "output", Pid: pid, PPid: ppid, Func: fn, Line: line, BeforeMain: beforeMain})
}

// announceMain is Main's part in a child: it writes the mark its parent
// gave it, if any, so that the parent knows the function runs from here on.
func announceMain() {
	mark, ok := os.LookupEnv(envMark)
	if !ok {
		return
	}
	os.Unsetenv(envMark)
	stdoutRelayed = true
	if mark != "" {
		os.Stdout.WriteString(mark + "\n")
	}
}
