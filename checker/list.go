package main

import (
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/procbook/procbook/checker/internal/progress"
)

// listFlags are the list command's flags.
type listFlags struct {
	checkFlags
	cached bool
	plain  bool
}

func (f *listFlags) register(fs *flag.FlagSet) {
	f.checkFlags.register(fs)
	fs.BoolVar(&f.cached, "cached", false, "do not check anything; show what is recorded")
	fs.BoolVar(&f.plain, "plain", false, "print the table even on a terminal")
}

var cmdList = &Command{
	Name:      "list",
	UsageLine: "list [--cached] [--plain] [--timeout D]",
	Short:     "list the exercises with their status and points",
	Long: `List shows every exercise with its title, status and points.

The status is "not started" when the exercise's files are exactly the
original stub; "done" or "failing" from the exercise's last recorded
result when neither its sources nor its scenarios changed since; otherwise
the exercise is checked now (all that need it, in parallel). With
--cached nothing is checked, and such an exercise shows as "changed, not
checked".

On a terminal the list is interactive (--plain prints the table instead):
	j k ↓ ↑	move                     g G	the first, the last
	Enter c	continue from the exercise: watch and the commands
		without qN work on it from now on
	r	reset the exercise (asks first)
	s /	search by name or title (Enter keeps it, Esc drops it)
	d p	only the exercises done, only those pending (again: all)
	e	open the exercise in $VISUAL or $EDITOR
	q	quit`,
	Bind: bind(runList),
}

func runList(env *Env, f *listFlags, args []string) int {
	if code, ok := noArgs(env, args); !ok {
		return code
	}
	if err := f.valid(); err != nil {
		return usageError(env, "%v", err)
	}
	if !openBook(env, f.checkFlags) {
		return exitFailed
	}
	stands, err := env.Book.Survey(env.Ctx, !f.cached, parallelism())
	if err != nil {
		return toolError(env, err, "run 'go run ./checker list' again")
	}
	if _, ok := interactive(env); ok && !f.plain {
		if code := listTerminal(env, stands); code >= 0 {
			return code
		}
	}
	printTable(env, stands)
	printListNext(env, stands)
	for _, st := range stands {
		if st.Status != progress.Done {
			return exitFailed
		}
	}
	return exitOK
}

// printTable prints the exercises as a table, and the totals.
func printTable(env *Env, stands []progress.Standing) {
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
		case progress.Done:
			status = p.pass(status)
			doneCount++
		case progress.Failing:
			status = p.fail(status)
		case progress.Unchecked:
			status = p.warn(status)
		}
		got := st.Points()
		pts += got
		total += ex.Points()
		fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%s\n", ex.Name, ex.Title, got, ex.Points(), status)
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "\n%d of %d done, %d of %d points.\n", doneCount, len(stands), pts, total)
}

// printListNext says what to do after the list.
func printListNext(env *Env, stands []progress.Standing) {
	p := env.Paint
	for _, st := range stands {
		if st.Status != progress.Done {
			fmt.Fprintf(env.Stdout, "Next: %s.\n", p.cmd("go run ./checker run "+st.Exercise.Name))
			return
		}
	}
	fmt.Fprintf(env.Stdout, "Next: compare your programs with the reference ones: %s.\n", p.cmd("go run ./checker solution qN"))
}
