package main

import (
	"context"
	"flag"
	"io"

	"github.com/procbook/procbook/checker/internal/state"
)

// Command is one subcommand of the checker, in the manner of cmd/go's
// base.Command: a name, its usage, its help, its flags and what it does.
type Command struct {
	Name      string // "run"
	UsageLine string // "run [--json] qN"
	Short     string // one line for 'checker help'
	Long      string // the help text of 'checker help NAME'

	// Flags are the command's flags; SetFlags, if set, defines them.
	Flags    flag.FlagSet
	SetFlags func(fs *flag.FlagSet)

	// Run does the work with the arguments left after the flags and
	// returns the exit code: 0 all good, 1 something failed, 2 bad usage.
	Run func(env *Env, args []string) int

	// NoWorkbook is set for commands that do not need a workbook (help).
	NoWorkbook bool
}

// Env is what every command is given: the workbook it works on and where
// to say things.
type Env struct {
	Ctx    context.Context
	Root   string    // the workbook's root folder (where go.mod is)
	Stdout io.Writer // results
	Stderr io.Writer // diagnostics
	Color  bool      // colour wanted: a terminal, and NO_COLOR unset

	Cmd   *Command     // the command being run, for its usage errors
	Stdin io.Reader    // keys, for watch
	Paint palette      // colours text when Color is set
	Store *state.Store // what the checker remembers about this workbook
}
