package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/procbook/procbook/internal/workbook"
)

var cmdReset = &Command{
	Name:      "reset",
	UsageLine: "reset qN",
	Short:     "restore an exercise's original stub, keeping a backup of yours",
	Long: `Reset puts back the original files of qN (they are kept inside the
checker) after saving your version in the workbook's .procbook/backups/
folder; it says where. Files you added to exercises/qN are moved to the
backup too, so the exercise builds as the stub did. This is the only
command that changes your files.`,
	Run: runReset,
}

func runReset(env *Env, args []string) int {
	ex, code, ok := exerciseArg(env, args)
	if !ok {
		return code
	}
	if !openBook(env, checkFlags{}) {
		return exitFailed
	}
	return resetOne(env, ex)
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
	fmt.Fprintf(env.Stdout, "Next: start again from %s, and %s when you are ready.\n", ex.Chapter, env.Paint.cmd("go run ./checker run "+ex.Name))
	return exitOK
}

// relToRoot names path relative to the workbook's root when it is inside.
func relToRoot(env *Env, path string) string {
	if r, err := filepath.Rel(env.Root, path); err == nil && filepath.IsLocal(r) {
		return r
	}
	return path
}
