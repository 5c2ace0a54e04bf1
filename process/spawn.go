package process

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
)

// child is a started child process as its parent holds it.
type child struct {
	fn     string // the registered name it runs (workerFunc for a pool worker)
	cmd    *exec.Cmd
	pid    int
	report *os.File // read end of the child's report pipe
	data   *os.File // write end of the pipe the child reads its data from
	out    *outputRelay
}

// lifeline is one pipe shared by all the children of this process: they
// each inherit the read end, the parent holds the write end until it dies,
// and never writes to it. When the parent dies, however it dies, the kernel
// closes the write end and every child reads EOF (see watchParent). It is
// made by the first start that succeeds in making it: a failure (no
// descriptors left) is tried again by the next start.
var lifeline struct {
	mu   sync.Mutex
	r, w *os.File
}

func lifelineReader() (*os.File, error) {
	lifeline.mu.Lock()
	defer lifeline.mu.Unlock()
	if lifeline.r == nil {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, err
		}
		lifeline.r, lifeline.w = r, w
	}
	return lifeline.r, nil
}

// spawn starts this binary again as a child that runs the function
// registered as name (or a pool worker), with the shared files given, and
// traces its start.
func spawn(name string, worker bool, shared []*os.File) (*child, error) {
	if !mainCalled.Load() {
		return nil, ErrMainNotCalled
	}
	if !canSpawn {
		return nil, fmt.Errorf("process: starting a child process on %s: %w", runtime.GOOS, ErrUnsupported)
	}
	exe, err := selfExe()
	if err != nil {
		return nil, fmt.Errorf("process: finding this program's binary: %w", err)
	}
	life, err := lifelineReader()
	if err != nil {
		return nil, fmt.Errorf("process: making the children's lifeline: %w", err)
	}
	reportR, reportW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("process: making a child's pipes: %w", err)
	}
	dataR, dataW, err := os.Pipe()
	if err != nil {
		reportR.Close()
		reportW.Close()
		return nil, fmt.Errorf("process: making a child's pipes: %w", err)
	}
	out, err := newOutputRelay()
	if err != nil {
		reportR.Close()
		reportW.Close()
		dataR.Close()
		dataW.Close()
		return nil, fmt.Errorf("process: making a child's pipes: %w", err)
	}
	env := append(os.Environ(),
		envChild+"="+name,
		envShared+"="+strconv.Itoa(len(shared)))
	env = append(env, out.env()...)
	if worker {
		env = append(env, envWorker+"=1")
	}
	if raceEnabled && os.Getenv("GORACE") == "" {
		// The race detector makes every exiting process sleep a second,
		// to give late reports time; a program that starts a thousand
		// children would wait a thousand seconds.
		env = append(env, "GORACE=atexit_sleep_ms=0")
	}
	cmd := &exec.Cmd{
		Path:        exe,
		Args:        []string{os.Args[0]},
		Env:         env,
		Stdout:      out.stdout(),
		Stderr:      os.Stderr,
		ExtraFiles:  append([]*os.File{life, reportW, dataR}, shared...),
		SysProcAttr: childAttr(),
	}
	err = cmd.Start()
	// The child has its own copies now (or there is no child).
	reportW.Close()
	dataR.Close()
	if err != nil {
		reportR.Close()
		dataW.Close()
		out.abort()
		return nil, fmt.Errorf("process: starting a child: %w", err)
	}
	c := &child{fn: name, cmd: cmd, pid: cmd.Process.Pid, report: reportR, data: dataW, out: out}
	emit(TraceEvent{Event: "start", Pid: c.pid, PPid: os.Getpid(), Func: name})
	out.start(c.pid, name)
	return c, nil
}

// reap waits for the child to exit, traces its exit and returns its exit
// code, as Process.ExitCode reports it.
func (c *child) reap() int {
	c.cmd.Wait()
	c.out.wait() // the child's last line is out before its exit is
	code := exitCode(c.cmd.ProcessState)
	emit(TraceEvent{Event: "exit", Pid: c.pid, PPid: os.Getpid(), Func: c.fn, Code: intp(code)})
	return code
}
