package stubs

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite stubs.txtar from the folders of ../../exercises")

// exerciseDir matches the folders that hold exercises.
var exerciseDir = regexp.MustCompile(`^q[0-9]+$`)

// exercisesDir is the folder of the exercises, from this package's.
var exercisesDir = filepath.Join("..", "..", "exercises")

// snapshot builds the archive stubs.txtar should hold, from the folders.
func snapshot(t *testing.T) []byte {
	t.Helper()
	a := &txtar.Archive{Comment: []byte("Original stubs of the exercises; see stubs.go. Generated: go generate ./internal/stubs\n")}
	entries, err := os.ReadDir(exercisesDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() || !exerciseDir.MatchString(e.Name()) {
			continue
		}
		ex := e.Name()
		dir := filepath.Join(exercisesDir, ex)
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && p != dir {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			a.Files = append(a.Files, txtar.File{Name: snapshotName(ex, filepath.ToSlash(rel)), Data: data})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return txtar.Format(a)
}

// TestStubsSnapshot rewrites stubs.txtar from the folders when run with
// -update (go generate ./internal/stubs). Without it there is nothing to check
// here: the folders are the learner's, and may hold anything. That the
// committed stubs and the snapshot agree is checked where the folders are
// known to be the authors': .ci/run regenerates the snapshot on a fresh
// clone and fails on any difference.
func TestStubsSnapshot(t *testing.T) {
	if !*update {
		t.Skip("the folders are the learner's; run 'go generate ./internal/stubs' to refresh the snapshot from them")
	}
	if err := os.WriteFile("stubs.txtar", snapshot(t), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestStub checks the snapshot's contents: every exercise has its files,
// each exercise's program is a main package, and a name with no stub is
// an error.
func TestStub(t *testing.T) {
	names := Names()
	if want := []string{"q1", "q2", "q3", "q4", "q5", "q6"}; !slices.Equal(names, want) {
		t.Errorf("Names() = %q, want %q", names, want)
	}
	for _, name := range names {
		files, err := Stub(name)
		if err != nil {
			t.Fatalf("Stub(%q): %v", name, err)
		}
		if !slices.IsSortedFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) }) {
			t.Errorf("Stub(%q) is not sorted by name", name)
		}
		main := false
		for _, f := range files {
			if strings.HasSuffix(f.Name, ".go") && bytes.Contains(f.Data, []byte("\nfunc main() {")) {
				main = bytes.HasPrefix(f.Data, []byte("package main")) || bytes.Contains(f.Data, []byte("\npackage main\n"))
			}
		}
		if !main {
			t.Errorf("Stub(%q) has no file with package main's func main", name)
		}
	}
	if _, err := Stub("q99"); err == nil {
		t.Error("Stub(\"q99\") succeeded; want an error")
	}
}

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "q3")
	if err := Write(dir, "q3"); err != nil {
		t.Fatal(err)
	}
	files, _ := Stub("q3")
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil || !bytes.Equal(data, f.Data) {
			t.Errorf("%s: %v, or not the stub's bytes", f.Name, err)
		}
	}
	if err := Write(t.TempDir(), "q99"); err == nil {
		t.Error("Write of an exercise with no stub succeeded")
	}
}
