package process_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// TestSemaphoreCounts follows CPython's _TestSemaphore.test_semaphore: the
// value goes down with each acquire and up with each release, and a
// non-blocking acquire fails at zero.
func TestSemaphoreCounts(t *testing.T) {
	s, err := process.NewSemaphore(2)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	steps := []struct {
		do   func() bool
		want int
	}{
		{func() bool { return s.TryAcquire() }, 1},
		{func() bool { return s.TryAcquire() }, 0},
		{func() bool { return !s.TryAcquire() }, 0},
		{func() bool { s.Release(); return true }, 1},
		{func() bool { s.Release(); return true }, 2},
		{func() bool { s.Release(); return true }, 3}, // not bounded: as Python's Semaphore
		{func() bool { s.Acquire(); return true }, 2},
	}
	for i, st := range steps {
		if !st.do() {
			t.Fatalf("step %d: TryAcquire gave the wrong answer", i)
		}
		if got := s.Value(); got != st.want {
			t.Fatalf("step %d: Value() = %d, want %d", i, got, st.want)
		}
	}
}

// TestBoundedSemaphore: a Release past the initial slots panics, as
// Python's BoundedSemaphore raises ValueError.
func TestBoundedSemaphore(t *testing.T) {
	s, err := process.NewBoundedSemaphore(1)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Acquire()
	s.Release()
	msg := mustPanic(t, "Release past the bound", s.Release)
	if !strings.Contains(msg, "released more times than acquired") {
		t.Errorf("Release past the bound panicked with %q", msg)
	}
	if got := s.Value(); got != 1 {
		t.Errorf("Value() after the refused Release = %d, want 1", got)
	}
}

func TestSemaphoreBadInput(t *testing.T) {
	if _, err := process.NewSemaphore(-1); err == nil || !strings.Contains(err.Error(), "between 0 and") {
		t.Errorf("NewSemaphore(-1): %v", err)
	}
	var zero process.Semaphore
	msg := mustPanic(t, "Acquire of a zero Semaphore", zero.Acquire)
	if !strings.Contains(msg, "not made by NewSemaphore") {
		t.Errorf("Acquire of a zero Semaphore panicked with %q", msg)
	}
	s, err := process.NewSemaphore(1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); !errors.Is(err, process.ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	if err := s.AcquireContext(context.Background()); !errors.Is(err, process.ErrClosed) {
		t.Errorf("AcquireContext after Close: %v, want ErrClosed", err)
	}
	mustPanic(t, "Release after Close", s.Release)
}

type semJob struct {
	Sem    *process.Semaphore
	Inside *process.Value[int32] // how many children hold a slot now
	Most   *process.Value[int32] // the most that ever did at once
	Held   *process.Value[int32] // set once the child holds its slot
}

var semWork = process.RegisterTarget("sem_test.work", func(j semJob) {
	for range 50 {
		j.Sem.Acquire()
		n := j.Inside.Add(1)
		for {
			m := j.Most.Get()
			if n <= m || j.Most.Add(n-m) == n {
				break
			}
		}
		time.Sleep(100 * time.Microsecond)
		j.Inside.Add(-1)
		j.Sem.Release()
	}
})

// TestSemaphoreLimitsProcesses: five children share two slots; never more
// than two hold one at once, and every slot is free again at the end.
func TestSemaphoreLimitsProcesses(t *testing.T) {
	s, err := process.NewSemaphore(2)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	j := semJob{Sem: s, Inside: newFlag(t), Most: newFlag(t)}
	var ps []*process.Process
	for range 5 {
		ps = append(ps, startChild(t, process.New(semWork, j)))
	}
	for _, p := range ps {
		if err := p.Join(); err != nil {
			t.Fatal(err)
		}
	}
	if most := j.Most.Get(); most > 2 || most < 1 {
		t.Errorf("at most %d children held a slot at once, want 1 or 2 (the semaphore has 2)", most)
	}
	if v := s.Value(); v != 2 {
		t.Errorf("Value() after all released = %d, want 2", v)
	}
}

var semHoldUntilKilled = process.RegisterTarget("sem_test.holdUntilKilled", func(j semJob) {
	j.Sem.Acquire()
	j.Held.Set(1)
	time.Sleep(time.Hour)
})

// startSemHolder starts a child that takes a slot of s and keeps it until
// killed, and waits until it holds it.
func startSemHolder(t *testing.T, s *process.Semaphore) *process.Process {
	t.Helper()
	j := semJob{Sem: s, Held: newFlag(t)}
	p := startChild(t, process.New(semHoldUntilKilled, j))
	waitUntil(t, "the child to take its slot", func() bool { return j.Held.Get() == 1 })
	return p
}

// TestSemaphoreSlotOfKilledHolderIsGivenBack: CPython's semaphore loses
// the slot of a process killed while holding it; this one gives it back,
// to a waiter already waiting and to later ones.
func TestSemaphoreSlotOfKilledHolderIsGivenBack(t *testing.T) {
	s, err := process.NewSemaphore(1)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := startSemHolder(t, s)
	if s.TryAcquire() {
		t.Fatal("TryAcquire took a slot while a live child held the only one")
	}
	got := make(chan struct{})
	go func() {
		s.Acquire()
		close(got)
	}()
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	p.Join()
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the waiting Acquire did not get the dead holder's slot within 10s")
	}
	s.Release()
	if v := s.Value(); v != 1 {
		t.Errorf("Value() = %d after the slot came back and was released, want 1", v)
	}

	// A holder that is dead before anybody waits: TryAcquire finds it.
	p = startSemHolder(t, s)
	p.Kill()
	p.Join()
	waitUntil(t, "TryAcquire to get the dead holder's slot", s.TryAcquire)
}

