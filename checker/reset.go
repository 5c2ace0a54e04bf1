package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/checker/internal/workspace"
	"github.com/procbook/procbook/internal/workbook"
)

// resetFlags are the reset command's flags.
type resetFlags struct {
	yes  bool
	all  bool
	undo bool
}

func (f *resetFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.yes, "yes", false, "do not ask first")
	fs.BoolVar(&f.all, "all", false, "reset every exercise you have changed")
	fs.BoolVar(&f.undo, "undo", false, "bring back the version the last reset saved")
}

var cmdReset = &Command{
	Name:      "reset",
	UsageLine: "reset [--yes] [qN]\n       checker reset --all [--yes]\n       checker reset --undo [qN]",
	Short:     "restore an exercise's original stub, keeping a backup of yours",
	Long: `Reset puts back the original files of qN (they are kept inside the
checker) after saving your version in the workbook's .procbook/backups/
folder; it says where. Files you added to exercises/qN are moved to the
backup too, so the exercise builds as the stub did. This is the only
command that changes your files. Without qN it resets the exercise you
are on.

On a terminal it asks first; --yes does not ask. --all resets every
exercise you have changed, after one question.

--undo brings back the version the last reset of qN saved. What the
folder holds then is saved as a backup first (unless it is the stub), so
a second --undo undoes the first.`,
	Bind: bind(runReset),
}

func runReset(env *Env, f *resetFlags, args []string) int {
	switch {
	case f.all && f.undo:
		return usageError(env, "--all and --undo do not go together")
	case f.all && len(args) > 0:
		return usageError(env, "--all resets every exercise: name none, not %q", strings.Join(args, " "))
	}
	if !openBook(env, checkFlags{}) {
		return exitFailed
	}
	if f.all {
		return resetAll(env, f.yes)
	}
	ex, code, ok := exerciseArg(env, args)
	if !ok {
		return code
	}
	if f.undo {
		return undoReset(env, ex)
	}
	untouched, err := workspace.Untouched(env.Root, ex)
	if err != nil {
		return toolError(env, err, "check that exercises/"+ex.Name+" can be read")
	}
	if !untouched && !f.yes && !confirm(env, fmt.Sprintf("Reset %s (%s) to its original stub? Your version is saved in .procbook/backups/ first.", ex.Name, ex.Title)) {
		fmt.Fprintln(env.Stdout, "Nothing was changed.")
		return exitFailed
	}
	return resetOne(env, ex)
}

// confirm asks a question on a terminal and reports whether the answer
// was yes. Without a terminal (a script, a pipe) nobody is there to ask:
// the command does what it was told.
func confirm(env *Env, question string) bool {
	if _, ok := interactive(env); !ok {
		return true
	}
	fmt.Fprintf(env.Stdout, "%s [y/N] ", question)
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}

// resetAll resets every exercise that is not its stub.
func resetAll(env *Env, yes bool) int {
	var changed []workbook.Exercise
	var names []string
	for _, ex := range env.Book.Exercises {
		untouched, err := workspace.Untouched(env.Root, ex)
		if err != nil {
			return toolError(env, err, "check that exercises/"+ex.Name+" can be read")
		}
		if !untouched {
			changed = append(changed, ex)
			names = append(names, ex.Name)
		}
	}
	if len(changed) == 0 {
		fmt.Fprintln(env.Stdout, "Every exercise is already its original stub; nothing changed.")
		return exitOK
	}
	if !yes && !confirm(env, fmt.Sprintf("Reset %s to their original stubs? Your versions are saved in .procbook/backups/ first.", strings.Join(names, ", "))) {
		fmt.Fprintln(env.Stdout, "Nothing was changed.")
		return exitFailed
	}
	code := exitOK
	for _, ex := range changed {
		if c := resetOne(env, ex); c != exitOK {
			code = c
		}
	}
	return code
}

// resetOne resets ex and says what it did.
func resetOne(env *Env, ex workbook.Exercise) int {
	c, err := env.Book.Reset(ex, time.Now())
	if err != nil {
		return toolError(env, err, "check that exercises/"+ex.Name+" can be read and written")
	}
	if c.Nothing {
		fmt.Fprintf(env.Stdout, "exercises/%s is already the original stub; nothing changed.\n", ex.Name)
		return exitOK
	}
	if c.Backup == "" {
		fmt.Fprintf(env.Stdout, "exercises/%s was missing or empty: there was nothing to save.\n", ex.Name)
	} else {
		fmt.Fprintf(env.Stdout, "Saved your version of %s in %s\n", ex.Name, relToRoot(env, c.Backup))
	}
	fmt.Fprintf(env.Stdout, "Restored the original stub of exercises/%s (%d files).\n", ex.Name, c.Written)
	for _, n := range c.Removed {
		fmt.Fprintf(env.Stdout, "Removed exercises/%s/%s, which the stub does not have (it is in the backup).\n", ex.Name, n)
	}
	fmt.Fprintf(env.Stdout, "Next: start again from %s, and %s when you are ready; %s brings yours back.\n", ex.Chapter,
		env.Paint.cmd("go run ./checker run "+ex.Name), env.Paint.cmd("go run ./checker reset --undo "+ex.Name))
	return exitOK
}

// undoReset brings back the last backup of ex.
func undoReset(env *Env, ex workbook.Exercise) int {
	c, err := env.Book.Undo(ex, time.Now())
	if errors.Is(err, progress.ErrNoBackup) {
		fmt.Fprintf(env.Stdout, "%s was never reset: there is no backup of it to bring back.\n", ex.Name)
		return exitFailed
	}
	if err != nil {
		return toolError(env, err, "check that exercises/"+ex.Name+" and .procbook/backups can be read and written")
	}
	if c.Nothing {
		fmt.Fprintf(env.Stdout, "exercises/%s already holds the version saved in %s; nothing changed.\n", ex.Name, relToRoot(env, c.Restored))
		return exitOK
	}
	if c.Backup != "" {
		fmt.Fprintf(env.Stdout, "Saved what exercises/%s held in %s\n", ex.Name, relToRoot(env, c.Backup))
	}
	fmt.Fprintf(env.Stdout, "Brought back your version of %s from %s (%d files).\n", ex.Name, relToRoot(env, c.Restored), c.Written)
	for _, n := range c.Removed {
		where := "it is in the backup"
		if c.Backup == "" {
			where = "a file of the stub: reset writes it again"
		}
		fmt.Fprintf(env.Stdout, "Removed exercises/%s/%s, which that version does not have (%s).\n", ex.Name, n, where)
	}
	fmt.Fprintf(env.Stdout, "Next: %s.\n", env.Paint.cmd("go run ./checker run "+ex.Name))
	return exitOK
}

// relToRoot names path relative to the workbook's root when it is inside.
func relToRoot(env *Env, path string) string {
	if r, err := filepath.Rel(env.Root, path); err == nil && filepath.IsLocal(r) {
		return r
	}
	return path
}
