package process_test

import (
	"testing"

	"github.com/procbook/procbook/process"
)

// BenchmarkStartJoin measures the life of a child process running an empty
// function: New, Start (re-executing the binary, passing the argument) and
// Join (reading the child's report, reaping it). bench/run sets it beside
// CPython's Process.start()+join() with the fork and spawn start methods.
func BenchmarkStartJoin(b *testing.B) {
	for b.Loop() {
		p := process.New(emptyTarget, struct{}{})
		if err := p.Start(); err != nil {
			b.Fatal(err)
		}
		if err := p.Join(); err != nil {
			b.Fatal(err)
		}
	}
}