var semTake = process.RegisterTarget("sem_test.take", func(s *process.Semaphore) {
	s.Acquire()
})

// TestSemaphoreSignalIsNotGivenBack: a semaphore used to signal (made with
// no slot, released in one process, acquired in another) keeps the
// signal's meaning: the child that consumed it and exited does not hand
// it back.
func TestSemaphoreSignalIsNotGivenBack(t *testing.T) {
	s, err := process.NewSemaphore(0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Release()
	p := startChild(t, process.New(semTake, s))
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := s.AcquireContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("AcquireContext after the child consumed the only signal: %v, want DeadlineExceeded", err)
	}
}

// TestSemaphoreAcquireContext: a cancelled or timed-out acquire takes
// nothing and leaves the semaphore usable, as CPython's
// test_acquire_timeout checks for acquire(timeout=...).
func TestSemaphoreAcquireContext(t *testing.T) {
	s, err := process.NewSemaphore(0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.AcquireContext(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("AcquireContext on an empty semaphore: %v, want DeadlineExceeded", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.AcquireContext(ctx) }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled AcquireContext: %v, want Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("AcquireContext did not return within 10s of its cancellation")
	}
	s.Release()
	if err := s.AcquireContext(context.Background()); err != nil {
		t.Fatalf("AcquireContext after the cancelled ones: %v", err)
	}
	if v := s.Value(); v != 0 {
		t.Errorf("Value() = %d, want 0", v)
	}
}

func TestSemaphoreCloseWhileWaiting(t *testing.T) {
	s, err := process.NewSemaphore(0)
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- s.AcquireContext(context.Background()) }()
	time.Sleep(20 * time.Millisecond)
	s.Close()
	select {
	case err := <-errc:
		if !errors.Is(err, process.ErrClosed) {
			t.Errorf("AcquireContext when closed: %v, want ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("AcquireContext still waiting 10s after Close")
	}
}

func TestSemaphoreCreateAndCloseLeavesNothing(t *testing.T) {
	noLeak(t, 1000, func() {
		s, err := process.NewSemaphore(1)
		if err != nil {
			t.Fatal(err)
		}
		s.Acquire()
		s.Release()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	})
}
