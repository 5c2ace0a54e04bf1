package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/procbook/procbook/checker/internal/workspace"
	"github.com/procbook/procbook/internal/stubs"
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
	if !openStore(env) {
		return exitFailed
	}
	stub, err := stubs.Stub(ex.Name)
	if err != nil {
		return toolError(env, err, "update the checker (git pull): it has no original of "+ex.Name)
	}
	dir := workspace.ExerciseDir(env.Root, ex)
	untouched, err := workspace.Untouched(env.Root, ex)
	if err != nil {
		return toolError(env, err, "check that exercises/"+ex.Name+" can be read")
	}
	if untouched {
		fmt.Fprintf(env.Stdout, "exercises/%s is already the original stub; nothing changed.\n", ex.Name)
		return exitOK
	}
	mine, err := workspace.ReadFiles(dir)
	if err != nil {
		return toolError(env, err, "check that exercises/"+ex.Name+" can be read")
	}
	backup := ""
	if len(mine) > 0 {
		backup, err = env.Store.Backup(ex.Name, mine, time.Now())
		if err != nil {
			return toolError(env, err, "free some disk space; your files were not changed")
		}
	}
	// Nothing below runs unless the backup holds every file.
	inStub := map[string]bool{}
	for _, f := range stub {
		inStub[f.Name] = true
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return toolError(env, err, "your version is safe in "+backup)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return toolError(env, err, "your version is safe in "+backup)
		}
	}
	var removed []string
	for name := range mine {
		if !inStub[name] {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				return toolError(env, err, "your version is safe in "+backup)
			}
			removed = append(removed, name)
		}
	}
	sort.Strings(removed)
	env.Store.ForgetResult(ex.Name)

	if backup == "" {
		fmt.Fprintf(env.Stdout, "exercises/%s was missing or empty: there was nothing to save.\n", ex.Name)
	} else {
		rel := backup
		if r, err := filepath.Rel(env.Root, backup); err == nil && filepath.IsLocal(r) {
			rel = r
		}
		fmt.Fprintf(env.Stdout, "Saved your version of %s in %s\n", ex.Name, rel)
	}
	fmt.Fprintf(env.Stdout, "Restored the original stub of exercises/%s (%d files).\n", ex.Name, len(stub))
	for _, n := range removed {
		fmt.Fprintf(env.Stdout, "Removed exercises/%s/%s, which the stub does not have (it is in the backup).\n", ex.Name, n)
	}
	fmt.Fprintf(env.Stdout, "Next: start again from %s, and %s when you are ready.\n", ex.Chapter, env.Paint.cmd("go run ./checker run "+ex.Name))
	return exitOK
}
