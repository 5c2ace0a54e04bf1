package process_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// The functions the tests run in children. Their names start with "core."
// so as not to collide with those of the library's other tests.
var (
	// exitTarget ends its process with the given exit code.
	exitTarget = process.RegisterTarget("core.exit", func(code int) { os.Exit(code) })

	// panicTarget panics with a message made of its argument.
	panicTarget = process.RegisterTarget("core.panic", panicky)

	// echoTarget writes what it received to a file, so that the test sees
	// what arrived in the child.
	echoTarget = process.RegisterTarget("core.echo", func(e echoArg) {
		got := fmt.Sprintf("%s|%v|%v|%v|%v", e.Name, e.Numbers, e.Scores, e.Nested.Flag, len(e.Blob))
		sum := sha256.Sum256(e.Blob)
		got += "|" + hex.EncodeToString(sum[:])
		if err := os.WriteFile(e.Out, []byte(got), 0o644); err != nil {
			panic(err)
		}
	})

	// funcTarget, chanTarget and funcFieldTarget take arguments that
	// cannot travel to another process.
	funcTarget      = process.RegisterTarget("core.func", func(f func()) { f() })
	chanTarget      = process.RegisterTarget("core.chan", func(c chan int) { c <- 1 })
	funcFieldTarget = process.RegisterTarget("core.funcField", func(j jobWithCallback) { j.Done() })
)

// panicky panics; a named function, so that its name shows in the stack the
// child sends back.
func panicky(n int) {
	panic(fmt.Sprintf("boom %d", n))
}

// echoArg is an argument of several kinds that travels encoded.
type echoArg struct {
	Out     string
	Name    string
	Numbers []int
	Scores  map[string]float64
	Nested  struct{ Flag bool }
	Blob    []byte
}

// jobWithCallback has a field that cannot travel: gob would silently drop
// it, and the child would crash calling nil.
type jobWithCallback struct {
	N    int
	Done func()
}

// startOrFatal starts p or ends the test.
func startOrFatal(t *testing.T, p *process.Process) {
	t.Helper()
	if err := p.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name string
		fn   string // the registered name
		proc func() *process.Process
		stop func(*process.Process) error // nil: let it end by itself
		code int
	}{
		{"returns", "core.empty", func() *process.Process { return process.New(emptyTarget, struct{}{}) }, nil, 0},
		{"os.Exit(3)", "core.exit", func() *process.Process { return process.New(exitTarget, 3) }, nil, 3},
		{"Terminate", "core.sleep", func() *process.Process { return process.New(sleepTarget, time.Minute) }, (*process.Process).Terminate, -int(syscall.SIGTERM)},
		{"Kill", "core.sleep", func() *process.Process { return process.New(sleepTarget, time.Minute) }, (*process.Process).Kill, -int(syscall.SIGKILL)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.proc()
			if got := p.ExitCode(); got != process.NoExitCode {
				t.Errorf("ExitCode before Start = %d, want NoExitCode", got)
			}
			startOrFatal(t, p)
			if tt.stop != nil {
				if got := p.ExitCode(); got != process.NoExitCode {
					t.Errorf("ExitCode while running = %d, want NoExitCode", got)
				}
				if err := tt.stop(p); err != nil {
					t.Fatalf("stopping: %v", err)
				}
			}
			err := p.Join()
			if got := p.ExitCode(); got != tt.code {
				t.Errorf("ExitCode = %d, want %d", got, tt.code)
			}
			if tt.code == 0 {
				if err != nil {
					t.Errorf("Join = %v, want nil", err)
				}
				return
			}
			var exitErr *process.ExitError
			if !errors.As(err, &exitErr) {
				t.Fatalf("Join = %v (%T), want *process.ExitError", err, err)
			}
			if exitErr.Code != tt.code || exitErr.Pid != p.Pid() || exitErr.Func != tt.fn {
				t.Errorf("ExitError = %+v, want Code %d, Pid %d, Func %q", exitErr, tt.code, p.Pid(), tt.fn)
			}
		})
	}
}

