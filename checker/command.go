package main

import (
	"context"
	"flag"
	"io"

	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/checker/internal/state"
)

// Command is one subcommand of the checker, in the manner of cmd/go's
// base.Command: a name, its usage, its help, its flags and what it does.
type Command struct {
	Name      string // "run"
	UsageLine string // "run [--json] qN"
	Short     string // one line for 'checker help'
	Long      string // the help text of 'checker help NAME'

	// Bind, if set, defines the command's flags on fs, in a value made
	// afresh for this run of the command, and returns what runs the
	// command with them: bind(runList), for a runList that takes a
	// *listFlags. It replaces SetFlags and Run.
	Bind func(fs *flag.FlagSet) func(env *Env, args []string) int

	// Flags are the command's flags, as parsed for this run; SetFlags, if
	// set, defines them (for a command without Bind).
	Flags    flag.FlagSet
	SetFlags func(fs *flag.FlagSet)

	// Run does the work with the arguments left after the flags and
	// returns the exit code: 0 all good, 1 something failed, 2 bad usage.
	// A command with Bind has its Run made by it.
	Run func(env *Env, args []string) int

	// NoWorkbook is set for commands that do not need a workbook (help).
	NoWorkbook bool
}

// define defines c's flags on fs and returns what runs c with them.
func (c *Command) define(fs *flag.FlagSet) func(env *Env, args []string) int {
	if c.Bind != nil {
		return c.Bind(fs)
	}
	if c.SetFlags != nil {
		c.SetFlags(fs)
	}
	return c.Run
}

// flagDefiner is a command's own flags: a struct whose register method
// defines them on a FlagSet, writing into the struct.
type flagDefiner[F any] interface {
	*F
	register(fs *flag.FlagSet)
}

// bind makes a Command's Bind from a run function that takes the
// command's flags: each run of the command gets its own flags value, so
// no command's flags live in package variables.
func bind[F any, PF flagDefiner[F]](run func(env *Env, f PF, args []string) int) func(fs *flag.FlagSet) func(*Env, []string) int {
	return func(fs *flag.FlagSet) func(*Env, []string) int {
		f := PF(new(F))
		f.register(fs)
		return func(env *Env, args []string) int { return run(env, f, args) }
	}
}

// Env is what every command is given: the workbook it works on and where
// to say things.
type Env struct {
	Ctx    context.Context
	Root   string    // the workbook's root folder (where go.mod is)
	Stdout io.Writer // results
	Stderr io.Writer // diagnostics
	Color  bool      // colour wanted: a terminal, and NO_COLOR unset
	Quiet  bool      // checks do not say "checking …": the command shows its own

	Cmd   *Command       // the command being run, for its usage errors
	Stdin io.Reader      // keys, for watch and list
	Paint palette        // colours text when Color is set
	Store *state.Store   // what the checker remembers about this workbook
	Book  *progress.Book // the learner's progress, over Store
}
