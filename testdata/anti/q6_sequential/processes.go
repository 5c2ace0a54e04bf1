// Antisolution q6_sequential prints the right lines from four children
// and Done! last, but starts each child only once the one before it has
// ended: a start-join-start-join staircase, one child at a time, where the
// sheet's four run together. q6_four_children's trace unjoined catches it,
// however quick the children are.
package main

import (
	"fmt"

	"github.com/procbook/procbook/process"
)

// run starts one process per target, all with the same x, waits for all
// four, and only then prints "Done!".
func run(x int) error {
	targets := []*process.Func[int, struct{}]{square, cube, division, remainder}

	// Describe the four processes first, as the sheet's list comprehension
	// does: New only says what each will run; nothing has started yet.
	procs := make([]*process.Process, len(targets))
	for i, target := range targets {
		procs[i] = process.New(target, x)
	}

	// The mistake: each child is joined right after it is started, so the
	// four run one after another, never together.
	for i, p := range procs {
		if err := p.Start(); err != nil {
			return fmt.Errorf("starting process %d: %w", i+1, err)
		}
		if err := p.Join(); err != nil {
			return err
		}
	}
	fmt.Println("Done!")
	return nil
}
