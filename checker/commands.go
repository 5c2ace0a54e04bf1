package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/internal/workbook"
)

// commands are the checker's commands, in the order help lists them.
// cmdProgress, run when no command is named, is not among them.
var commands = []*Command{
	cmdList,
	cmdRun,
	cmdWatch,
	cmdHint,
	cmdSolution,
	cmdReset,
	cmdTimeline,
	cmdVerify,
	cmdGrade,
	cmdGradescopeBundle,
	cmdHelp,
}

// exerciseArg returns the exercise named by the command's only argument,
// or without one the exercise the learner is on (progress.Book.Current),
// or reports the error and returns false.
func exerciseArg(env *Env, args []string) (workbook.Exercise, int, bool) {
	switch {
	case len(args) == 0:
		if !openBook(env, checkFlags{}) {
			return workbook.Exercise{}, exitFailed, false
		}
		ex, ok, err := env.Book.Current()
		if err != nil {
			return workbook.Exercise{}, toolError(env, err, "name the exercise: "+env.Cmd.Name+" qN"), false
		}
		if !ok {
			return workbook.Exercise{}, usageError(env, "every exercise passes, so you are on none: which exercise? Name one of %s", strings.Join(workbook.Names(), ", ")), false
		}
		return ex, exitOK, true
	case len(args) > 1:
		return workbook.Exercise{}, usageError(env, "one exercise at a time, not %q", strings.Join(args, " ")), false
	}
	// A learner may tab-complete the folder: exercises/q3/ means q3.
	name := strings.ToLower(filepath.Base(filepath.Clean(args[0])))
	ex, ok := workbook.Lookup(name)
	if !ok {
		return workbook.Exercise{}, usageError(env, "unknown exercise %q; the exercises are %s", args[0], strings.Join(workbook.Names(), ", ")), false
	}
	return ex, exitOK, true
}

// noArgs reports a usage error when a command that takes no argument got
// some.
func noArgs(env *Env, args []string) (int, bool) {
	if len(args) > 0 {
		return usageError(env, "unexpected argument %q", args[0]), false
	}
	return exitOK, true
}

// toolError says that the checker itself, or the setup, broke — not the
// learner's exercise — and what to do about it. After Ctrl-C it only says
// that the command was interrupted.
func toolError(env *Env, err error, next string) int {
	if env.Ctx != nil && env.Ctx.Err() != nil {
		// Ctrl-C: the error is the interruption's, not the tool's.
		fmt.Fprintln(env.Stderr, "checker: interrupted")
		return exitFailed
	}
	var missing *progress.MissingError
	if errors.As(err, &missing) {
		fmt.Fprintf(env.Stderr, "checker: %v: there is nothing to check.\n", err)
		fmt.Fprintf(env.Stderr, "Next: if you moved it, put it back; %s writes the original stub there again.\n",
			env.Paint.cmd("go run ./checker reset "+missing.Name))
		return exitFailed
	}
	fmt.Fprintf(env.Stderr, "%s %v\n", env.Paint.fail("checker: tool error:"), err)
	fmt.Fprintln(env.Stderr, "This is a problem with the checker or its setup, not with your exercise.")
	fmt.Fprintf(env.Stderr, "Next: %s; 'go version' must work, and 'go run ./checker verify --solutions' checks the checker itself.\n", next)
	return exitFailed
}
