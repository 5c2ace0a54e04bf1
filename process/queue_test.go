package process_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// tagged is an item that says who put it and in which order.
type tagged struct {
	Producer int
	Seq      int
}

type produceJob struct {
	Q        *process.Queue[tagged]
	Producer int
	Count    int
}

var produceTagged = process.RegisterTarget("shm_test.produceTagged", func(j produceJob) {
	for i := range j.Count {
		if err := j.Q.Put(tagged{Producer: j.Producer, Seq: i}); err != nil {
			panic(err)
		}
	}
})

func TestQueueTwoProducersOneConsumer(t *testing.T) {
	const perProducer = 500
	q, err := process.NewQueue[tagged](16)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	var procs []*process.Process
	for id := range 2 {
		p := process.New(produceTagged, produceJob{Q: q, Producer: id, Count: perProducer})
		if err := p.Start(); err != nil {
			t.Fatal(err)
		}
		procs = append(procs, p)
	}
	next := [2]int{} // the Seq expected next from each producer
	for range 2 * perProducer {
		item, err := q.Get()
		if err != nil {
			t.Fatal(err)
		}
		if item.Producer < 0 || item.Producer > 1 {
			t.Fatalf("item from unknown producer: %+v", item)
		}
		if item.Seq != next[item.Producer] {
			t.Fatalf("producer %d: got item %d, want %d (each producer's items in order, each once)", item.Producer, item.Seq, next[item.Producer])
		}
		next[item.Producer]++
	}
	for _, p := range procs {
		if err := p.Join(); err != nil {
			t.Fatal(err)
		}
	}
	if next != [2]int{perProducer, perProducer} {
		t.Errorf("items per producer: %v, want %d each", next, perProducer)
	}
}

func TestQueuePutBlocksWhenFull(t *testing.T) {
	q, err := process.NewQueue[int](1)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if err := q.Put(1); err != nil {
		t.Fatal(err)
	}
	put := make(chan error)
	go func() { put <- q.Put(2) }()
	select {
	case err := <-put:
		t.Fatalf("Put on a full queue of size 1 returned (%v) before any Get", err)
	case <-time.After(200 * time.Millisecond):
	}
	if v, err := q.Get(); v != 1 || err != nil {
		t.Fatalf("Get = %d, %v; want 1", v, err)
	}
	select {
	case err := <-put:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Put still blocked 10s after a Get made room")
	}
	if v, err := q.Get(); v != 2 || err != nil {
		t.Fatalf("Get = %d, %v; want 2", v, err)
	}
}

type countedPutsJob struct {
	Q    *process.Queue[int]
	Done *process.Value[int32] // how many Puts have returned
	N    int
}

var putCounted = process.RegisterTarget("shm_test.putCounted", func(j countedPutsJob) {
	for i := range j.N {
		if err := j.Q.Put(i); err != nil {
			panic(err)
		}
		j.Done.Add(1)
	}
})

func TestQueuePutBlocksWhenFullAcrossProcesses(t *testing.T) {
	q, err := process.NewQueue[int](1)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	done, err := process.NewValue[int32](0)
	if err != nil {
		t.Fatal(err)
	}
	defer done.Close()
	p := process.New(putCounted, countedPutsJob{Q: q, Done: done, N: 3})
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	defer p.Kill()
	deadline := time.Now().Add(10 * time.Second)
	for done.Get() < 1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	if n := done.Get(); n != 1 {
		t.Fatalf("the child's Puts into a queue of size 1 that nobody reads: %d returned, want 1", n)
	}
	for want := range 3 {
		if v, err := q.Get(); v != want || err != nil {
			t.Fatalf("Get = %d, %v; want %d", v, err, want)
		}
	}
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
}

type bigJob struct {
	Q *process.Queue[[]byte]
	N int
}

// bigItem is item i of a test of large items: bigger than a pipe's buffer,
// and from item 1 on bigger than a Get allocates before reading.
func bigItem(i int) []byte {
	return bytes.Repeat([]byte{byte('a' + i)}, 300_000+i*1_000_000)
}

var putBig = process.RegisterTarget("shm_test.putBig", func(j bigJob) {
	for i := range j.N {
		if err := j.Q.Put(bigItem(i)); err != nil {
			panic(err)
		}
	}
})

func TestQueueCarriesItemsLargerThanAPipe(t *testing.T) {
	q, err := process.NewQueue[[]byte](2)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	p := process.New(putBig, bigJob{Q: q, N: 4})
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		got, err := q.Get()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, bigItem(i)) {
			t.Fatalf("item %d: %d bytes starting %q, want %d bytes of %q", i, len(got), got[:min(len(got), 4)], len(bigItem(i)), bigItem(i)[:4])
		}
	}
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
}

type sumJob struct {
	Q   *process.Queue[int]
	Sum *process.Value[int64]
}

