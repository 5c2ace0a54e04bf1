package process

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"sync/atomic"
)

// Go cannot fork a running program, so a child process is the same binary
// re-executed: the parent sets the environment variables below and the
// child's Main, instead of returning, runs the requested function and exits.
// The child's descriptors are laid out as:
//
//	0, 1, 2          the parent's stdin (/dev/null), stdout and stderr
//	3  lifeline      read end of a pipe the parent never writes: EOF means the parent is gone
//	4  report        the child's report to its parent (a Process's outcome, a worker's results)
//	5  data          the parent's data for the child (a Process's argument, a worker's tasks)
//	6… shared        the files of shared objects in the argument, by slot;
//	                 a pool worker's last slot is its progress word (pool_wire.go)
const (
	envChild  = "PROCBOOK_CHILD"  // registered name of the function to run
	envWorker = "PROCBOOK_WORKER" // "1": run as a pool worker
	envShared = "PROCBOOK_SHARED" // number of shared files passed

	lifelineFD    = 3
	reportFD      = 4
	dataFD        = 5
	firstSharedFD = 6
)

// mainCalled is set by Main in the parent, and in a child just before it
// runs its function; until then nothing may start a process.
var mainCalled atomic.Bool

// Main must be the first line of main (and of TestMain). In the program the
// user started it only notes that starting processes is now safe, and
// returns. In a child process it runs the function the parent asked for and
// exits, so the rest of main never runs there:
//
//	func main() {
//		process.Main()
//		...
//	}
func Main() {
	name, ok := os.LookupEnv(envChild)
	if !ok {
		mainCalled.Store(true)
		return
	}
	worker := os.Getenv(envWorker) == "1"
	shared, _ := strconv.Atoi(os.Getenv(envShared))
	// The child's own children must not mistake themselves for this one.
	os.Unsetenv(envChild)
	os.Unsetenv(envWorker)
	os.Unsetenv(envShared)
	announceMain()
	os.Exit(runChild(name, worker, shared))
}

// runChild is the life of a child process; it returns the exit code.
func runChild(name string, worker bool, shared int) int {
	// Inherited descriptors are not close-on-exec; mark them so that a
	// program the child starts does not keep them (and its parent) alive.
	for fd := lifelineFD; fd < firstSharedFD+shared; fd++ {
		closeOnExec(fd)
	}
	// The lifeline is watched through a duplicate of its own, so that the
	// function closing descriptor 3 cannot blind the child to its parent.
	life := os.NewFile(lifelineFD, "lifeline")
	if d, err := dupFile(life); err == nil {
		life = d
	}
	watchParent(life)
	report := os.NewFile(reportFD, "report")
	data := os.NewFile(dataFD, "data")
	if worker {
		// The last slot is the worker's progress word, not the initializer's.
		shared--
		progress, err := mapFile(os.NewFile(uintptr(firstSharedFD+shared), "progress"), headerSize)
		if err != nil {
			fmt.Fprintf(os.Stderr, "process: pool worker %d: mapping its progress word: %v\n", os.Getpid(), err)
			return 2
		}
		inherited.count = shared
		mainCalled.Store(true)
		return runWorker(report, data, progress)
	}
	inherited.count = shared
	mainCalled.Store(true)
	return runTarget(name, report, data)
}

// exitLifeline is a child's exit code when its lifeline fails other than by
// the parent's death.
const exitLifeline = 4

// watchParent exits the child when its lifeline breaks: the parent has
// exited or was killed, even by SIGKILL, so nobody will join this child.
// The read ends with EOF then, and only then; any other end (the child's
// own code closed descriptor 3, say) means the child can no longer know,
// and it says so rather than pass for an orphan.
func watchParent(lifeline *os.File) {
	go func() {
		_, err := io.Copy(io.Discard, lifeline)
		code, msg := lifelineEnded(err)
		os.Stderr.WriteString(msg)
		os.Exit(code)
	}()
}

// lifelineEnded returns the exit code, and what to say on stderr, for a
// child whose lifeline read ended with err (nil: EOF).
func lifelineEnded(err error) (code int, msg string) {
	if err == nil {
		return 1, "" // the parent is gone: nobody is listening
	}
	return exitLifeline, fmt.Sprintf("process: child %d can no longer watch its parent: reading its lifeline failed (%v); did the program close every descriptor above 2? Descriptors 3 to 5 belong to the process library\n", os.Getpid(), err)
}

// report is what a Process child tells its parent when its function ends.
type report struct {
	Panic  bool
	Goexit bool   // the function called runtime.Goexit
	Value  string // panic value, or what went wrong before the function ran
	Stack  string
}

// runTarget runs a Process's function and reports how it ended: nothing more
// to say when it returned, the panic's value and stack when it panicked.
func runTarget(name string, reportFile, data *os.File) (code int) {
	r, ok := lookup(name)
	if !ok {
		return sendReport(reportFile, report{Value: fmt.Sprintf("no function registered as %q in this program (Register must run at package level)", name)}, 2)
	}
	arg, err := io.ReadAll(data)
	data.Close()
	if err != nil {
		return sendReport(reportFile, report{Value: "reading the argument: " + err.Error()}, 2)
	}
	returned := false
	defer func() {
		if returned {
			return
		}
		if v := recover(); v != nil {
			code = sendReport(reportFile, report{Panic: true, Value: fmt.Sprint(v), Stack: string(debug.Stack())}, 1)
			return
		}
		// runtime.Goexit: this goroutine ends whatever a deferred function
		// does, and the process would wait for ever for it to return.
		os.Exit(sendReport(reportFile, report{Goexit: true, Value: "the function called runtime.Goexit"}, exitGoexit))
	}()
	err = r.runProcess(arg)
	returned = true
	if err != nil {
		return sendReport(reportFile, report{Value: err.Error()}, 2)
	}
	reportFile.Close()
	return 0
}

// sendReport writes rep to the parent and returns code, the exit code that
// goes with it.
func sendReport(w io.WriteCloser, rep report, code int) int {
	if msg, err := encode(rep); err == nil {
		w.Write(msg)
	}
	w.Close()
	return code
}
