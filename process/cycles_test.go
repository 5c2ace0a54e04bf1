package process_test

import (
	"runtime"
	"testing"

	"golang.org/x/sync/errgroup"
)

// runCycles runs cycle n times, as many at once as there are cores, and
// fails the test with the first error. The leak tests use it: descriptors,
// mappings and children must be released however starts and joins
// interleave, and the cycles take a core's share of the time each.
func runCycles(t *testing.T, n int, cycle func() error) {
	t.Helper()
	var g errgroup.Group
	g.SetLimit(runtime.NumCPU())
	for range n {
		g.Go(cycle)
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
}
