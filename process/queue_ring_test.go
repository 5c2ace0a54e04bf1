package process_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// patterned is item i of a test of the ring's wrapping: its size leaves the
// ring's end at a different place each time, and every byte depends on its
// place and on i, so that bytes copied out of order, twice or from the
// wrong lap of the ring show.
func patterned(i int) []byte {
	b := make([]byte, 1+(i*37_813)%150_000)
	for j := range b {
		b[j] = byte(i*131 + j*7 + j>>8)
	}
	return b
}

type patternJob struct {
	Q *process.Queue[[]byte]
	N int
}

var putPatterned = process.RegisterTarget("queue_ring_test.putPatterned", func(j patternJob) {
	for i := range j.N {
		if err := j.Q.Put(patterned(i)); err != nil {
			panic(err)
		}
	}
})

// Enough items to go round the ring many times, put by a child while the
// parent gets them, so that both sides wait for each other at times.
func TestQueueItemsGoRoundTheRingIntact(t *testing.T) {
	q, err := process.NewQueue[[]byte](8)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	const n = 400
	p := process.New(putPatterned, patternJob{Q: q, N: n})
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		got, err := q.Get()
		if err != nil {
			t.Fatal(err)
		}
		if want := patterned(i); !bytes.Equal(got, want) {
			at := 0
			for at < min(len(got), len(want)) && got[at] == want[at] {
				at++
			}
			t.Fatalf("item %d: %d bytes, want %d; first difference at byte %d", i, len(got), len(want), at)
		}
	}
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
}

// A Put of an item larger than the ring, which nobody reads, waits for
// room once the ring is full; Close ends that wait.
func TestQueueCloseWakesPutWaitingForRoom(t *testing.T) {
	q, err := process.NewQueue[[]byte](2)
	if err != nil {
		t.Fatal(err)
	}
	put := make(chan error, 1)
	go func() { put <- q.Put(make([]byte, 3<<20)) }()
	time.Sleep(50 * time.Millisecond) // let Put fill the ring; the test holds either way
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-put:
		if !errors.Is(err, process.ErrClosed) {
			t.Errorf("Put waiting for room when the queue was closed: %v, want ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Put still waiting 10s after Close")
	}
}
