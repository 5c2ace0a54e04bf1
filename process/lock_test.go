package process_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// holdJob is for a child that takes a lock and keeps it until it is killed.
type holdJob struct {
	Lock *process.Lock
	Held *process.Value[int32] // set to 1 once the lock is held
}

var holdLockUntilKilled = process.RegisterTarget("shm_test.holdLockUntilKilled", func(j holdJob) {
	j.Lock.Lock()
	j.Held.Set(1)
	time.Sleep(time.Hour)
})

// lockWithin locks l, failing the test if that takes longer than d.
func lockWithin(t *testing.T, l *process.Lock, d time.Duration) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		l.Lock()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("Lock still waiting after %v", d)
	}
}

// startHolder starts a child that holds l, and waits until it does.
func startHolder(t *testing.T, l *process.Lock) *process.Process {
	t.Helper()
	held, err := process.NewValue[int32](0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { held.Close() })
	p := process.New(holdLockUntilKilled, holdJob{Lock: l, Held: held})
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Kill(); p.Join() })
	deadline := time.Now().Add(10 * time.Second)
	for held.Get() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the child did not take the lock within 10s")
		}
		time.Sleep(time.Millisecond)
	}
	return p
}

func TestLockOfKilledHolderIsTakenOver(t *testing.T) {
	l, err := process.NewLock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	p := startHolder(t, l)
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	var exit *process.ExitError
	if err := p.Join(); !errors.As(err, &exit) || exit.Code != -9 {
		t.Fatalf("Join of the killed holder: %v, want an ExitError with code -9", err)
	}
	lockWithin(t, l, 10*time.Second)
	l.Unlock()
}

func TestLockWaiterTakesOverWhenHolderIsKilled(t *testing.T) {
	l, err := process.NewLock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	p := startHolder(t, l)
	got := make(chan struct{})
	go func() {
		l.Lock()
		close(got)
	}()
	select {
	case <-got:
		t.Fatal("Lock succeeded while a live child held the lock")
	case <-time.After(300 * time.Millisecond):
	}
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-got:
		l.Unlock()
	case <-time.After(10 * time.Second):
		t.Fatal("the waiting Lock did not take the lock over within 10s of its holder's death")
	}
}

func TestLockExcludesGoroutines(t *testing.T) {
	l, err := process.NewLock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var wg sync.WaitGroup
	inside, total := 0, 0 // guarded by l alone
	var bad bool
	for range 8 {
		wg.Go(func() {
			for range 500 {
				l.Lock()
				inside++
				if inside != 1 {
					bad = true
				}
				total++
				inside--
				l.Unlock()
			}
		})
	}
	wg.Wait()
	if bad || total != 4000 {
		t.Errorf("8 goroutines × 500 under the Lock: total %d (want 4000), overlap seen: %v", total, bad)
	}
}

func TestLockMisuse(t *testing.T) {
	l, err := process.NewLock()
	if err != nil {
		t.Fatal(err)
	}
	msg := mustPanic(t, "Unlock of an unlocked Lock", l.Unlock)
	if !strings.Contains(msg, "Unlock of an unlocked Lock") {
		t.Errorf("Unlock of an unlocked Lock panicked with %q", msg)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); !errors.Is(err, process.ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	msg = mustPanic(t, "Lock after Close", l.Lock)
	if !strings.Contains(msg, "process: Lock.Lock after Close") {
		t.Errorf("Lock after Close panicked with %q", msg)
	}
	var zero process.Lock
	msg = mustPanic(t, "Lock of a zero Lock", zero.Lock)
	if !strings.Contains(msg, "not made by NewLock") {
		t.Errorf("Lock of a zero Lock panicked with %q", msg)
	}
}

var lockAndReturn = process.RegisterTarget("shm_test.lockAndReturn", func(l *process.Lock) {
	l.Lock()
})

func TestLockOfHolderThatExitedIsTakenOver(t *testing.T) {
	l, err := process.NewLock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	p := process.New(lockAndReturn, l)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
	lockWithin(t, l, 10*time.Second)
	l.Unlock()
}
