package process_test

import (
	"context"
	"io"
	"testing"

	"github.com/procbook/procbook/process"
)

// The benchmarks of the synchronization primitives and the Pipe, each
// beside the same operation in CPython's multiprocessing in
// bench/primitives.py. Those between two processes have a child do the
// other half of every operation.

// benchEcho sends back every int it receives, until EOF.
var benchEcho = process.RegisterTarget("bench.echo", func(c *process.Conn[int]) {
	for {
		v, err := c.Recv()
		if err == io.EOF {
			return
		}
		if err != nil {
			panic(err)
		}
		if err := c.Send(v); err != nil {
			panic(err)
		}
	}
})

// BenchmarkConnRoundTrip: an int sent to a child on a Pipe and sent back;
// one op is one round trip.
func BenchmarkConnRoundTrip(b *testing.B) {
	a, c, err := process.NewPipe[int]()
	if err != nil {
		b.Fatal(err)
	}
	p := process.New(benchEcho, c)
	if err := p.Start(); err != nil {
		b.Fatal(err)
	}
	c.Close()
	for i := 0; b.Loop(); i++ {
		if err := a.Send(i); err != nil {
			b.Fatal(err)
		}
		if v, err := a.Recv(); err != nil || v != i {
			b.Fatalf("round trip %d: %d, %v", i, v, err)
		}
	}
	a.Close()
	if err := p.Join(); err != nil {
		b.Fatal(err)
	}
}

type pingPong struct {
	Ping, Pong *process.Event
	N          int
}

// benchPong answers each of N pings with a pong.
var benchPong = process.RegisterTarget("bench.pong", func(j pingPong) {
	for range j.N {
		if err := j.Ping.Wait(context.Background()); err != nil {
			panic(err)
		}
		j.Ping.Clear()
		j.Pong.Set()
	}
})

// BenchmarkEventWakeup: the parent sets one Event, a child waiting on it
// wakes and sets another, which wakes the parent; one op is one wake-up
// of a process waiting on an Event (half a round).
func BenchmarkEventWakeup(b *testing.B) {
	ping, err := process.NewEvent()
	if err != nil {
		b.Fatal(err)
	}
	defer ping.Close()
	pong, err := process.NewEvent()
	if err != nil {
		b.Fatal(err)
	}
	defer pong.Close()
	rounds := max(b.N/2, 1)
	p := process.New(benchPong, pingPong{Ping: ping, Pong: pong, N: rounds + 1})
	if err := p.Start(); err != nil {
		b.Fatal(err)
	}
	round := func() {
		ping.Set()
		if err := pong.Wait(context.Background()); err != nil {
			b.Fatal(err)
		}
		pong.Clear()
	}
	round() // the child is up
	b.ResetTimer()
	for range rounds {
		round()
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*rounds), "ns/wakeup")
	if err := p.Join(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSemaphoreAcquireRelease: an acquire and a release of a free
// slot, as BenchmarkLockUnlock.
func BenchmarkSemaphoreAcquireRelease(b *testing.B) {
	s, err := process.NewSemaphore(1)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		s.Acquire()
		s.Release()
	}
}

type barrierBench struct {
	Bar *process.Barrier
	N   int
}

var benchBarrierParty = process.RegisterTarget("bench.barrierParty", func(j barrierBench) {
	for range j.N {
		if _, err := j.Bar.Wait(); err != nil {
			panic(err)
		}
	}
})

// BenchmarkBarrierRound: the parent and a child pass a Barrier of two;
// one op is one round.
func BenchmarkBarrierRound(b *testing.B) {
	bar, err := process.NewBarrier(2)
	if err != nil {
		b.Fatal(err)
	}
	defer bar.Close()
	p := process.New(benchBarrierParty, barrierBench{Bar: bar, N: b.N + 1})
	if err := p.Start(); err != nil {
		b.Fatal(err)
	}
	if _, err := bar.Wait(); err != nil { // the child is up
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := bar.Wait(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if err := p.Join(); err != nil {
		b.Fatal(err)
	}
}
