package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/procbook/procbook/internal/workbook"
)

var progressFlags checkFlags

var cmdProgress = &Command{
	Name:      "",
	UsageLine: "[--timeout D]",
	Short:     "show your progress and check the exercise you are on",
	Long: `With no command, the checker shows how many exercises are done, then checks
the first one that is not and says what to do next.

An exercise counts as done when its last recorded result passed and
neither its sources nor its scenarios have changed since; exercises whose
record cannot say are checked now, in order, until one does not pass.

Exit status: 0 when all exercises pass, 1 otherwise.`,
	SetFlags: func(fs *flag.FlagSet) { progressFlags.register(fs) },
	Run:      runProgress,
}

func runProgress(env *Env, args []string) int {
	if code, ok := noArgs(env, args); !ok {
		return code
	}
	if err := progressFlags.valid(); err != nil {
		return usageError(env, "%v", err)
	}
	if !openStore(env) {
		return exitFailed
	}
	stands, cur, err := findCurrent(env, progressFlags)
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
	verdict(env, stands[cur])
	return exitFailed
}

// findCurrent works out the standing of every exercise and which one the
// learner is on: the first not done (-1 when all are). Exercises up to the
// current one are checked if their record cannot say; the current one is
// always checked, so that its verdict is shown; those after it keep their
// recorded standing.
func findCurrent(env *Env, cf checkFlags) ([]standing, int, error) {
	stands := make([]standing, len(workbook.All))
	cur := -1
	for i, ex := range workbook.All {
		var st standing
		var err error
		if cur < 0 {
			st, err = current(env, ex, cf)
			if err == nil && st.Status != done {
				cur = i
				if !st.Fresh {
					st, err = checkNow(env, ex, cf)
				}
			}
		} else {
			st, err = recorded(env, ex)
		}
		if err != nil {
			return nil, 0, err
		}
		if env.Ctx.Err() != nil {
			return nil, 0, nil
		}
		stands[i] = st
	}
	return stands, cur, nil
}

// checkNow checks ex whatever its record says.
func checkNow(env *Env, ex workbook.Exercise, cf checkFlags) (standing, error) {
	res, err := checkExercise(env, ex, cf)
	if err != nil {
		return standing{}, err
	}
	return standingOf(ex, res, true), nil
}

// printProgress draws the progress bar: one cell per exercise.
func printProgress(env *Env, stands []standing) {
	n := 0
	var bar strings.Builder
	for _, st := range stands {
		if st.Status == done {
			n++
			bar.WriteString(env.Paint.pass("████"))
		} else {
			bar.WriteString(env.Paint.dim("░░░░"))
		}
	}
	fmt.Fprintf(env.Stdout, "Progress: %s %d of %d done\n", bar.String(), n, len(stands))
}

// verdict prints the current exercise's result and the next step.
func verdict(env *Env, st standing) {
	ex := st.Exercise
	report(env, ex, st.Result)
	if st.Status == done {
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
