package process_test

import (
	"testing"

	"github.com/procbook/procbook/process"
)

func BenchmarkArrayGet(b *testing.B) {
	a, err := process.NewArray(make([]int64, 1024))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	var sum int64
	for i := 0; b.Loop(); i++ {
		sum += a.Get(i & 1023)
	}
	_ = sum
}

func BenchmarkArraySet(b *testing.B) {
	a, err := process.NewArray(make([]int64, 1024))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	for i := 0; b.Loop(); i++ {
		a.Set(i&1023, int64(i))
	}
}

func BenchmarkLockUnlock(b *testing.B) {
	l, err := process.NewLock()
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	for b.Loop() {
		l.Lock()
		l.Unlock()
	}
}

func BenchmarkValueAdd(b *testing.B) {
	v, err := process.NewValue[int64](0)
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	for b.Loop() {
		v.Add(1)
	}
}

type benchPutJob struct {
	Q *process.Queue[int]
	N int
}

// benchPut puts a ready signal (-1), then the items 0 … N-1.
var benchPut = process.RegisterTarget("shm_test.benchPut", func(j benchPutJob) {
	for i := -1; i < j.N; i++ {
		if err := j.Q.Put(i); err != nil {
			panic(err)
		}
	}
})

// BenchmarkQueuePutGet measures an int going through a Queue from a child,
// which puts, to the parent, which gets: one op is one item.
func BenchmarkQueuePutGet(b *testing.B) {
	q, err := process.NewQueue[int](1024)
	if err != nil {
		b.Fatal(err)
	}
	defer q.Close()
	p := process.New(benchPut, benchPutJob{Q: q, N: b.N})
	if err := p.Start(); err != nil {
		b.Fatal(err)
	}
	if v, err := q.Get(); v != -1 || err != nil {
		b.Fatalf("ready signal: %d, %v", v, err)
	}
	b.ResetTimer()
	for i := range b.N {
		v, err := q.Get()
		if err != nil || v != i {
			b.Fatalf("item %d: %d, %v", i, v, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/item")
	if err := p.Join(); err != nil {
		b.Fatal(err)
	}
}
