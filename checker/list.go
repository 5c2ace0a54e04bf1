package main

import (
	"flag"
	"fmt"
	"sync"
	"text/tabwriter"

	"github.com/procbook/procbook/internal/workbook"
)

var listFlags struct {
	checkFlags
	cached bool
}

var cmdList = &Command{
	Name:      "list",
	UsageLine: "list [--cached] [--timeout D]",
	Short:     "list the exercises with their status and points",
	Long: `List shows every exercise with its title, status and points.

The status is "not started" when the exercise's files are exactly the
original stub; "done" or "failing" from the exercise's last recorded
result when neither its sources nor its scenarios changed since; otherwise
the exercise is checked now (all that need it, in parallel). With
--cached nothing is checked, and such an exercise shows as "changed, not
checked".`,
	SetFlags: func(fs *flag.FlagSet) {
		listFlags.checkFlags.register(fs)
		fs.BoolVar(&listFlags.cached, "cached", false, "do not check anything; show what is recorded")
	},
	Run: runList,
}

func runList(env *Env, args []string) int {
	if code, ok := noArgs(env, args); !ok {
		return code
	}
	if err := listFlags.valid(); err != nil {
		return usageError(env, "%v", err)
	}
	if !openStore(env) {
		return exitFailed
	}
	stands, err := standings(env, listFlags.checkFlags, !listFlags.cached)
	if err != nil {
		return toolError(env, err, "run 'go run ./checker list' again")
	}
	printList(env, stands)
	for _, st := range stands {
		if st.Status != done {
			return exitFailed
		}
	}
	return exitOK
}

// standings returns every exercise's standing; with check, those whose
// record cannot say are checked, in parallel.
func standings(env *Env, cf checkFlags, check bool) ([]standing, error) {
	stands := make([]standing, len(workbook.All))
	errs := make([]error, len(workbook.All))
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallelism())
	for i, ex := range workbook.All {
		st, err := recorded(env, ex)
		stands[i], errs[i] = st, err
		if err != nil || st.Status != unchecked || !check {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			stands[i], errs[i] = current(env, ex, cf)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return stands, nil
}

// printList prints the exercises as a table.
func printList(env *Env, stands []standing) {
	p := env.Paint
	tw := tabwriter.NewWriter(env.Stdout, 0, 8, 2, ' ', 0)
	// The status goes last: its colour codes would upset the alignment of
	// any column after it.
	fmt.Fprintln(tw, "EXERCISE\tTITLE\tPOINTS\tSTATUS")
	doneCount, pts, total := 0, 0, 0
	for _, st := range stands {
		ex := st.Exercise
		status := st.Status.String()
		switch st.Status {
		case done:
			status = p.pass(status)
			doneCount++
		case failing:
			status = p.fail(status)
		case unchecked:
			status = p.warn(status)
		}
		got := earned(st.Result)
		pts += got
		total += ex.Points()
		fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\n", ex.Name, ex.Title, got, ex.Points(), status)
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "\n%d of %d done, %d of %d points.\n", doneCount, len(stands), pts, total)
	for _, st := range stands {
		if st.Status != done {
			fmt.Fprintf(env.Stdout, "Next: %s.\n", p.cmd("go run ./checker run "+st.Exercise.Name))
			return
		}
	}
	fmt.Fprintf(env.Stdout, "Next: compare your programs with the reference ones: %s.\n", p.cmd("go run ./checker solution qN"))
}
