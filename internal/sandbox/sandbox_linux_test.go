package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// helperEnv makes the test binary a program to sandbox, doing what its
// arguments say.
const helperEnv = "SANDBOX_TEST_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" {
		os.Exit(helper(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// helper is the sandboxed program: each mode tries one thing and prints
// what happened.
func helper(args []string) int {
	switch args[0] {
	case "hello":
		fmt.Println("hello from", os.Getpid())
	case "read":
		_, err := os.ReadFile(args[1])
		fmt.Println("read:", err)
	case "write":
		err := os.WriteFile(args[1], []byte("x"), 0o644)
		fmt.Println("write:", err)
	case "mkdir":
		fmt.Println("mkdir:", os.Mkdir(args[1], 0o755))
	case "ls":
		entries, err := os.ReadDir(args[1])
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		fmt.Println(strings.Join(names, " "), err)
	case "readlink":
		target, err := os.Readlink(args[1])
		fmt.Println("readlink:", target, err)
	case "net":
		c, err := net.DialTimeout("tcp", args[1], time.Second)
		if c != nil {
			c.Close()
		}
		fmt.Println("dial:", err)
	case "status":
		b, _ := os.ReadFile("/proc/self/status")
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "CapEff:") || strings.HasPrefix(l, "NoNewPrivs:") {
				fmt.Println(strings.Join(strings.Fields(l), " "))
			}
		}
	case "leave":
		// A child that leaves the process group and outlives the program.
		cmd := exec.Command("/proc/self/exe", "sleep", args[1])
		cmd.Env = []string{helperEnv + "=1"}
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			fmt.Println("start:", err)
			return 1
		}
		fmt.Println("left", cmd.Process.Pid)
	case "sleep":
		time.Sleep(time.Hour)
	case "alloc":
		var keep [][]byte
		for range 64 {
			b := make([]byte, 256<<20)
			for i := 0; i < len(b); i += 4096 {
				b[i] = 1
			}
			keep = append(keep, b)
		}
		fmt.Println("allocated", len(keep))
	case "hold":
		// hold N MIB FOR: N children each hold MIB MiB of memory for FOR
		// (a duration, or "ever"), and the program waits for them.
		n, _ := strconv.Atoi(args[1])
		var cmds []*exec.Cmd
		for range n {
			cmd := exec.Command("/proc/self/exe", "alloc1", args[2], args[3])
			cmd.Env = []string{helperEnv + "=1"}
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Start(); err != nil {
				fmt.Println("start:", err)
				return 1
			}
			cmds = append(cmds, cmd)
		}
		for _, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				fmt.Println("wait:", err)
				return 1
			}
		}
		fmt.Println("held")
	case "alloc1":
		mib, _ := strconv.Atoi(args[1])
		b := make([]byte, mib<<20)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		if args[2] == "ever" {
			time.Sleep(time.Hour)
		}
		d, _ := time.ParseDuration(args[2])
		time.Sleep(d)
		runtime.KeepAlive(b)
	case "fill":
		// fill N KIB: N files of KIB KiB each, in the working folder.
		n, _ := strconv.Atoi(args[1])
		kib, _ := strconv.Atoi(args[2])
		for i := range n {
			if err := os.WriteFile(fmt.Sprintf("f%d", i), make([]byte, kib<<10), 0o644); err != nil {
				fmt.Println("write:", err)
				return 1
			}
		}
		fmt.Println("filled")
	case "deep":
		// deep N KIB: N files of KIB KiB each, in a folder nested deeper
		// than a path can name (PATH_MAX), made one level at a time.
		n, _ := strconv.Atoi(args[1])
		kib, _ := strconv.Atoi(args[2])
		name := strings.Repeat("d", 250)
		for range 20 {
			if err := os.Mkdir(name, 0o755); err != nil {
				fmt.Println("mkdir:", err)
				return 1
			}
			if err := os.Chdir(name); err != nil {
				fmt.Println("chdir:", err)
				return 1
			}
		}
		for i := range n {
			if err := os.WriteFile(fmt.Sprintf("f%d", i), make([]byte, kib<<10), 0o644); err != nil {
				fmt.Println("write:", err)
				return 1
			}
		}
		fmt.Println("filled")
	case "fork":
		n := 0
		var err error
		for ; n < 200; n++ {
			cmd := exec.Command("/proc/self/exe", "sleep", "x")
			cmd.Env = []string{helperEnv + "=1"}
			if err = cmd.Start(); err != nil {
				break
			}
		}
		fmt.Println("started", n, err)
	case "fsize":
		err := os.WriteFile("big", make([]byte, 2<<20), 0o644)
		fmt.Println("write:", err)
	case "spin":
		for {
		}
	case "fd":
		fd, _ := strconv.Atoi(args[1])
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil {
			fmt.Println("closed")
		} else {
			fmt.Println("open")
		}
	default:
		fmt.Println("unknown mode", args[0])
		return 2
	}
	return 0
}

