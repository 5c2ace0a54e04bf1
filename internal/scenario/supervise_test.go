package scenario

import (
	"context"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// superviseFixture runs the fixture program under supervision.
func superviseFixture(t *testing.T, ctx context.Context, timeout time.Duration, outputCap int64, args ...string) *runResult {
	t.Helper()
	exe := fixtureExe(t)
	res, err := supervise(ctx, runSpec{
		Path:      exe,
		Args:      args,
		Name:      "fixture",
		Dir:       t.TempDir(),
		Env:       []string{"PATH=" + os.Getenv("PATH")},
		Timeout:   timeout,
		OutputCap: outputCap,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSuperviseLoopTimesOut(t *testing.T) {
	t.Parallel()
	const timeout = 500 * time.Millisecond
	start := time.Now()
	res := superviseFixture(t, context.Background(), timeout, DefaultOutputCap, "loop")
	elapsed := time.Since(start)
	if res.TimedOut != timeout {
		t.Errorf("TimedOut = %v, want %v (code %d)", res.TimedOut, timeout, res.Code)
	}
	// Killing is immediate; the rest is the time to reap and drain.
	if elapsed > timeout+2*time.Second {
		t.Errorf("the verdict took %v for a timeout of %v", elapsed, timeout)
	}
}

func TestSuperviseFloodIsCapped(t *testing.T) {
	t.Parallel()
	const limit = 256 << 10
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res := superviseFixture(t, context.Background(), 20*time.Second, limit, "flood", "stdout")
	runtime.ReadMemStats(&after)
	if res.Overflow != "stdout" {
		t.Errorf("Overflow = %q, want stdout", res.Overflow)
	}
	if len(res.Stdout) != limit {
		t.Errorf("kept %d bytes of stdout, want the cap, %d", len(res.Stdout), limit)
	}
	if res.TimedOut != 0 {
		t.Errorf("a flood should be stopped at the cap, not by the timeout")
	}
	// The fixture writes without end: without the cap the harness would
	// hold all of it. Allow generous room for the rest of the test binary.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("supervising a flood allocated %d MiB", grew>>20)
	}
}

func TestSuperviseStdinIsEmpty(t *testing.T) {
	t.Parallel()
	res := superviseFixture(t, context.Background(), 5*time.Second, DefaultOutputCap, "stdin")
	if res.Stdout != "read 0 bytes, <nil>\n" {
		t.Errorf("stdout %q", res.Stdout)
	}
}

func TestSupervisePanic(t *testing.T) {
	t.Parallel()
	res := superviseFixture(t, context.Background(), 5*time.Second, DefaultOutputCap, "panic")
	if !res.Panicked || res.Crash != "boom" || res.Code != 2 {
		t.Errorf("Panicked %v, Crash %q, Code %d; stderr:\n%s", res.Panicked, res.Crash, res.Code, res.Stderr)
	}
}

func TestSuperviseCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	start := time.Now()
	res := superviseFixture(t, ctx, time.Minute, DefaultOutputCap, "sleep", "1h")
	if !res.Canceled {
		t.Errorf("Canceled = false, code %d", res.Code)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancelling took %v", d)
	}
}

func TestSuperviseStartFailure(t *testing.T) {
	t.Parallel()
	_, err := supervise(context.Background(), runSpec{Path: "/nonexistent/program", Name: "nothing", Timeout: time.Second, OutputCap: 10})
	if err == nil || !strings.HasPrefix(err.Error(), "scenario: running nothing: ") {
		t.Errorf("err = %v", err)
	}
}

func TestCapBuffer(t *testing.T) {
	full := 0
	b := &capBuffer{limit: 5, full: func() { full++ }}
	for _, s := range []string{"ab", "cd", "ef", "gh"} {
		if n, err := b.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	if b.String() != "abcde" || full != 1 {
		t.Errorf("kept %q, full called %d times", b.String(), full)
	}
}