var sumUntilNegative = process.RegisterTarget("shm_test.sumUntilNegative", func(j sumJob) {
	for {
		v, err := j.Q.Get()
		if err != nil {
			panic(err)
		}
		if v < 0 {
			return
		}
		j.Sum.Add(int64(v))
	}
})

func TestQueueConsumersInChildren(t *testing.T) {
	q, err := process.NewQueue[int](4)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	sum, err := process.NewValue[int64](0)
	if err != nil {
		t.Fatal(err)
	}
	defer sum.Close()
	var procs []*process.Process
	for range 3 {
		p := process.New(sumUntilNegative, sumJob{Q: q, Sum: sum})
		if err := p.Start(); err != nil {
			t.Fatal(err)
		}
		procs = append(procs, p)
	}
	for i := 1; i <= 1000; i++ {
		if err := q.Put(i); err != nil {
			t.Fatal(err)
		}
	}
	for range procs {
		q.Put(-1)
	}
	for _, p := range procs {
		if err := p.Join(); err != nil {
			t.Fatal(err)
		}
	}
	if got := sum.Get(); got != 500500 {
		t.Errorf("sum of 1..1000 taken by three children: %d, want 500500", got)
	}
}

func TestQueueSizeMustBePositive(t *testing.T) {
	for _, size := range []int{0, -1} {
		q, err := process.NewQueue[int](size)
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("NewQueue(%d)", size)) {
			t.Errorf("NewQueue(%d) = %v, %v; want an error", size, q, err)
		}
	}
}

func TestQueuePutOfUnencodableValuePutsNothing(t *testing.T) {
	q, err := process.NewQueue[map[string]any](1)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	if err := q.Put(map[string]any{"f": func() {}}); err == nil {
		t.Fatal("Put of a function succeeded")
	}
	// Had the failed Put taken the only slot, this one would block forever.
	put := make(chan error, 1)
	go func() { put <- q.Put(map[string]any{"n": 1}) }()
	select {
	case err := <-put:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Put blocked: the failed Put took a slot")
	}
	got, err := q.Get()
	if err != nil || got["n"] != 1 {
		t.Errorf("Get = %v, %v; want map[n:1]", got, err)
	}
}

// withArray is an item carrying a shared object, which cannot travel in a
// queue.
type withArray struct {
	A *process.Array[int]
}

func TestQueueItemCarryingSharedObjectFails(t *testing.T) {
	a, err := process.NewArray([]int{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	q, err := process.NewQueue[withArray](1)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	err = q.Put(withArray{A: a})
	if err == nil || !strings.Contains(err.Error(), "can travel only in the argument of a Process") {
		t.Errorf("Put of an item carrying an Array: %v, want an error saying where shared objects travel", err)
	}
}

func TestQueueCloseWakesBlockedGet(t *testing.T) {
	q, err := process.NewQueue[int](1)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		_, err := q.Get()
		got <- err
	}()
	time.Sleep(50 * time.Millisecond) // let Get start waiting; the test holds either way
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		if !errors.Is(err, process.ErrClosed) {
			t.Errorf("Get blocked when the queue was closed: %v, want ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Get still blocked 10s after Close")
	}
}

func TestQueueCloseWakesBlockedPut(t *testing.T) {
	q, err := process.NewQueue[int](1)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Put(1); err != nil {
		t.Fatal(err)
	}
	put := make(chan error, 1)
	go func() { put <- q.Put(2) }()
	time.Sleep(50 * time.Millisecond)
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-put:
		if !errors.Is(err, process.ErrClosed) {
			t.Errorf("Put blocked when the queue was closed: %v, want ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Put still blocked 10s after Close")
	}
}

func TestQueueAfterClose(t *testing.T) {
	q, err := process.NewQueue[string](3)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Put("kept"); err != nil {
		t.Fatal(err)
	}
	if err := q.Close(); err != nil {
		t.Fatal(err)
	}
	if err := q.Close(); !errors.Is(err, process.ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	if err := q.Put("x"); !errors.Is(err, process.ErrClosed) {
		t.Errorf("Put after Close: %v, want ErrClosed", err)
	}
	if _, err := q.Get(); !errors.Is(err, process.ErrClosed) {
		t.Errorf("Get after Close: %v, want ErrClosed", err)
	}
	var zero process.Queue[int]
	if err := zero.Put(1); err == nil || !strings.Contains(err.Error(), "not made by NewQueue") {
		t.Errorf("Put on a zero Queue: %v", err)
	}
}

func TestQueueCreateAndCloseLeavesNoDescriptors(t *testing.T) {
	before := openFDs(t)
	for range 300 {
		q, err := process.NewQueue[int](2)
		if err != nil {
			t.Fatal(err)
		}
		q.Put(1)
		if err := q.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if after := openFDs(t); after > before {
		t.Errorf("open descriptors went from %d to %d after creating and closing 300 queues", before, after)
	}
}