func TestAlive(t *testing.T) {
	p := process.New(sleepTarget, time.Minute)
	if p.Alive() {
		t.Error("Alive before Start")
	}
	startOrFatal(t, p)
	if !p.Alive() {
		t.Error("not Alive while sleeping")
	}
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	p.Join()
	if p.Alive() {
		t.Error("Alive after Join")
	}
	// Stopping an ended process is not an error, as in Python.
	if err := p.Terminate(); err != nil {
		t.Errorf("Terminate after the end = %v", err)
	}
	if err := p.Kill(); err != nil {
		t.Errorf("Kill after the end = %v", err)
	}
}

func TestAliveUntilTheFunctionReturns(t *testing.T) {
	p := process.New(sleepTarget, 500*time.Millisecond)
	startOrFatal(t, p)
	if !p.Alive() {
		t.Error("not Alive right after Start")
	}
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
	if p.Alive() {
		t.Error("Alive after Join")
	}
}

func TestStartTwice(t *testing.T) {
	p := process.New(emptyTarget, struct{}{})
	startOrFatal(t, p)
	pid := p.Pid()
	if err := p.Start(); !errors.Is(err, process.ErrAlreadyStarted) {
		t.Errorf("second Start = %v, want ErrAlreadyStarted", err)
	}
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
	if err := p.Start(); !errors.Is(err, process.ErrAlreadyStarted) {
		t.Errorf("Start after Join = %v, want ErrAlreadyStarted", err)
	}
	if p.Pid() != pid {
		t.Errorf("Pid changed from %d to %d", pid, p.Pid())
	}
}

func TestBeforeStart(t *testing.T) {
	p := process.New(emptyTarget, struct{}{})
	if err := p.Join(); !errors.Is(err, process.ErrNotStarted) {
		t.Errorf("Join = %v, want ErrNotStarted", err)
	}
	if err := p.Terminate(); !errors.Is(err, process.ErrNotStarted) {
		t.Errorf("Terminate = %v, want ErrNotStarted", err)
	}
	if err := p.Kill(); !errors.Is(err, process.ErrNotStarted) {
		t.Errorf("Kill = %v, want ErrNotStarted", err)
	}
	if pid := p.Pid(); pid != 0 {
		t.Errorf("Pid = %d, want 0", pid)
	}
	if code := p.ExitCode(); code != process.NoExitCode {
		t.Errorf("ExitCode = %d, want NoExitCode", code)
	}
}

func TestNoFunction(t *testing.T) {
	var nilFunc *process.Func[int, struct{}]
	for name, p := range map[string]*process.Process{
		"New(nil, arg)": process.New(nilFunc, 1),
		"zero Process":  new(process.Process),
	} {
		if err := p.Start(); !errors.Is(err, process.ErrNoFunction) {
			t.Errorf("%s: Start = %v, want ErrNoFunction", name, err)
		}
		if err := p.Join(); !errors.Is(err, process.ErrNotStarted) {
			t.Errorf("%s: Join = %v, want ErrNotStarted", name, err)
		}
		if p.Alive() || p.Pid() != 0 || p.ExitCode() != process.NoExitCode {
			t.Errorf("%s: Alive, Pid, ExitCode = %v, %d, %d", name, p.Alive(), p.Pid(), p.ExitCode())
		}
	}
}

func TestJoinTwice(t *testing.T) {
	p := process.New(exitTarget, 3)
	startOrFatal(t, p)
	first := p.Join()
	if first == nil {
		t.Fatal("Join = nil, want the exit error")
	}
	if second := p.Join(); second != first {
		t.Errorf("second Join = %v, want the same error as the first, %v", second, first)
	}
}

func TestJoinFromManyGoroutines(t *testing.T) {
	p := process.New(sleepTarget, 100*time.Millisecond)
	startOrFatal(t, p)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { errs[i] = p.Join() })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Join in goroutine %d = %v", i, err)
		}
	}
	if p.ExitCode() != 0 {
		t.Errorf("ExitCode = %d", p.ExitCode())
	}
}

func TestPidIsTheChilds(t *testing.T) {
	p := process.New(sleepTarget, time.Minute)
	startOrFatal(t, p)
	defer func() { p.Kill(); p.Join() }()
	pid := p.Pid()
	if pid <= 0 || pid == os.Getpid() {
		t.Fatalf("Pid = %d (this process is %d)", pid, os.Getpid())
	}
	stat, err := readStat(pid)
	if err != nil {
		t.Fatal(err)
	}
	if stat.ppid != os.Getpid() {
		t.Errorf("parent of %d is %d, want this process, %d", pid, stat.ppid, os.Getpid())
	}
}

