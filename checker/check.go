package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/procbook/procbook/checker/internal/state"
	"github.com/procbook/procbook/checker/internal/workspace"
	"github.com/procbook/procbook/internal/policy"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// checkFlags are the flags of the commands that check exercises.
type checkFlags struct {
	timeout time.Duration
}

func (c *checkFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&c.timeout, "timeout", scenario.DefaultTimeout, "how long each run of the program may take before it is stopped")
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
	if isTerminal(env.Stderr) {
		fmt.Fprintln(env.Stderr, env.Paint.dim("checking "+fmt.Sprintf(format, a...)+" …"))
	}
}

// checkExercise builds and checks the learner's version of ex, keeps the
// trace of its last run for timeline, and records the result with the
// fingerprint of what was checked. Its error is the tool's: a learner's
// program that fails in any way is a Result.
func checkExercise(env *Env, ex workbook.Exercise, cf checkFlags) (*scenario.Result, error) {
	src := workspace.ExerciseDir(env.Root, ex)
	if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
		return nil, &missingExerciseError{Name: ex.Name}
	}
	before, err := workspace.Fingerprint(env.Root, ex, src)
	if err != nil {
		return nil, err
	}
	busy(env, "%s", ex.Name)
	opts := scenario.Options{Root: env.Root, SourceDir: src, Timeout: cf.timeout}
	if err := env.Store.PrepareTrace(); err == nil {
		// A run that writes no trace (a build error) must not leave the
		// previous run's for timeline to draw as this one's.
		opts.TraceOut = env.Store.TracePath(ex.Name)
		os.Remove(opts.TraceOut)
	}
	res, err := scenario.Check(env.Ctx, ex, opts)
	if err != nil {
		return nil, err
	}
	if env.Ctx.Err() != nil {
		return res, nil // interrupted: the verdict is not one to remember
	}
	// The learner's own run trusts the program; grading does not, and a
	// program it would refuse is told so now.
	var refused *policy.Error
	if errors.As(policy.Check(src), &refused) {
		for i := range refused.Violations {
			refused.Violations[i].File = "exercises/" + ex.Name + "/" + refused.Violations[i].File
		}
		fmt.Fprintf(env.Stderr, "checker: note: %s: grading refuses this program, and it would earn nothing there: %v\n", ex.Name, refused)
	}
	// A save during the check may or may not have been built: record the
	// result only if the sources did not change meanwhile.
	if after, err := workspace.Fingerprint(env.Root, ex, src); err == nil && after == before {
		rec := state.Record{Exercise: ex.Name, Fingerprint: before, When: time.Now().UTC(), Result: res}
		if err := env.Store.SaveResult(rec); err != nil {
			fmt.Fprintf(env.Stderr, "checker: warning: could not record the result: %v\n", err)
		}
	}
	return res, nil
}

// missingExerciseError is an exercise whose folder is gone: the learner's
// doing, not the tool's, and put right by reset.
type missingExerciseError struct {
	Name string // the exercise
}

func (e *missingExerciseError) Error() string {
	return "exercises/" + e.Name + " is missing"
}

// checkSolution checks the reference solution of ex; nothing is recorded.
func checkSolution(env *Env, ex workbook.Exercise, cf checkFlags) (*scenario.Result, error) {
	busy(env, "solutions/%s", ex.Name)
	opts := scenario.Options{Root: env.Root, SourceDir: workspace.SolutionDir(env.Root, ex), Timeout: cf.timeout}
	return scenario.Check(env.Ctx, ex, opts)
}

// status is where a learner stands on an exercise.
type status int

const (
	notStarted status = iota // the sources are the original stub
	failing                  // changed, and not passing
	done                     // passes
	unchecked                // changed since the last check, and not checked now
)

func (s status) String() string {
	return [...]string{"not started", "failing", "done", "changed, not checked"}[s]
}

// standing is an exercise's status and, when known, the result it comes from.
type standing struct {
	Exercise workbook.Exercise
	Status   status
	Result   *scenario.Result // nil for notStarted and unchecked
	Fresh    bool             // Result was computed by this run of the checker
}

// recorded returns ex's standing from what is on disk, without checking:
// not started if untouched, else the recorded result if the sources and
// scenarios are those it was computed from, else unchecked.
func recorded(env *Env, ex workbook.Exercise) (standing, error) {
	untouched, err := workspace.Untouched(env.Root, ex)
	if err != nil {
		return standing{}, err
	}
	if untouched {
		return standing{Exercise: ex, Status: notStarted}, nil
	}
	rec := env.Store.LoadResult(ex.Name)
	if rec == nil {
		return standing{Exercise: ex, Status: unchecked}, nil
	}
	fp, err := workspace.Fingerprint(env.Root, ex, workspace.ExerciseDir(env.Root, ex))
	if err != nil {
		return standing{}, err
	}
	if fp != rec.Fingerprint {
		return standing{Exercise: ex, Status: unchecked}, nil
	}
	return standingOf(ex, rec.Result, false), nil
}

// current returns ex's standing, checking it when the record cannot say.
func current(env *Env, ex workbook.Exercise, cf checkFlags) (standing, error) {
	st, err := recorded(env, ex)
	if err != nil || st.Status != unchecked {
		return st, err
	}
	res, err := checkExercise(env, ex, cf)
	if err != nil {
		return standing{}, err
	}
	return standingOf(ex, res, true), nil
}

func standingOf(ex workbook.Exercise, res *scenario.Result, fresh bool) standing {
	st := standing{Exercise: ex, Status: failing, Result: res, Fresh: fresh}
	if res.Status == scenario.Pass {
		st.Status = done
	}
	return st
}

// earned returns the points of the scenarios res passed.
func earned(res *scenario.Result) int {
	if res == nil {
		return 0
	}
	n := 0
	for _, s := range res.Scenarios {
		if s.Status == scenario.Pass {
			n += s.Points
		}
	}
	return n
}
