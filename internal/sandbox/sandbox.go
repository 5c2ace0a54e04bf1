// Package sandbox runs an untrusted program so that it can harm nothing
// but itself: on Linux, in user, mount, pid, network, IPC and UTS
// namespaces of its own, seeing a read-only view of the machine that holds
// only its own binary, a scratch folder it may write, a few devices and the
// /proc of its own pid namespace, under limits on memory, processes, CPU
// time and file size, and on the memory and scratch folder of the whole
// run. When the run ends, every process of it is dead: the pid namespace's
// first process is the sandbox's own init, and when it exits the kernel
// kills everything else in the namespace.
//
// It needs no daemon, no helper binary and no set-up: the grader's own
// binary is re-executed as the init (see Init), unprivileged user
// namespaces giving it the right to build the view. Where that cannot be
// had (no user namespaces, or another system than Linux), Available says
// why and how to get it.
//
// The design is that of bubblewrap and of IOI's isolate, in Go: see
// docs/instructors.md.
package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Limits bound what one run of a program may use. A zero field means no
// limit of that kind.
type Limits struct {
	// Memory is the address space of each process, in bytes (RLIMIT_AS).
	// A Go program reserves more than it uses: 4 GiB leaves any honest
	// program room and stops one that allocates without end. The init
	// lives under it too (an rlimit is inherited at fork, and cannot be
	// raised again): under 2 GiB, the init's own Go runtime, which
	// reserves over 1 GiB as it starts, may find no room to grow.
	Memory int64
	// Processes is how many processes and threads the run may have at
	// once (RLIMIT_NPROC, counted in the run's own user namespace). A Go
	// process has several threads.
	Processes int
	// CPU is the processor time each process may use (RLIMIT_CPU), in
	// whole seconds; past it the process is killed by SIGXCPU.
	CPU time.Duration
	// FileSize is the largest file a process may write (RLIMIT_FSIZE), in
	// bytes; past it the write fails and the process gets SIGXFSZ.
	FileSize int64

	// The limits above are the kernel's, each on one process. Those below
	// are on the whole run, which no rlimit bounds: the sandbox's init
	// measures the run every 50 ms and, past one, kills every process of
	// it and says which in Exit.Overrun.

	// TotalMemory is the memory all the run's processes hold together, in
	// bytes: their resident anonymous and shared-memory pages (RssAnon
	// and RssShmem), not the pages of the files they run from, which the
	// kernel shares and may drop. It holds a program built with the race
	// detector, which takes no Memory limit, and a program that starts
	// many processes, each under Memory.
	TotalMemory int64
	// ScratchBytes is the size of all the files in the scratch folder
	// together, in bytes, as their lengths add up (the same on every file
	// system): many files each under FileSize cannot fill the disk.
	ScratchBytes int64
	// ScratchFiles is how many files, folders and links the scratch
	// folder may hold, the grader's own included, so that a flood of
	// empty files cannot use up the file system's inodes.
	ScratchFiles int
}

// DefaultLimits are generous for the workbook's programs, which start a
// few dozen processes, use megabytes and run for seconds, and tight for a
// program that tries to take the machine.
var DefaultLimits = Limits{
	Memory:    4 << 30,
	Processes: 1024,
	CPU:       30 * time.Second,
	FileSize:  64 << 20,
	// A workbook program built with the race detector holds some 15 MiB
	// per process: a run of a hundred fits.
	TotalMemory:  2 << 30,
	ScratchBytes: 256 << 20,
	ScratchFiles: 4096,
}

// Spec is one run of a program in a sandbox.
type Spec struct {
	Path string   // the program's binary, absolute
	Args []string // its whole argument list, Args[0] included
	Env  []string // its whole environment
	// Scratch is the only folder the program may write, seen at its own
	// path inside: its scratch folder.
	Scratch string
	// Dir is the program's working folder: Scratch or a folder in it;
	// "" means Scratch.
	Dir string
	// Writable are the files already in Scratch that the program may
	// write (the trace). Where the sandbox can give the program an id of
	// its own (the grader runs as root), the other files already there
	// are the grader's and read-only to the program, which may still add
	// files of its own; otherwise the program may write them all.
	Writable []string
	// ReadOnly are the folders the program sees, read-only, at their own
	// paths: at least the one that holds Path.
	ReadOnly []string
	Limits   Limits
	// LeftGrace is how long the sandbox waits, once the program has ended,
	// for the processes it started to end by themselves, before it counts
	// those still running as left behind; 0 means DefaultLeftGrace.
	LeftGrace time.Duration
}

// DefaultLeftGrace is long enough for a child of the process library to
// see that its parent is gone and exit, and short enough to be paid by
// every run that leaves something behind.
const DefaultLeftGrace = 500 * time.Millisecond

