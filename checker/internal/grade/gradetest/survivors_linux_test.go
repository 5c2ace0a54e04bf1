package gradetest

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// envChild names what the test binary, started again as a child, does
// instead of testing: "block" (until its stdin closes), "exit", or "leave"
// (start an "exit" child, print its pid, never reap it, and block).
const envChild = "GRADETEST_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(envChild) {
	case "":
		os.Exit(m.Run())
	case "block":
		io.Copy(io.Discard, os.Stdin)
	case "exit":
	case "leave":
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), envChild+"=exit")
		if err := cmd.Start(); err != nil {
			panic(err)
		}
		println(cmd.Process.Pid) // to stderr
		io.Copy(io.Discard, os.Stdin)
	}
	os.Exit(0)
}

// startChild starts the test binary as a child doing what, with marker in
// its environment, and returns it with the write end of its stdin.
func startChild(t *testing.T, what, marker string) (*exec.Cmd, io.WriteCloser, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), envChild+"="+what, "GRADETEST_MARKER="+marker)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return cmd, stdin, bufio.NewReader(stderr)
}

// waitZombie waits until pid has ended and is not reaped: a state the test
// waits for, not a time it measures; it fails after a minute.
func waitZombie(t *testing.T, pid int) {
	t.Helper()
	for end := time.Now().Add(time.Minute); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if p, ok := readStat(pid); ok && p.Zombie {
			return
		}
	}
	t.Fatalf("process %d is not a zombie after a minute", pid)
}

// look is one census, failing the test on an error.
func look(t *testing.T, c *census) []Survivor {
	t.Helper()
	left, err := c.look()
	if err != nil {
		t.Fatal(err)
	}
	return left
}

// TestSurvivorsKnowsAProcessUntilItIsReaped starts a process with the
// marker in its environment: it is found while it runs, still found as a
// zombie its parent (the test) has not reaped, and gone once reaped.
func TestSurvivorsKnowsAProcessUntilItIsReaped(t *testing.T) {
	marker := t.TempDir()
	c := newCensus(selection{marker: []byte(marker)})
	if left := look(t, c); len(left) != 0 {
		t.Fatalf("before the process started: %s", Format(left))
	}
	cmd, stdin, _ := startChild(t, "block", marker)
	pid := cmd.Process.Pid

	left := look(t, c)
	if len(left) != 1 || left[0].Pid != pid || left[0].Zombie || left[0].Parent != os.Getpid() || !strings.HasPrefix(left[0].Command, os.Args[0]) {
		t.Fatalf("while %d runs: %s", pid, Format(left))
	}
	command := left[0].Command

	stdin.Close()
	waitZombie(t, pid)
	left = look(t, c)
	if len(left) != 1 || left[0].Pid != pid || !left[0].Zombie || left[0].Command != command {
		t.Fatalf("once %d is a zombie: %s; want it, as %q", pid, Format(left), command)
	}
	if s := left[0].String(); !strings.Contains(s, "pid "+strconv.Itoa(pid)) || !strings.Contains(s, "never reaped") {
		t.Errorf("a zombie is told as %q", s)
	}

	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if left := look(t, c); len(left) != 0 {
		t.Errorf("once %d is reaped: %s", pid, Format(left))
	}
	if left, err := survivors(selection{marker: []byte(marker)}, 0); err != nil || len(left) != 0 {
		t.Errorf("survivors = %s, %v; want none", Format(left), err)
	}
}

// TestSurvivorsCountsAZombieItsParentLeaves starts a process of the run
// that never reaps its ended child: both are left (the zombie, never seen
// alive, known by its parent), the live one is killed, and then the
// zombie, an orphan that init reaps, is not counted.
func TestSurvivorsCountsAZombieItsParentLeaves(t *testing.T) {
	marker := t.TempDir()
	cmd, _, stderr := startChild(t, "leave", marker)
	line, err := stderr.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	zombie, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatal(err)
	}
	waitZombie(t, zombie)

	left, err := survivors(selection{marker: []byte(marker)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	parent := cmd.Process.Pid
	if len(left) != 2 || left[0].Pid != min(parent, zombie) || left[1].Pid != max(parent, zombie) {
		t.Fatalf("left: %s; want %d and its zombie %d", Format(left), parent, zombie)
	}
	for _, s := range left {
		if s.Pid == zombie && (!s.Zombie || s.Parent != parent || !strings.HasPrefix(s.Command, "[")) {
			t.Errorf("the zombie: %s", s)
		}
		if s.Pid == parent && s.Zombie {
			t.Errorf("its parent: %s", s)
		}
	}
	var exit *exec.ExitError
	if err := cmd.Wait(); !errors.As(err, &exit) || exit.String() != "signal: killed" {
		t.Errorf("the process left running ended with %v; want it killed", err)
	}
	if left, err := survivors(selection{marker: []byte(marker)}, 0); err != nil || len(left) != 0 {
		t.Errorf("once the parent is reaped: %s, %v; want none", Format(left), err)
	}
}

// TestSurvivorsOfListedPids finds a listed process whatever its
// environment, and none once it is reaped.
func TestSurvivorsOfListedPids(t *testing.T) {
	cmd, stdin, _ := startChild(t, "block", "")
	pid := cmd.Process.Pid
	sel := selection{pids: map[int]bool{pid: true}}
	if left := look(t, newCensus(sel)); len(left) != 1 || left[0].Pid != pid {
		t.Errorf("while %d runs: %s", pid, Format(left))
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if left, err := SurvivorsOf([]int{pid}); err != nil || len(left) != 0 {
		t.Errorf("once %d is reaped: %s, %v", pid, Format(left), err)
	}
}

// TestSurvivorsRefusesAnEmptyMarker: every environment holds "".
func TestSurvivorsRefusesAnEmptyMarker(t *testing.T) {
	if left, err := Survivors(""); err == nil {
		t.Errorf("Survivors(\"\") = %v, no error", left)
	}
}

// TestSurvivorsOfIgnoresAPidTakenLater: a listed pid held by a process
// that started after the census began is a reused pid, not the run's.
func TestSurvivorsOfIgnoresAPidTakenLater(t *testing.T) {
	self, ok := readStat(os.Getpid())
	if !ok {
		t.Fatal("cannot read this process's stat")
	}
	c := newCensus(selection{pids: map[int]bool{self.Pid: true}})
	if c.since == 0 {
		t.Skip("no /proc/uptime")
	}
	if !c.ofRun(self.Pid, self) {
		t.Errorf("a listed process that started before the census (at %d, census at %d) is not the run's", self.start, c.since)
	}
	later := self
	later.start = c.since + clockTicks
	if c.ofRun(later.Pid, later) {
		t.Error("a listed pid held by a process started after the census is the run's")
	}
	if newCensus(selection{pids: map[int]bool{}}).ofRun(self.Pid, self) {
		t.Error("a pid not listed is the run's")
	}
}
