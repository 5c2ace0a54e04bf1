package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/internal/workbook"
)

var cmdProgress = &Command{
	Name:      "",
	UsageLine: "[--force] [--timeout D]",
	Short:     "show your progress and check the exercise you are on",
	Long: `With no command, the checker shows how many exercises are done, then checks
the first one that is not and says what to do next.

An exercise counts as done when its last recorded result passed and
neither its sources nor its scenarios have changed since; exercises whose
record cannot say are checked now, in order, until one does not pass.
The one you are on is checked too, unless nothing changed since its
recorded verdict (which is then shown, and says so); --force checks it.

Exit status: 0 when all exercises pass, 1 otherwise.`,
	Bind: bind(runProgress),
}

// progressFlags are the progress command's flags.
type progressFlags struct {
	checkFlags
	force bool
}

func (f *progressFlags) register(fs *flag.FlagSet) {
	f.checkFlags.register(fs)
	fs.BoolVar(&f.force, "force", false, "check the current exercise even if nothing changed since its recorded verdict")
}

func runProgress(env *Env, f *progressFlags, args []string) int {
	if code, ok := noArgs(env, args); !ok {
		return code
	}
	if err := f.valid(); err != nil {
		return usageError(env, "%v", err)
	}
	if !openBook(env, f.checkFlags) {
		return exitFailed
	}
	stands, cur, err := findCurrent(env, f.force)
	if err != nil {
		return toolError(env, err, "run the command again")
	}
	if env.Ctx.Err() != nil {
		fmt.Fprintln(env.Stderr, "checker: interrupted")
		return exitFailed
	}
	printProgress(env, stands)
	if cur < 0 {
		fmt.Fprintf(env.Stdout, "\n%s You have finished the workbook.\n", env.Paint.pass("All done!"))
		fmt.Fprintf(env.Stdout, "Next: compare your programs with the reference ones: %s.\n", env.Paint.cmd("go run ./checker solution qN"))
		return exitOK
	}
	fmt.Fprintln(env.Stdout)
	if !stands[cur].Fresh {
		fmt.Fprintln(env.Stdout, env.Paint.dim(unchangedNote(stands[cur].When)))
	}
	verdict(env, stands[cur])
	return exitFailed
}

// findCurrent works out the standing of every exercise and which one the
// learner is on (-1 when all are done), as progress.Book.Find does. The
// current one's verdict is shown, so it is checked unless the record has
// it unchanged and force is not set: its standing is then not Fresh.
func findCurrent(env *Env, force bool) ([]progress.Standing, int, error) {
	stands, cur, err := env.Book.Find(env.Ctx)
	if err != nil || cur < 0 || env.Ctx.Err() != nil {
		return stands, cur, err
	}
	if !stands[cur].Fresh {
		st, err := checkOrRecall(env, stands[cur].Exercise, force, false)
		if err != nil {
			return nil, -1, err
		}
		stands[cur] = st
	}
	return stands, cur, nil
}

// printProgress draws the progress bar: one cell per exercise.
func printProgress(env *Env, stands []progress.Standing) {
	fmt.Fprintln(env.Stdout, progressBar(env.Paint, stands))
}

// progressBar is the progress line: a bar of one cell per exercise and
// how many are done.
func progressBar(p palette, stands []progress.Standing) string {
	var bar strings.Builder
	for _, st := range stands {
		if st.Status == progress.Done {
			bar.WriteString(p.pass("████"))
		} else {
			bar.WriteString(p.dim("░░░░"))
		}
	}
	return fmt.Sprintf("Progress: %s %d of %d done", bar.String(), progress.CountDone(stands), len(stands))
}

// verdict prints the current exercise's result and the next step.
func verdict(env *Env, st progress.Standing) {
	ex := st.Exercise
	report(env, ex, st.Result)
	if st.Status == progress.Done {
		return
	}
	reportHint(env, ex)
	nextStep(env.Stdout, env.Paint, ex)
}

// nextStep says what to do about an exercise that is not done.
func nextStep(w io.Writer, p palette, ex workbook.Exercise) {
	fmt.Fprintf(w, "\nNext: edit exercises/%s/ (the chapter is %s), then run %s, or %s to re-check on every save.\n",
		ex.Name, ex.Chapter, p.cmd("go run ./checker"), p.cmd("go run ./checker watch"))
}

// roundDuration prints d to a hundredth of a second.
func roundDuration(d time.Duration) string {
	return d.Round(10 * time.Millisecond).String()
}
