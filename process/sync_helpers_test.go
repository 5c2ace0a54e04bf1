package process_test

import (
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// waitUntil polls cond until it holds, failing the test after 10 s: the
// condition is something another process does, which no timeout of ours
// should decide.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting after 10s for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// within runs f in a goroutine and fails the test if it has not returned
// after d, which is generous: it stands for "never".
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s still not done after %v", what, d)
	}
}

// startChild starts p, and kills and joins it when the test ends.
func startChild(t *testing.T, p *process.Process) *process.Process {
	t.Helper()
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Kill(); p.Join() })
	return p
}

// newFlag returns a shared int32 Value, closed when the test ends.
func newFlag(t *testing.T) *process.Value[int32] {
	t.Helper()
	v, err := process.NewValue[int32](0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// noLeak runs cycle n times and fails if this process ends with more open
// descriptors, or more than a few more mappings, than it had after the
// first cycle.
func noLeak(t *testing.T, n int, cycle func()) {
	t.Helper()
	cycle()
	fds, maps := openFDs(t), mappings(t)
	for range n - 1 {
		cycle()
	}
	if after := openFDs(t); after > fds {
		t.Errorf("open descriptors went from %d to %d after %d cycles", fds, after, n)
	}
	// The Go heap may grow a mapping or two; a leak would add one per cycle.
	if after := mappings(t); after > maps+10 {
		t.Errorf("mappings went from %d to %d after %d cycles", maps, after, n)
	}
}
