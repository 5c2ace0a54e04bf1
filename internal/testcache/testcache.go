// Package testcache says where the book's own tests keep the programs they
// build, from one run of go test to the next.
//
// Linking is most of what building an exercise costs once Go's build
// cache holds the compiled packages, and Go's build cache keeps no
// programs. The tests build the same solutions, stubs and antisolutions
// on every run; kept in a program cache (scenario.Options.ProgramCache),
// a program is linked again only when the go command finds its build ID
// out of date, so a kept program is never used stale and the tests prove
// what they proved with a fresh link. A fresh machine, or .ci/run, which
// points XDG_CACHE_HOME at an empty folder, links everything.
//
// Each test package has a folder of its own, so that one package's
// pruning never removes the programs of another running beside it.
package testcache

import (
	"os"
	"path/filepath"
)

// ProgramsKept is how many programs of each exercise and build mode the
// tests keep: more than a learner's checker keeps, as one run of the tests
// builds the solution, the stub and every antisolution of an exercise.
const ProgramsKept = 32

// Programs returns the folder where the tests of the package called name
// keep their programs: procbook/test-programs/<name> in the user's cache
// folder (os.UserCacheDir, beside Go's build cache), or "" for no cache
// when there is no such folder.
func Programs(name string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "procbook", "test-programs", name)
}