// Exit is how a sandboxed program ended.
type Exit struct {
	Pid    int // the program's pid, as the program and its children see it
	Code   int // its exit status, when it exited
	Signal int // the signal that killed it, or 0
	// Left is how many processes it started were still running when it
	// ended (and the grace had passed): the sandbox killed them.
	Left int
	// CPU is the processor time the program's own process used: at the
	// limit, the kernel kills it.
	CPU time.Duration
	// Memory is the most memory the run's processes were seen to hold
	// together (as TotalMemory counts it), when it is limited.
	Memory int64
	// Overrun, when not nil, is the limit on the whole run that the run
	// went past: the sandbox killed every process of it then, or found
	// the scratch folder past its limit when the run ended.
	Overrun *Overrun `json:",omitempty"`
}

// Limit names one of the limits on a whole run: a field of Limits.
type Limit string

// The limits on a whole run, as an Overrun names them.
const (
	TotalMemoryLimit  Limit = "TotalMemory"
	ScratchBytesLimit Limit = "ScratchBytes"
	ScratchFilesLimit Limit = "ScratchFiles"
)

// Overrun is a run past one of its limits as a whole, with the facts: the
// sandbox's account of why it stopped the run, which a grader turns into a
// verdict.
type Overrun struct {
	Limit Limit
	Max   int64 // the limit: bytes, or files
	Used  int64 // what the sandbox measured past it
}

func (o *Overrun) String() string {
	switch o.Limit {
	case TotalMemoryLimit:
		return fmt.Sprintf("the run's processes held %d bytes of memory, over the limit of %d", o.Used, o.Max)
	case ScratchBytesLimit:
		return fmt.Sprintf("the scratch folder held %d bytes, over the limit of %d", o.Used, o.Max)
	case ScratchFilesLimit:
		return fmt.Sprintf("the scratch folder held %d files, over the limit of %d", o.Used, o.Max)
	}
	return fmt.Sprintf("%s: %d, over the limit of %d", o.Limit, o.Used, o.Max)
}

// ExitCode is the exit status, or -N when the program was killed by
// signal N, as the process library's ExitCode.
func (e Exit) ExitCode() int {
	if e.Signal != 0 {
		return -e.Signal
	}
	return e.Code
}

// Cmd is a program to be run in a sandbox. Its Cmd is the sandbox's init,
// to be given stdin, stdout and stderr (which the program inherits) and
// started and waited for as any exec.Cmd; killing it kills the whole run.
type Cmd struct {
	*exec.Cmd
	status   statusPipe
	childEnd *os.File // the status descriptor's writing end, the init's
}

// ErrNotEnded is Exit's error when the init ended without saying how the
// program did: it was killed (a timeout, a flood of output) before the
// program ended.
var ErrNotEnded = errors.New("sandbox: the run was stopped before the program ended")

// Start starts the init. The status descriptor's writing end is the
// init's alone once it has started, so that its end is seen.
func (c *Cmd) Start() error {
	err := c.Cmd.Start()
	c.childEnd.Close()
	if err != nil {
		c.status.r.Close()
		c.status.r = nil
		return fmt.Errorf("sandbox: starting the init: %w", err)
	}
	return nil
}

// Exit reports how the program ended, once Wait has returned. The error is
// ErrNotEnded when the run was killed first, or an *Error when the sandbox
// could not be set up.
func (c *Cmd) Exit() (Exit, error) {
	return c.status.read()
}

// Error is a sandbox that could not be set up for a run.
type Error struct {
	Step string // what the init was doing: "mounting /proc"
	Err  string
}

func (e *Error) Error() string {
	return fmt.Sprintf("sandbox: %s: %s", e.Step, e.Err)
}

// UnavailableError says that programs cannot be isolated here, why, and
// how to get isolation.
type UnavailableError struct {
	Reason error
	How    string // what to do, in a sentence or two
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("sandbox: programs cannot be isolated on this machine: %v\n%s", e.Reason, e.How)
}

func (e *UnavailableError) Unwrap() error { return e.Reason }

// report is what the init writes on its status descriptor when it ends:
// how the program ended, or the step of the set-up that failed.
type report struct {
	Exit  *Exit  `json:"exit,omitempty"`
	Step  string `json:"step,omitempty"`
	Error string `json:"error,omitempty"`
}

// statusPipe is the reading end of the init's status descriptor.
type statusPipe struct {
	r *os.File
}

// read reads the init's report; the init has ended, so the pipe is at
// its end.
func (s statusPipe) read() (Exit, error) {
	if s.r == nil {
		return Exit{}, ErrNotEnded
	}
	b, err := io.ReadAll(io.LimitReader(s.r, 64<<10))
	s.r.Close()
	if err != nil || len(b) == 0 {
		return Exit{}, ErrNotEnded
	}
	var r report
	if err := json.Unmarshal(b, &r); err != nil {
		return Exit{}, fmt.Errorf("sandbox: the init's report is unreadable: %v", err)
	}
	switch {
	case r.Error != "":
		return Exit{}, &Error{Step: r.Step, Err: r.Error}
	case r.Exit == nil:
		return Exit{}, ErrNotEnded
	}
	return *r.Exit, nil
}

// limitedBuffer keeps the first 4 KiB written to it: what an init that
// failed before it could report printed.
type limitedBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := 4<<10 - len(b.buf); room > 0 {
		b.buf = append(b.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