// run runs the test binary as a sandboxed program with args, in a fresh
// scratch folder, and returns what it printed and how it ended.
func run(t *testing.T, lim Limits, args ...string) (string, Exit) {
	t.Helper()
	if err := Available(); err != nil {
		t.Skip(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if raceEnabled {
		lim.Memory = 0
	}
	dir := t.TempDir()
	c, err := Command(Spec{
		Path:      exe,
		Args:      append([]string{"helper"}, args...),
		Env:       []string{helperEnv + "=1"},
		Scratch:   dir,
		ReadOnly:  []string{filepath.Dir(exe)},
		Limits:    lim,
		LeftGrace: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(time.Minute, func() { c.Process.Kill() })
	defer timer.Stop()
	c.Wait()
	exit, err := c.Exit()
	if err != nil {
		t.Fatalf("%v; output:\n%s", err, out.String())
	}
	return out.String(), exit
}

func TestRunsTheProgram(t *testing.T) {
	t.Parallel()
	out, exit := run(t, DefaultLimits, "hello")
	if exit.ExitCode() != 0 || out != fmt.Sprintf("hello from %d\n", exit.Pid) {
		t.Errorf("exit %+v, output %q", exit, out)
	}
	if exit.Pid <= 1 {
		t.Errorf("the program's pid is %d in its namespace", exit.Pid)
	}
}

func TestSeesOnlyItsView(t *testing.T) {
	t.Parallel()
	secret := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secret, []byte("grades"), 0o600); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"read", secret}, "read: open " + secret + ": no such file or directory\n"},
		{[]string{"ls", wd}, " open " + wd + ": no such file or directory\n"},
		{[]string{"ls", "/dev"}, "fd full null random stderr stdin stdout urandom zero <nil>\n"},
		{[]string{"readlink", "/proc/1/fd/3"}, "permission denied"},
		{[]string{"read", "/proc/1/environ"}, "permission denied"},
		{[]string{"readlink", "/proc/1/cwd"}, "permission denied"},
		{[]string{"status"}, "CapEff: 0000000000000000\nNoNewPrivs: 1\n"},
	} {
		out, exit := run(t, DefaultLimits, c.args...)
		if exit.ExitCode() != 0 || !strings.Contains(out, c.want) {
			t.Errorf("%v: exit %+v, output %q, want it to hold %q", c.args, exit, out, c.want)
		}
	}
}

func TestRootHoldsOnlyTheView(t *testing.T) {
	t.Parallel()
	out, exit := run(t, DefaultLimits, "ls", "/")
	if exit.ExitCode() != 0 {
		t.Fatalf("exit %+v, output %q", exit, out)
	}
	// The test binary is linked dynamically: the system's libraries are
	// in view, read-only, and nothing else of the machine.
	allowed := map[string]bool{"dev": true, "proc": true, "tmp": true, "etc": true, "lib": true, "lib64": true, "usr": true, "<nil>": true}
	for _, name := range strings.Fields(out) {
		if !allowed[name] {
			t.Errorf("the root holds %s: %s", name, out)
		}
	}
}

