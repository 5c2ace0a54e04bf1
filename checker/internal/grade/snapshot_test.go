package grade

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// testMaterialWorkbook writes, at root, a workbook holding one file of each
// kind workbook.CheckInput tells apart, and a link.
func testMaterialWorkbook(t *testing.T, root string) {
	t.Helper()
	writeFiles(t, root, map[string]string{
		"go.mod":                              "module example.com/wb\n",
		"go.sum":                              "",
		"process/lock.go":                     "package process\n",
		"process/lock_test.go":                "package process\n",
		"process/process.test":                "a test binary",
		"process/testdata/fixture.txt":        "the library's test data",
		"process/.lock.go.swp":                "an editor's",
		"testdata/q3_square.txtar":            "run q3\n",
		"testdata/anti/q3_idle/main.go":       "package main\n",
		"internal/stubs/stubs.txtar":          "-- q3/main.go --\n",
		"internal/scenario/check.go":          "package scenario\n",
		"internal/scenario/testdata/a.txt":    "the runner's test data",
		"internal/scenario/supervise_test.go": "package scenario\n",
		"exercises/q3/main.go":                "package main\n",
		"exercises/q3/quiz.md":                "- [ ] a\n",
		"exercises/.git/config":               "",
		"docs/q3.md":                          "the chapter",
	})
	if err := os.Symlink("lock.go", filepath.Join(root, "process", "link.go")); err != nil {
		t.Fatal(err)
	}
}

// filesUnder lists the files (of any type) under dir, by slash path.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// TestSnapshotCopiesWhatChecksRead: the snapshot holds the module files,
// the library's and the internal packages' sources, the scenarios and the
// exercises, and none of the book's own tests, test data, antisolutions,
// hidden files, links or parts that grading does not read.
func TestSnapshotCopiesWhatChecksRead(t *testing.T) {
	_, snap := snapshotOfTestMaterial(t)
	want := []string{
		"exercises/q3/main.go",
		"exercises/q3/quiz.md",
		"go.mod",
		"go.sum",
		"internal/scenario/check.go",
		"internal/stubs/stubs.txtar",
		"process/lock.go",
		"testdata/q3_square.txtar",
	}
	if got := filesUnder(t, snap); !slices.Equal(got, want) {
		t.Errorf("the snapshot holds\n%q\nwant\n%q", got, want)
	}
}

// snapshotOfTestMaterial writes testMaterialWorkbook and snapshots it,
// returning the workbook's folder and the snapshot's.
func snapshotOfTestMaterial(t *testing.T) (root, snap string) {
	t.Helper()
	dir := t.TempDir()
	root, snap = filepath.Join(dir, "workbook"), filepath.Join(dir, "snapshot")
	testMaterialWorkbook(t, root)
	if err := snapshot(root, snap); err != nil {
		t.Fatal(err)
	}
	return root, snap
}