func TestArgumentTravels(t *testing.T) {
	for _, size := range []int{0, 10, 1 << 20} { // 1 MiB: far beyond a pipe's buffer
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			arg := echoArg{
				Out:     filepath.Join(t.TempDir(), "echo"),
				Name:    "héllo",
				Numbers: []int{1, -2, 3},
				Scores:  map[string]float64{"a": 1.5},
				Blob:    bytes.Repeat([]byte{7, 8, 9}, size/3),
			}
			arg.Nested.Flag = true
			p := process.New(echoTarget, arg)
			startOrFatal(t, p)
			// Changes after Start are not seen: the child has a copy.
			arg.Name = "changed"
			arg.Numbers[0] = 100
			if err := p.Join(); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(arg.Out)
			if err != nil {
				t.Fatal(err)
			}
			blob := bytes.Repeat([]byte{7, 8, 9}, size/3)
			sum := sha256.Sum256(blob)
			want := fmt.Sprintf("héllo|[1 -2 3]|map[a:1.5]|true|%d|%s", len(blob), hex.EncodeToString(sum[:]))
			if string(got) != want {
				t.Errorf("the child received\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestArgumentThatCannotTravel(t *testing.T) {
	tests := []struct {
		name string
		fn   string // the registered name
		proc *process.Process
		want string // in the error
	}{
		{"func", "core.func", process.New(funcTarget, func() {}), "func()"},
		{"chan", "core.chan", process.New(chanTarget, make(chan int)), "chan int"},
		{"struct with a func field", "core.funcField", process.New(funcFieldTarget, jobWithCallback{N: 1, Done: func() {}}), "Done"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.proc.Start()
			if err == nil {
				tt.proc.Join()
				t.Fatal("Start succeeded")
			}
			if !strings.HasPrefix(err.Error(), "process: ") || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.fn) {
				t.Errorf("Start = %q, want a process: error naming %q and %q", err, tt.fn, tt.want)
			}
			if pid := tt.proc.Pid(); pid != 0 {
				t.Errorf("a child was started: pid %d", pid)
			}
			if err := tt.proc.Join(); !errors.Is(err, process.ErrNotStarted) {
				t.Errorf("Join after the failed Start = %v, want ErrNotStarted", err)
			}
		})
	}
}

func TestPanicComesBack(t *testing.T) {
	p := process.New(panicTarget, 42)
	startOrFatal(t, p)
	err := p.Join()
	var panicErr *process.PanicError
	if !errors.As(err, &panicErr) {
		t.Fatalf("Join = %v (%T), want *process.PanicError", err, err)
	}
	if panicErr.Value != "boom 42" {
		t.Errorf("Value = %q, want %q", panicErr.Value, "boom 42")
	}
	if panicErr.Func != "core.panic" || panicErr.Pid != p.Pid() {
		t.Errorf("Func, Pid = %q, %d, want %q, %d", panicErr.Func, panicErr.Pid, "core.panic", p.Pid())
	}
	// The stack is the child's: it shows the function that panicked.
	if !strings.Contains(panicErr.Stack, "process_test.panicky") || !strings.Contains(panicErr.Stack, "goroutine ") {
		t.Errorf("Stack does not show process_test.panicky:\n%s", panicErr.Stack)
	}
	if msg := err.Error(); !strings.Contains(msg, "boom 42") || !strings.Contains(msg, "process_test.panicky") {
		t.Errorf("Error() does not carry the message and the stack:\n%s", msg)
	}
	if code := p.ExitCode(); code != 1 {
		t.Errorf("ExitCode = %d, want 1", code)
	}
}

// runHelperProgram runs the test binary as the helper of the given mode,
// with its stdout going to stdout, and returns the started command. The
// helper is killed when the test ends, if it has not ended by then.
func runHelperProgram(t *testing.T, mode string, stdout, stderr *os.File, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), append(env, helperEnv+"="+mode)...)
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return cmd
}

// waitHelper waits for the helper to exit, at most for the given time.
func waitHelper(t *testing.T, cmd *exec.Cmd, limit time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the helper did not end within %v", limit)
		return nil
	}
}

