//go:build unix

package scenario

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/procbook/procbook/internal/sandbox"
)

func TestSuperviseKillsGrandchildren(t *testing.T) {
	t.Parallel()
	start := time.Now()
	res := superviseFixture(t, context.Background(), 10*time.Second, DefaultOutputCap, "grandchild")
	if res.Code != 0 || res.TimedOut != 0 {
		t.Fatalf("code %d, timed out %v; stderr:\n%s", res.Code, res.TimedOut, res.Stderr)
	}
	// The grandchild sleeps for an hour holding stdout: the verdict must
	// not wait for it.
	if d := time.Since(start); d > drainGrace {
		t.Errorf("the verdict took %v", d)
	}
	m := regexp.MustCompile(`grandchild (\d+)`).FindStringSubmatch(res.Stdout)
	if m == nil {
		t.Fatalf("no grandchild pid in %q", res.Stdout)
	}
	pid, _ := strconv.Atoi(m[1])
	deadline := time.Now().Add(5 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the grandchild %d outlived the program", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// alive reports whether pid is a running process (a zombie is not).
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command name in parentheses: "1234 (fixture) Z".
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// TestSuperviseSandboxStopsARunPastItsMemory: four processes, each under
// every limit on one process, hold more memory in all than the run may;
// the verdict says so.
func TestSuperviseSandboxStopsARunPastItsMemory(t *testing.T) {
	t.Parallel()
	if err := sandbox.Available(); err != nil {
		t.Skip(err)
	}
	exe := fixtureExe(t)
	dir := t.TempDir()
	lim := sandbox.DefaultLimits
	lim.TotalMemory = 256 << 20
	res, err := supervise(context.Background(), runSpec{
		Path:      exe,
		Args:      []string{"hold", "4", "128"},
		Name:      "fixture",
		Dir:       dir,
		Env:       []string{"PATH=/nonexistent"},
		Timeout:   time.Minute,
		OutputCap: DefaultOutputCap,
		Sandbox:   &lim,
		Scratch:   dir,
	})
	if err != nil {
		t.Fatal(err)
	}
	msg, status, reason := judgeRun(res, false)
	if want := "fixture used more than 256 MiB of memory in all, and was stopped"; !strings.HasPrefix(msg, want+": ") || status != Fail || reason != strings.TrimPrefix(want, "fixture ") {
		t.Errorf("verdict %s %q (%q), want %q; stderr:\n%s", status, msg, reason, want, res.Stderr)
	}
}
