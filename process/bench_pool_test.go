package process_test

import (
	"io"
	"os"
	"os/exec"
	"testing"

	"github.com/procbook/procbook/process"
)

// The pool's benchmarks, measured beside CPython's multiprocessing by
// bench/run (figures in docs/process.md).

// BenchmarkApplyAsyncRoundTrip: one ApplyAsync(...).Get round trip on a
// pool of 2, the cost a task pays on top of its own work.
func BenchmarkApplyAsyncRoundTrip(b *testing.B) {
	p, err := process.NewPool(2)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Terminate()
	process.ApplyAsync(p, poolSquare, 1).Get(0)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := process.ApplyAsync(p, poolSquare, i).Get(0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMapTinyTasks: Map of a million tiny tasks on a pool of 2 with
// the default chunk size; tasks/s is the figure to compare.
func BenchmarkMapTinyTasks(b *testing.B) {
	p, err := process.NewPool(2)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Terminate()
	in := ints(1_000_000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := process.Map(p, poolSquare, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(in)*b.N)/b.Elapsed().Seconds(), "tasks/s")
}

// primesBelow is the CPU-bound job: count the primes in [lo, hi) by trial
// division, deliberately naive.
func primesBelow(r [2]int) int {
	n := 0
	for x := max(r[0], 2); x < r[1]; x++ {
		prime := true
		for d := 2; d*d <= x; d++ {
			if x%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			n++
		}
	}
	return n
}

var countPrimes = process.Register("bench.countPrimes", primesBelow)

const primesLimit = 2_000_000

// BenchmarkPrimesSerial counts the primes below 2,000,000 in this process.
func BenchmarkPrimesSerial(b *testing.B) {
	for b.Loop() {
		if n := primesBelow([2]int{0, primesLimit}); n != 148933 {
			b.Fatalf("%d primes", n)
		}
	}
}

// BenchmarkPrimesPool2 counts them on a pool of 2, in 64 ranges handed out
// one at a time, the costliest (highest) first, so that both workers stay
// busy to the end.
func BenchmarkPrimesPool2(b *testing.B) {
	p, err := process.NewPool(2)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Terminate()
	const parts = 64
	ranges := make([][2]int, parts)
	for i := range ranges {
		j := parts - 1 - i
		ranges[i] = [2]int{j * primesLimit / parts, (j + 1) * primesLimit / parts}
	}
	b.ResetTimer()
	for b.Loop() {
		counts, err := process.Map(p, countPrimes, ranges, process.ChunkSize(1))
		if err != nil {
			b.Fatal(err)
		}
		total := 0
		for _, c := range counts {
			total += c
		}
		if total != 148933 {
			b.Fatalf("%d primes", total)
		}
	}
}

// echoHelperEnv makes the test binary the far end of BenchmarkPipeRoundTrip.
const echoHelperEnv = "PROCBOOK_ECHO_HELPER"

// TestPipeEchoHelper is not a test: run by BenchmarkPipeRoundTrip as a
// child (selected by echoHelperEnv), it copies what descriptor 3 brings to
// descriptor 4, 8 bytes at a time, as a pool worker reads its tasks and
// writes its results on inherited pipes.
func TestPipeEchoHelper(t *testing.T) {
	if os.Getenv(echoHelperEnv) == "" {
		t.Skip("run by BenchmarkPipeRoundTrip")
	}
	in, out := os.NewFile(3, "in"), os.NewFile(4, "out")
	var buf [8]byte
	for {
		if _, err := io.ReadFull(in, buf[:]); err != nil {
			os.Exit(0)
		}
		if _, err := out.Write(buf[:]); err != nil {
			os.Exit(1)
		}
	}
}

// BenchmarkPipeRoundTrip is the floor of ApplyAsyncRoundTrip: 8 bytes to a
// child and back over two pipes, the parent's ends in Go's poller as a
// pool's are, and nothing else (no encoding, no queue, no goroutine
// hand-over).
func BenchmarkPipeRoundTrip(b *testing.B) {
	toR, toW, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	fromR, fromW, err := os.Pipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestPipeEchoHelper$")
	cmd.Env = append(os.Environ(), echoHelperEnv+"=1")
	cmd.ExtraFiles = []*os.File{toR, fromW}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	toR.Close()
	fromW.Close()
	defer func() {
		toW.Close()
		cmd.Wait()
		fromR.Close()
	}()
	var buf [8]byte
	roundTrip := func() {
		if _, err := toW.Write(buf[:]); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(fromR, buf[:]); err != nil {
			b.Fatal(err)
		}
	}
	roundTrip()
	b.ResetTimer()
	for b.Loop() {
		roundTrip()
	}
}