func TestChildOutputIsTheParents(t *testing.T) {
	dir := t.TempDir()
	stdout, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	stderrR, stderrW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stderrR.Close()
	cmd := runHelperProgram(t, "output", stdout, stderrW)
	stderrW.Close()
	var stderr bytes.Buffer
	copied := make(chan struct{})
	go func() { stderr.ReadFrom(stderrR); close(copied) }()
	if err := waitHelper(t, cmd, 30*time.Second); err != nil {
		t.Fatalf("helper: %v", err)
	}
	<-copied // every writer of the pipe has exited
	out, err := os.ReadFile(stdout.Name())
	if err != nil {
		t.Fatal(err)
	}
	if want := "stdout from parent\nstdout from child one\n"; string(out) != want {
		t.Errorf("stdout file holds %q, want %q", out, want)
	}
	if want := "stderr from child one\nstderr from parent\n"; stderr.String() != want {
		t.Errorf("stderr pipe carried %q, want %q", stderr.String(), want)
	}
}

// procStat is what the tests read of /proc/PID/stat.
type procStat struct {
	state byte // R, S, Z, ...
	ppid  int
}

// readStat reads the state and parent of a process from /proc.
func readStat(pid int) (procStat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	// pid (comm) state ppid ...; comm may hold spaces and parentheses.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return procStat{}, fmt.Errorf("unexpected /proc/%d/stat: %q", pid, s)
	}
	fields := strings.Fields(s[i+1:])
	if len(fields) < 2 {
		return procStat{}, fmt.Errorf("unexpected /proc/%d/stat: %q", pid, s)
	}
	ppid, err := strconv.Atoi(fields[1])
	if err != nil {
		return procStat{}, fmt.Errorf("unexpected /proc/%d/stat: %q", pid, s)
	}
	return procStat{state: fields[0][0], ppid: ppid}, nil
}

// running reports whether pid is a live process running this test binary:
// not gone, not a zombie waiting for a reaper, not another program that got
// the pid since.
func running(pid int) bool {
	st, err := readStat(pid)
	if err != nil || st.state == 'Z' || st.state == 'X' {
		return false
	}
	self, err1 := os.Readlink("/proc/self/exe")
	exe, err2 := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	return err1 == nil && err2 == nil && self == exe
}

func TestNoOrphans(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer outR.Close()
	cmd := runHelperProgram(t, "orphans", outW, os.Stderr)
	outW.Close()

	// Two children and their two children print their pids.
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var pids []int
	timeout := time.After(30 * time.Second)
	for len(pids) < 4 {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("the helper's output ended after pids %v", pids)
			}
			pid, err := strconv.Atoi(strings.TrimPrefix(line, "pid "))
			if err != nil {
				t.Fatalf("helper printed %q", line)
			}
			pids = append(pids, pid)
		case <-timeout:
			t.Fatalf("the helper printed only pids %v in 30s", pids)
		}
	}
	t.Cleanup(func() { // whatever happens, leave nothing behind
		for _, pid := range pids {
			if running(pid) {
				if p, err := os.FindProcess(pid); err == nil {
					p.Kill()
				}
			}
		}
	})
	for _, pid := range pids {
		if !running(pid) {
			t.Fatalf("process %d is not running before its parent dies", pid)
		}
	}

	killed := time.Now()
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	left := slices.Clone(pids)
	for len(left) > 0 && time.Since(killed) < 2*time.Second {
		left = slices.DeleteFunc(left, func(pid int) bool { return !running(pid) })
		time.Sleep(10 * time.Millisecond)
	}
	if len(left) > 0 {
		t.Fatalf("processes %v still run %v after their parent was killed", left, time.Since(killed).Round(time.Millisecond))
	}
	t.Logf("all %d descendants gone %v after the parent's SIGKILL", len(pids), time.Since(killed).Round(time.Millisecond))
}

// openDescriptors lists this process's open file descriptors with what
// each one is.
func openDescriptors(t *testing.T) map[string]string {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	fds := map[string]string{}
	for _, e := range entries {
		target, _ := os.Readlink("/proc/self/fd/" + e.Name()) // gone already: the directory's own
		fds[e.Name()] = target
	}
	return fds
}

// zombieChildren returns the children of this process that have exited and
// were not reaped.
func zombieChildren(t *testing.T) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var zombies []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if st, err := readStat(pid); err == nil && st.ppid == os.Getpid() && st.state == 'Z' {
			zombies = append(zombies, pid)
		}
	}
	return zombies
}

