package workbook

import (
	"path/filepath"
	"strings"
)

// CheckInput reports whether the workbook's file or folder at rel, a path
// relative to the workbook's root (dir says it is a folder), is one that
// building and checking an exercise reads, as against the book's own test
// material. Left out are:
//
//   - hidden files and folders (a name that starts with "."): the go
//     command ignores them, and they hold tools' state;
//   - test files (*_test.go) and test binaries (*.test, left by
//     go test -c): no build of an exercise's program compiles them;
//   - a testdata folder below the root (process/testdata,
//     internal/scenario/testdata): a package's test data, read by its
//     tests alone;
//   - the root's testdata/anti/: the antisolutions, wrong programs that
//     the book's own tests (internal/scenario, internal/policy) prove its
//     scenarios fail.
//
// The root's testdata/ itself, which holds the scenarios, is input.
//
// Why it matters: grading copies the workbook into its workspace, and the
// checker's transcripts into the fixture of every script, and a new file
// is costly (a fraction of a millisecond on ext4); grading also hashes its
// copy after every exercise, to catch a change made to it. What the rule
// leaves out cannot change a grade, so leaving it out of the hash too is
// right: an edit to a test of the process library does not regrade a
// class. The callers that rely on it are checker/internal/grade's
// snapshot and WorkbookHash, so that the hash covers what is copied of the
// parts a grade depends on, the Gradescope bundle's copy of the workbook
// (checker/gradescope_bundle.go), and the checker's transcripts' fixture
// (checker/main_test.go).
func CheckInput(rel string, dir bool) bool {
	rel = filepath.ToSlash(filepath.Clean(rel))
	if rel == "." {
		return true
	}
	elems := strings.Split(rel, "/")
	last := len(elems) - 1
	for i, e := range elems {
		folder := dir || i < last
		switch {
		case strings.HasPrefix(e, "."):
			return false // hidden, or ".." out of the workbook
		case e == "testdata" && i > 0 && folder:
			return false
		case e == "anti" && i == 1 && elems[0] == "testdata" && folder:
			return false
		}
	}
	if !dir && (strings.HasSuffix(elems[last], "_test.go") || strings.HasSuffix(elems[last], ".test")) {
		return false
	}
	return true
}
