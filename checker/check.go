package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/checker/internal/state"
	"github.com/procbook/procbook/checker/internal/workspace"
	"github.com/procbook/procbook/internal/policy"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// checkFlags are the flags of the commands that check exercises.
type checkFlags struct {
	timeout time.Duration
	verbose bool
}

func (c *checkFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&c.timeout, "timeout", scenario.DefaultTimeout, "how long each run of the program may take before it is stopped")
	fs.BoolVar(&c.verbose, "verbose", false, "say each failed check in the scenario's own words too, and keep whole transcripts")
}

// valid reports a bad flag value.
func (c *checkFlags) valid() error {
	if c.timeout <= 0 {
		return fmt.Errorf("--timeout must be positive, not %v", c.timeout)
	}
	return nil
}

// busy tells a learner at a terminal what is being checked, since a check
// takes a moment; in a pipe or a test it says nothing.
func busy(env *Env, format string, a ...any) {
	if !env.Quiet && isTerminal(env.Stderr) {
		fmt.Fprintln(env.Stderr, env.Paint.dim("checking "+fmt.Sprintf(format, a...)+" …"))
	}
}

// openBook opens the checker's state and the learner's progress for env's
// workbook, whose exercises are checked with cf, reporting a failure as a
// tool error. It returns false when it could not.
func openBook(env *Env, cf checkFlags) bool {
	if env.Book != nil {
		env.Book.Run, env.Book.Timeout = runner(env, cf), cf.timeout
		return true
	}
	s, err := state.Open(env.Root)
	if err != nil {
		toolError(env, err, "make the workbook folder writable, or free some disk space")
		return false
	}
	env.Store = s
	env.Book = progress.New(env.Root, s, runner(env, cf))
	env.Book.Timeout = cf.timeout
	return true
}

// runner is how env's checks build and run the learner's version of an
// exercise: with cf's timeout, keeping the trace of the last run for
// timeline.
func runner(env *Env, cf checkFlags) progress.Runner {
	return func(ctx context.Context, ex workbook.Exercise) (*scenario.Result, error) {
		busy(env, "%s", ex.Name)
		src := workspace.ExerciseDir(env.Root, ex)
		opts := scenario.Options{Root: env.Root, SourceDir: src, Timeout: cf.timeout, Verbose: cf.verbose, ProgramCache: programCache(), ProgramsKept: programsKept}
		if err := env.Store.PrepareTrace(); err == nil {
			// A run that writes no trace (a build error) must not leave the
			// previous run's for timeline to draw as this one's.
			opts.TraceOut = env.Store.TracePath(ex.Name)
			os.Remove(opts.TraceOut)
		}
		res, err := scenario.Check(ctx, ex, opts)
		if err == nil && ctx.Err() == nil {
			policyNote(env, ex, src)
		}
		return res, err
	}
}

// policyNote tells the learner when grading would refuse the program in
// src: the learner's own run trusts the program, grading does not, and a
// program it would refuse earns nothing there.
func policyNote(env *Env, ex workbook.Exercise, src string) {
	var refused *policy.Error
	if !errors.As(policy.Check(src), &refused) {
		return
	}
	fmt.Fprintf(env.Stderr, "checker: note: %s: grading refuses this program, and it would earn nothing there: %v\n", ex.Name, refused.Under("exercises/"+ex.Name))
}

// checkExercise checks ex now, whatever its record says, and records the
// result. Its error is the tool's: a learner's program that fails in any
// way is a standing.
func checkExercise(env *Env, ex workbook.Exercise) (progress.Standing, error) {
	st, err := env.Book.Check(env.Ctx, ex)
	var unrecorded *progress.RecordError
	if errors.As(err, &unrecorded) {
		fmt.Fprintf(env.Stderr, "checker: warning: %v\n", err)
		err = nil
	}
	return st, err
}

// checkSolution checks the reference solution of ex; nothing is recorded.
func checkSolution(env *Env, ex workbook.Exercise, cf checkFlags) (*scenario.Result, error) {
	busy(env, "solutions/%s", ex.Name)
	opts := scenario.Options{Root: env.Root, SourceDir: workspace.SolutionDir(env.Root, ex), Timeout: cf.timeout, Verbose: cf.verbose, ProgramCache: programCache(), ProgramsKept: programsKept}
	return scenario.Check(env.Ctx, ex, opts)
}

// checkOrRecall answers for ex from its recorded verdict when nothing it
// was computed from has changed, unless force, and says so when tell;
// else it checks ex now.
func checkOrRecall(env *Env, ex workbook.Exercise, force, tell bool) (progress.Standing, error) {
	if !force {
		st, ok, err := env.Book.Unchanged(ex)
		if err != nil {
			return progress.Standing{}, err
		}
		if ok {
			if tell {
				fmt.Fprintln(env.Stdout, env.Paint.dim(unchangedNote(st.When)))
			}
			return st, nil
		}
	}
	return checkExercise(env, ex)
}

// unchangedNote says that a verdict is the one recorded at when.
func unchangedNote(when time.Time) string {
	at := when.Local()
	stamp := at.Format("15:04")
	if y, m, d := at.Date(); y != time.Now().Year() || m != time.Now().Month() || d != time.Now().Day() {
		stamp = at.Format("2 Jan 15:04")
	}
	return "unchanged since " + stamp + " — --force to run it again"
}