func TestNoLeaks(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	cycles := 1000
	if testing.Short() {
		cycles = 100
	}
	cycle := func() error {
		p := process.New(emptyTarget, struct{}{})
		if err := p.Start(); err != nil {
			return err
		}
		return p.Join()
	}
	// The first child opens what all children share (the lifeline).
	if err := cycle(); err != nil {
		t.Fatal(err)
	}
	before := openDescriptors(t)
	runCycles(t, cycles, cycle)
	after := openDescriptors(t)
	for fd, target := range after {
		if _, ok := before[fd]; !ok {
			t.Errorf("descriptor %s (%s) opened during %d cycles, run %d at once, is still open", fd, target, cycles, runtime.NumCPU())
		}
	}
	if len(after) > len(before) {
		t.Errorf("%d descriptors open after %d start/join cycles, %d before", len(after), cycles, len(before))
	}
	if z := zombieChildren(t); len(z) > 0 {
		t.Errorf("zombie children after %d cycles: %v", cycles, z)
	}
}

func TestReapedWithoutJoin(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	p := process.New(emptyTarget, struct{}{})
	startOrFatal(t, p)
	deadline := time.Now().Add(10 * time.Second)
	for p.ExitCode() == process.NoExitCode {
		if time.Now().After(deadline) {
			t.Fatal("the child did not end within 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if st, err := readStat(p.Pid()); err == nil && st.ppid == os.Getpid() {
		t.Errorf("child %d, never joined, was not reaped: state %c", p.Pid(), st.state)
	}
}

// traceLine is one line of the trace, with the fields the tests check.
type traceLine struct {
	process.TraceEvent
	keys []string // the JSON keys present
}

// readTrace parses a trace file, failing the test on a line that is not a
// whole JSON object.
func readTrace(t *testing.T, name string) []traceLine {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		t.Fatalf("trace does not end with a newline: %q", data[max(0, len(data)-100):])
	}
	var lines []traceLine
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var l traceLine
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l.TraceEvent); err != nil || dec.More() {
			t.Fatalf("trace line %d is not one JSON event (%v): %q", i+1, err, line)
		}
		var keys map[string]json.RawMessage
		json.Unmarshal([]byte(line), &keys)
		for k := range keys {
			l.keys = append(l.keys, k)
		}
		slices.Sort(l.keys)
		lines = append(lines, l)
	}
	return lines
}

func TestTrace(t *testing.T) {
	trace := filepath.Join(t.TempDir(), "trace.jsonl")
	started := time.Now()
	cmd := runHelperProgram(t, "trace", os.Stdout, os.Stderr, process.TraceEnv+"="+trace)
	if err := waitHelper(t, cmd, 60*time.Second); err != nil {
		t.Fatalf("helper: %v", err)
	}
	ended := time.Now()
	lines := readTrace(t, trace)

	const children = traceChildren * (1 + traceGrandchildren)
	if len(lines) != 3*children {
		t.Fatalf("%d trace lines, want %d (a start, a join and an exit for each of %d children)", len(lines), 3*children, children)
	}
	helper := cmd.Process.Pid
	starts := map[int]process.TraceEvent{}
	joins := map[int]process.TraceEvent{}
	exits := map[int]process.TraceEvent{}
	for _, l := range lines {
		e := l.TraceEvent
		if e.Time.Before(started) || e.Time.After(ended) {
			t.Errorf("event time %v is outside the run, %v to %v", e.Time, started, ended)
		}
		switch e.Event {
		case "start":
			if want := []string{"event", "func", "pid", "ppid", "time"}; !slices.Equal(l.keys, want) {
				t.Errorf("start event has keys %v, want %v", l.keys, want)
			}
			if _, dup := starts[e.Pid]; dup {
				t.Errorf("two start events for pid %d", e.Pid)
			}
			starts[e.Pid] = e
		case "exit":
			if want := []string{"code", "event", "func", "pid", "ppid", "time"}; !slices.Equal(l.keys, want) {
				t.Errorf("exit event has keys %v, want %v", l.keys, want)
			}
			if *e.Code != 0 {
				t.Errorf("pid %d exited with code %d", e.Pid, *e.Code)
			}
			exits[e.Pid] = e
		case "join":
			if want := []string{"event", "func", "pid", "ppid", "time"}; !slices.Equal(l.keys, want) {
				t.Errorf("join event has keys %v, want %v", l.keys, want)
			}
			joins[e.Pid] = e
		default:
			t.Errorf("unexpected event %q", e.Event)
		}
	}
	var direct, grand int
	for pid, s := range starts {
		x, ok := exits[pid]
		switch {
		case !ok:
			t.Errorf("pid %d started and never exited", pid)
		case x.PPid != s.PPid || x.Func != s.Func || x.Time.Before(s.Time):
			t.Errorf("exit %+v does not match start %+v", x, s)
		}
		if j, ok := joins[pid]; !ok || j.PPid != s.PPid || j.Func != s.Func || j.Time.Before(s.Time) {
			t.Errorf("join %+v (found: %v) does not match start %+v", j, ok, s)
		}
		switch {
		case s.PPid == helper && s.Func == "core.fanOut":
			direct++
		case s.Func == "core.empty" && starts[s.PPid].PPid == helper:
			grand++
		default:
			t.Errorf("start event %+v fits neither a child nor a grandchild of the helper (pid %d)", s, helper)
		}
	}
	if direct != traceChildren || grand != traceChildren*traceGrandchildren {
		t.Errorf("%d children and %d grandchildren traced, want %d and %d", direct, grand, traceChildren, traceChildren*traceGrandchildren)
	}
}

