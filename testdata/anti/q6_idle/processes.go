// Antisolution q6_idle starts four children and joins them all, but the
// children do nothing: the program itself prints the four lines, after
// joining them, and Done!. The output and the processes are right; the
// trace shows that no child printed anything. q6_sheet and
// q6_other_numbers catch it.
package main

import (
	"errors"
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

	// Start all four before waiting for any, so that they run at the same
	// time. Each child prints its own line to the terminal it shares with
	// us, so the four lines come in whatever order the children finish.
	for i, p := range procs {
		if err := p.Start(); err != nil {
			// Do not leave the ones already running behind.
			stopAll(procs[:i])
			return fmt.Errorf("starting process %d: %w", i+1, err)
		}
	}

	// Join waits for a child to end, like Python's p.join(). Joining all of
	// them is what makes "Done!" come last: without it the program would
	// print "Done!" and exit at once, and its children with it.
	var errs []error
	for _, p := range procs {
		if err := p.Join(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// The mistake: the children did nothing; the program prints their lines.
	fmt.Println("Square:", x*x)
	fmt.Println("Cube:", x*x*x)
	fmt.Println("division by 10:", pyFloat(float64(x)/10))
	fmt.Println("remainder :", pyMod(x, 4))
	fmt.Println("Done!")
	return nil
}

// stopAll kills the processes given and waits for them to end.
func stopAll(procs []*process.Process) {
	for _, p := range procs {
		p.Kill()
	}
	for _, p := range procs {
		p.Join()
	}
}
