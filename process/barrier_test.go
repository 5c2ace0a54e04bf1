package process_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

type barrierJob struct {
	Bar     *process.Barrier
	Rounds  int
	Indexes *process.Array[int32] // Indexes[round*parties+i]: how many got index i
	Held    *process.Value[int32]
}

var barrierRounds = process.RegisterTarget("barrier_test.rounds", func(j barrierJob) {
	for r := range j.Rounds {
		i, err := j.Bar.Wait()
		if err != nil {
			panic(err)
		}
		j.Indexes.Lock()
		k := r*j.Bar.Parties() + i
		j.Indexes.Set(k, j.Indexes.Get(k)+1)
		j.Indexes.Unlock()
	}
})

// TestBarrier follows CPython's _TestBarrier.test_barrier and
// test_wait_return: three processes pass a barrier of three ten times, and
// in each round the arrival indexes are 0, 1 and 2, once each.
func TestBarrier(t *testing.T) {
	const parties, rounds = 3, 10
	b, err := process.NewBarrier(parties)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	idx, err := process.NewArray(make([]int32, parties*rounds))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	j := barrierJob{Bar: b, Rounds: rounds, Indexes: idx}
	var ps []*process.Process
	for range parties {
		ps = append(ps, startChild(t, process.New(barrierRounds, j)))
	}
	for _, p := range ps {
		within(t, 20*time.Second, "the children's rounds", func() {
			if err := p.Join(); err != nil {
				t.Error(err)
			}
		})
	}
	want := slices.Repeat([]int32{1}, parties*rounds)
	if got := idx.Slice(); !slices.Equal(got, want) {
		t.Errorf("arrival indexes per round (count of each): %v, want each index once per round", got)
	}
	if b.Waiting() != 0 || b.Broken() {
		t.Errorf("after the rounds: Waiting %d, Broken %v", b.Waiting(), b.Broken())
	}
}

var barrierWaitForever = process.RegisterTarget("barrier_test.waitForever", func(j barrierJob) {
	j.Bar.Wait()
})

// TestBarrierBreaksWhenAPartyDies: CPython's barrier hangs the others for
// ever when a waiting party is killed; this one breaks with an error that
// names it, for a party waiting already and for one arriving later.
func TestBarrierBreaksWhenAPartyDies(t *testing.T) {
	b, err := process.NewBarrier(3)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	p := startChild(t, process.New(barrierWaitForever, barrierJob{Bar: b}))
	waitUntil(t, "the child waiting at the barrier", func() bool { return b.Waiting() == 1 })
	errc := make(chan error, 1)
	go func() {
		_, err := b.Wait()
		errc <- err
	}()
	waitUntil(t, "the parent waiting at the barrier", func() bool { return b.Waiting() == 2 })
	p.Kill()
	p.Join()
	select {
	case err := <-errc:
		if !errors.Is(err, process.ErrBrokenBarrier) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d died", p.Pid())) {
			t.Fatalf("Wait when a party was killed: %v, want ErrBrokenBarrier naming pid %d", err, p.Pid())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Wait still hanging 10s after a waiting party was killed")
	}
	if !b.Broken() {
		t.Error("Broken() false after a party died")
	}
	if _, err := b.Wait(); !errors.Is(err, process.ErrBrokenBarrier) {
		t.Errorf("Wait on a broken barrier: %v, want ErrBrokenBarrier", err)
	}
	b.Reset()
	if b.Broken() {
		t.Error("Broken() true after Reset")
	}
}

// TestBarrierWaitContext: a party that gives up leaves the barrier whole
// for the others, and its place is taken by the next one.
func TestBarrierWaitContext(t *testing.T) {
	b, err := process.NewBarrier(2)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if i, err := b.WaitContext(ctx); !errors.Is(err, context.DeadlineExceeded) || i != -1 {
		t.Fatalf("WaitContext alone: %d, %v, want -1, DeadlineExceeded", i, err)
	}
	if b.Waiting() != 0 || b.Broken() {
		t.Fatalf("after the party left: Waiting %d, Broken %v", b.Waiting(), b.Broken())
	}
	idx, err := process.NewArray(make([]int32, 2))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	p := startChild(t, process.New(barrierRounds, barrierJob{Bar: b, Rounds: 1, Indexes: idx}))
	var mine int
	within(t, 10*time.Second, "a round with the child", func() {
		mine, err = b.Wait()
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
	if got := idx.Get(1 - mine); got != 1 {
		t.Errorf("parent got index %d, child's counts %v", mine, idx.Slice())
	}
}

// TestBarrierAbortAndReset follows CPython's test_abort and test_reset.
func TestBarrierAbortAndReset(t *testing.T) {
	b, err := process.NewBarrier(2)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	errc := make(chan error, 1)
	go func() { _, err := b.Wait(); errc <- err }()
	waitUntil(t, "a waiter", func() bool { return b.Waiting() == 1 })
	b.Abort()
	if err := <-errc; !errors.Is(err, process.ErrBrokenBarrier) || !strings.Contains(err.Error(), "aborted") {
		t.Errorf("Wait when aborted: %v", err)
	}
	b.Reset()
	go func() { _, err := b.Wait(); errc <- err }()
	waitUntil(t, "a waiter", func() bool { return b.Waiting() == 1 })
	b.Reset()
	if err := <-errc; !errors.Is(err, process.ErrBrokenBarrier) || !strings.Contains(err.Error(), "Reset") {
		t.Errorf("Wait when reset: %v", err)
	}
	go func() { _, err := b.Wait(); errc <- err }()
	if _, err := b.Wait(); err != nil {
		t.Errorf("Wait after Reset: %v", err)
	}
	if err := <-errc; err != nil {
		t.Errorf("Wait after Reset: %v", err)
	}
}

func TestBarrierBadInput(t *testing.T) {
	if _, err := process.NewBarrier(0); err == nil {
		t.Error("NewBarrier(0) succeeded")
	}
	var zero process.Barrier
	if _, err := zero.Wait(); err == nil || !strings.Contains(err.Error(), "not made by NewBarrier") {
		t.Errorf("Wait on a zero Barrier: %v", err)
	}
}

func TestBarrierCreateAndCloseLeavesNothing(t *testing.T) {
	noLeak(t, 1000, func() {
		b, err := process.NewBarrier(1)
		if err != nil {
			t.Fatal(err)
		}
		if i, err := b.Wait(); i != 0 || err != nil {
			t.Fatalf("Wait on a barrier of one: %d, %v", i, err)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
	})
}