func TestWritesOnlyItsScratchFolder(t *testing.T) {
	t.Parallel()
	exe, _ := os.Executable()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"write", "here"}, "write: <nil>\n"},
		{[]string{"write", filepath.Join(filepath.Dir(exe), "planted")}, "read-only file system"},
		{[]string{"write", "/planted"}, "read-only file system"},
		{[]string{"mkdir", "/tmp/planted"}, "read-only file system"},
		{[]string{"write", "/proc/planted"}, "no such file or directory"},
	} {
		out, exit := run(t, DefaultLimits, c.args...)
		if exit.ExitCode() != 0 || !strings.Contains(out, c.want) {
			t.Errorf("%v: exit %+v, output %q, want it to hold %q", c.args, exit, out, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(exe), "planted")); err == nil {
		t.Errorf("the program wrote beside its binary")
	}
}

func TestHasNoNetwork(t *testing.T) {
	t.Parallel()
	out, exit := run(t, DefaultLimits, "net", "1.1.1.1:53")
	if exit.ExitCode() != 0 || !strings.Contains(out, "dial: dial tcp 1.1.1.1:53: connect: network is unreachable") {
		t.Errorf("exit %+v, output:\n%s", exit, out)
	}
}

func TestKillsWhatTheProgramLeft(t *testing.T) {
	t.Parallel()
	token := "left-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	out, exit := run(t, DefaultLimits, "leave", token)
	if exit.ExitCode() != 0 || !strings.HasPrefix(out, "left ") {
		t.Fatalf("exit %+v, output %q", exit, out)
	}
	if exit.Left != 1 {
		t.Errorf("Left = %d, want 1", exit.Left)
	}
	// Nothing on the machine runs with the token among its arguments.
	deadline := time.Now().Add(5 * time.Second)
	for {
		pids := withArg(token)
		if len(pids) == 0 {
			break
		}
		if time.Now().After(deadline) {
			for _, p := range pids {
				syscall.Kill(p, syscall.SIGKILL)
			}
			t.Fatalf("processes %v outlived the run", pids)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// withArg lists the processes of the machine with arg among their
// arguments.
func withArg(arg string) []int {
	var pids []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && bytes.Contains(b, []byte("\x00"+arg+"\x00")) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func TestMemoryLimit(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's shadow memory takes no address-space limit")
	}
	t.Parallel()
	// The init lives under the limit too, and a Go process reserves over
	// 1 GiB of address space as it starts: 2 GiB leaves it room.
	out, exit := run(t, Limits{Memory: 2 << 30}, "alloc")
	if exit.ExitCode() != 2 || !strings.Contains(out, "fatal error: out of memory") {
		t.Errorf("exit %+v, output:\n%.500s", exit, out)
	}
}

// TestTotalMemoryLimit: four processes, each far under the limit on
// address space, hold more than the run may in all: the run is stopped.
func TestTotalMemoryLimit(t *testing.T) {
	t.Parallel()
	out, exit := run(t, Limits{Memory: DefaultLimits.Memory, TotalMemory: 256 << 20}, "hold", "4", "128", "ever")
	o := exit.Overrun
	if o == nil || o.Limit != TotalMemoryLimit || o.Max != 256<<20 || o.Used <= o.Max || exit.Signal != int(syscall.SIGKILL) {
		t.Errorf("exit %+v (overrun %v), output:\n%.500s", exit, o, out)
	}
}

// TestUnderTotalMemoryLimit: a run that holds less than its limit is seen
// holding it, and ends by itself.
func TestUnderTotalMemoryLimit(t *testing.T) {
	t.Parallel()
	out, exit := run(t, Limits{TotalMemory: 1 << 30}, "hold", "2", "32", "1s")
	if exit.ExitCode() != 0 || exit.Overrun != nil || out != "held\n" {
		t.Errorf("exit %+v (overrun %v), output:\n%.500s", exit, exit.Overrun, out)
	}
	if exit.Memory < 64<<20 || exit.Memory > 1<<30 {
		t.Errorf("the run was seen holding %d bytes, want at least the 64 MiB it held", exit.Memory)
	}
}

// TestScratchBytesLimit: files each far under the limit on file size fill
// the scratch folder past the limit on it.
func TestScratchBytesLimit(t *testing.T) {
	t.Parallel()
	out, exit := run(t, Limits{FileSize: 1 << 20, ScratchBytes: 4 << 20}, "fill", "16", "1024")
	o := exit.Overrun
	if o == nil || o.Limit != ScratchBytesLimit || o.Max != 4<<20 || o.Used <= o.Max {
		t.Errorf("exit %+v (overrun %v), output:\n%.500s", exit, o, out)
	}
}

// TestScratchBytesLimitDeep: the files are in a folder nested deeper than
// a path can name, which no walk by paths can reach.
func TestScratchBytesLimitDeep(t *testing.T) {
	t.Parallel()
	out, exit := run(t, Limits{FileSize: 1 << 20, ScratchBytes: 4 << 20}, "deep", "16", "1024")
	o := exit.Overrun
	if o == nil || o.Limit != ScratchBytesLimit || o.Used <= o.Max {
		t.Errorf("exit %+v (overrun %v), output:\n%.500s", exit, o, out)
	}
}

// TestScratchFilesLimit: empty files, past the limit on their number.
func TestScratchFilesLimit(t *testing.T) {
	t.Parallel()
	out, exit := run(t, Limits{ScratchFiles: 100}, "fill", "500", "0")
	o := exit.Overrun
	if o == nil || o.Limit != ScratchFilesLimit || o.Max != 100 || o.Used <= o.Max {
		t.Errorf("exit %+v (overrun %v), output:\n%.500s", exit, o, out)
	}
}

// TestUnderScratchLimits: a run that leaves less than the limits in its
// scratch folder is not stopped.
func TestUnderScratchLimits(t *testing.T) {
	t.Parallel()
	out, exit := run(t, Limits{ScratchBytes: 4 << 20, ScratchFiles: 100}, "fill", "3", "1024")
	if exit.ExitCode() != 0 || exit.Overrun != nil || out != "filled\n" {
		t.Errorf("exit %+v (overrun %v), output:\n%.500s", exit, exit.Overrun, out)
	}
}

func TestHeldMemory(t *testing.T) {
	status := "Name:\tq2\nVmRSS:\t  9000 kB\nRssAnon:\t    1000 kB\nRssFile:\t    7000 kB\nRssShmem:\t      24 kB\nThreads:\t5\n"
	if got, want := heldMemory([]byte(status)), int64(1024<<10); got != want {
		t.Errorf("heldMemory = %d, want %d (RssAnon and RssShmem, not RssFile)", got, want)
	}
	if got := heldMemory([]byte("Name:\tq2\nState:\tZ (zombie)\n")); got != 0 {
		t.Errorf("a zombie holds %d bytes", got)
	}
}

func TestProcessLimit(t *testing.T) {
	t.Parallel()
	out, exit := run(t, Limits{Processes: 40}, "fork")
	// Either a start fails, or the Go runtime cannot make a thread (as
	// Go, or through cgo's pthread_create: the test binary links C).
	if low := strings.ToLower(out); !strings.Contains(low, "resource temporarily unavailable") && !strings.Contains(low, "failed to create new os thread") {
		t.Errorf("exit %+v, output:\n%.500s", exit, out)
	}
}

func TestFileSizeLimit(t *testing.T) {
	t.Parallel()
	out, exit := run(t, Limits{FileSize: 1 << 20}, "fsize")
	if exit.ExitCode() != 0 || !strings.Contains(out, "file too large") {
		t.Errorf("exit %+v, output:\n%.500s", exit, out)
	}
}

func TestCPULimit(t *testing.T) {
	t.Parallel()
	_, exit := run(t, Limits{CPU: time.Second}, "spin")
	if exit.Signal != int(syscall.SIGKILL) && exit.Signal != int(syscall.SIGXCPU) || exit.CPU < 3*time.Second/4 {
		t.Errorf("exit %+v, want killed for its CPU time", exit)
	}
}

func TestUnavailableSaysHow(t *testing.T) {
	err := &UnavailableError{Reason: errors.New("no user namespaces"), How: howToGetIt}
	for _, want := range []string{"no user namespaces", "sysctl", "--unsafe-no-sandbox"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
}

// childCPU reports the CPU time of the children waited for so far.
func childCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runSandboxed runs spec's program in its sandbox to its end.
func runSandboxed(b *testing.B, spec Spec) {
	c, err := Command(spec)
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Start(); err != nil {
		b.Fatal(err)
	}
	c.Wait()
	if _, err := c.Exit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRun is the price of a sandbox: a program that prints a line,
// run in one and run plainly.
func BenchmarkRun(b *testing.B) {
	if err := Available(); err != nil {
		b.Skip(err)
	}
	exe, _ := os.Executable()
	dir := b.TempDir()
	b.Run("sandboxed", func(b *testing.B) {
		before := childCPU()
		defer func() { b.ReportMetric(float64(childCPU()-before)/float64(b.N)/1e6, "cpu-ms/op") }()
		for b.Loop() {
			runSandboxed(b, Spec{Path: exe, Args: []string{"helper", "hello"}, Env: []string{helperEnv + "=1"}, Scratch: dir, ReadOnly: []string{filepath.Dir(exe)}, Limits: Limits{Processes: 256}})
		}
	})
	b.Run("plain", func(b *testing.B) {
		before := childCPU()
		defer func() { b.ReportMetric(float64(childCPU()-before)/float64(b.N)/1e6, "cpu-ms/op") }()
		for b.Loop() {
			cmd := exec.Command(exe, "hello")
			cmd.Env = []string{helperEnv + "=1"}
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkWatch is the price of the limits on a whole run, which the init
// measures every watchPeriod: a run of five processes that lasts a second,
// with and without them. cpu-ms/op is the CPU time of the init and the
// program together.
func BenchmarkWatch(b *testing.B) {
	if err := Available(); err != nil {
		b.Skip(err)
	}
	exe, _ := os.Executable()
	dir := b.TempDir()
	for _, c := range []struct {
		name string
		lim  Limits
	}{
		{"watched", Limits{Processes: 256, TotalMemory: DefaultLimits.TotalMemory, ScratchBytes: DefaultLimits.ScratchBytes, ScratchFiles: DefaultLimits.ScratchFiles}},
		{"unwatched", Limits{Processes: 256}},
	} {
		b.Run(c.name, func(b *testing.B) {
			before := childCPU()
			defer func() { b.ReportMetric(float64(childCPU()-before)/float64(b.N)/1e6, "cpu-ms/op") }()
			for b.Loop() {
				runSandboxed(b, Spec{Path: exe, Args: []string{"helper", "hold", "4", "8", "1s"}, Env: []string{helperEnv + "=1"}, Scratch: dir, ReadOnly: []string{filepath.Dir(exe)}, Limits: c.lim})
			}
		})
	}
}

// TestInheritsNoDescriptor: a descriptor the grader inherited without
// close-on-exec (a shell's redirection) does not reach the program.
func TestInheritsNoDescriptor(t *testing.T) {
	fd, err := syscall.Open(os.DevNull, syscall.O_RDONLY, 0) // no O_CLOEXEC: inherited by every exec
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	out, exit := run(t, Limits{}, "fd", strconv.Itoa(fd))
	if exit.Code != 0 || strings.TrimSpace(out) != "closed" {
		t.Errorf("descriptor %d in the program: %q (%+v), want closed", fd, out, exit)
	}
}
