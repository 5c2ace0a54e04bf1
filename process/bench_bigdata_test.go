package process_test

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/procbook/procbook/process"
)

// Big data: the benchmarks bench/run sets beside CPython's pool.map of
// 1000 megabyte tasks and its Queue of 64 KiB items.

// BenchmarkMapBigData runs testdata/bigmap, a plain program making one Map
// of 1000 tasks of 1 MiB in and out on a pool of 2, once per iteration,
// and reports its throughput (MB/s of input) and its peak memory (MB
// resident), both as the program measured them: the peak is the whole
// program's, which only a program of its own can tell.
func BenchmarkMapBigData(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "bigmap")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/bigmap").CombinedOutput(); err != nil {
		b.Fatalf("building the program: %v\n%s", err, out)
	}
	b.ResetTimer()
	var mbps, peak float64
	for range b.N {
		out, err := exec.Command(bin).Output()
		if err != nil {
			b.Fatal(err)
		}
		f := strings.Fields(string(out))
		if len(f) != 2 {
			b.Fatalf("the program printed %q", out)
		}
		r, _ := strconv.ParseFloat(f[0], 64)
		m, _ := strconv.ParseFloat(f[1], 64)
		mbps += r
		peak = max(peak, m)
	}
	b.ReportMetric(mbps/float64(b.N), "MB/s")
	b.ReportMetric(peak, "peak_MB")
}

const bigQueueItem = 64 << 10

type benchPutBigJob struct {
	Q *process.Queue[[]byte]
	N int
}

// benchPutBig puts a ready signal (an empty item), then N items of 64 KiB.
var benchPutBig = process.RegisterTarget("bench.putBig", func(j benchPutBigJob) {
	item := bytes.Repeat([]byte{7}, bigQueueItem)
	if err := j.Q.Put(nil); err != nil {
		panic(err)
	}
	for range j.N {
		if err := j.Q.Put(item); err != nil {
			panic(err)
		}
	}
})

// BenchmarkQueueBigItems measures items of 64 KiB going through a Queue
// from a child, which puts, to the parent, which gets: MB/s of items.
func BenchmarkQueueBigItems(b *testing.B) {
	q, err := process.NewQueue[[]byte](64)
	if err != nil {
		b.Fatal(err)
	}
	defer q.Close()
	p := process.New(benchPutBig, benchPutBigJob{Q: q, N: b.N})
	if err := p.Start(); err != nil {
		b.Fatal(err)
	}
	if v, err := q.Get(); len(v) != 0 || err != nil {
		b.Fatalf("ready signal: %d bytes, %v", len(v), err)
	}
	b.ResetTimer()
	for i := range b.N {
		v, err := q.Get()
		if err != nil || len(v) != bigQueueItem || v[bigQueueItem-1] != 7 {
			b.Fatalf("item %d: %d bytes, %v", i, len(v), err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)*bigQueueItem/1e6/b.Elapsed().Seconds(), "MB/s")
	if err := p.Join(); err != nil {
		b.Fatal(err)
	}
}
