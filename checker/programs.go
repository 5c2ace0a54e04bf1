package main

import (
	"os"
	"path/filepath"
)

// programCacheEnv names the folder where the checker keeps the programs it
// built (see scenario.Options.ProgramCache); "off" keeps none.
const programCacheEnv = "PROCBOOK_PROGRAM_CACHE"

// programCache is the folder where the checker keeps the programs it
// built, so that checking or grading unchanged sources again does not link
// them again: $PROCBOOK_PROGRAM_CACHE, else procbook/programs in the
// user's cache folder, or "" for none.
func programCache() string {
	if dir := os.Getenv(programCacheEnv); dir != "" {
		if dir == "off" {
			return ""
		}
		return dir
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "procbook", "programs")
}

// programsKept is how many programs of each exercise and build mode the
// program cache keeps; 0 means the scenario package's default, a
// learner's last few versions. The transcripts, whose checker builds many
// versions of every exercise, keep more (main_test.go).
var programsKept int