// buildProgram builds the program in testdata/dir and returns its path.
func buildProgram(t *testing.T, dir string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build", dir)
	}
	exe := filepath.Join(t.TempDir(), dir)
	out, err := exec.Command(goTool, "build", "-o", exe, "./testdata/"+dir).CombinedOutput()
	if err != nil {
		t.Fatalf("building testdata/%s: %v\n%s", dir, err, out)
	}
	return exe
}

func TestStartBeforeMain(t *testing.T) {
	exe := buildProgram(t, "initstart")
	trace := filepath.Join(t.TempDir(), "trace.jsonl")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), process.TraceEnv+"="+trace)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the program did not end within 30s; output:\n%s", out)
	}
	if err != nil {
		t.Fatalf("%v; output:\n%s", err, out)
	}
	// The program's init runs twice, in the program and in its child: both
	// times Start refuses. Then main, after Main, starts the child.
	initLines := "init: Start: " + process.ErrMainNotCalled.Error() + "\n" +
		"init: ErrMainNotCalled: true\n" +
		"init: NewPool: ErrMainNotCalled: true\n"
	want := initLines + initLines + "child: ran\n" + "main: Join: <nil>\n"
	if string(out) != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	// One child, started by main; none by init, in the parent or the child.
	// The child's lines are traced as its output: those of its init as
	// printed before Main, its function's after.
	var kinds, output []string
	for _, l := range readTrace(t, trace) {
		e := l.TraceEvent
		switch e.Event {
		case "output":
			output = append(output, fmt.Sprintf("%s before_main=%v", e.Line, e.BeforeMain))
		default:
			kinds = append(kinds, e.Event)
		}
	}
	if want := []string{"start", "join", "exit"}; !slices.Equal(kinds, want) {
		t.Errorf("trace has events %v besides output, want %v", kinds, want)
	}
	var wantOutput []string
	for _, l := range strings.Split(strings.TrimSuffix(initLines, "\n"), "\n") {
		wantOutput = append(wantOutput, l+" before_main=true")
	}
	wantOutput = append(wantOutput, "child: ran before_main=false")
	if !slices.Equal(output, wantOutput) {
		t.Errorf("output events:\n%s\nwant:\n%s", strings.Join(output, "\n"), strings.Join(wantOutput, "\n"))
	}
}

func TestFunctionMissingInChild(t *testing.T) {
	exe := buildProgram(t, "unregistered")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, exe).CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the program did not end within 30s; output:\n%s", out)
	}
	if err != nil {
		t.Fatalf("%v; output:\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 ||
		!strings.HasPrefix(lines[0], "Join: process: unregistered.hello (pid ") ||
		!strings.HasSuffix(lines[0], `could not run: no function registered as "unregistered.hello" in this program (Register must run at package level)`) ||
		lines[1] != "ExitCode: 2" {
		t.Errorf("output:\n%s\nwant Join's error saying that the child has no such function, and exit code 2", out)
	}
}
