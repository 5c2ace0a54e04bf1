package exercises

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite stubs.txtar from the exercise folders")

// exerciseDir matches the folders that hold exercises.
var exerciseDir = regexp.MustCompile(`^q[0-9]+$`)

// snapshot builds the archive stubs.txtar should hold, from the folders.
func snapshot(t *testing.T) []byte {
	t.Helper()
	a := &txtar.Archive{Comment: []byte("Original stubs of the exercises; see embed.go. Generated: go generate ./exercises\n")}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() || !exerciseDir.MatchString(e.Name()) {
			continue
		}
		ex := e.Name()
		err := filepath.WalkDir(ex, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && p != ex {
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
			rel, _ := filepath.Rel(ex, p)
			a.Files = append(a.Files, txtar.File{Name: snapshotName(ex, filepath.ToSlash(rel)), Data: data})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return txtar.Format(a)
}

// TestStubsSnapshot checks that the embedded originals are the folders'
// current stubs. With -update it rewrites the snapshot instead.
func TestStubsSnapshot(t *testing.T) {
	want := snapshot(t)
	if *update {
		if err := os.WriteFile("stubs.txtar", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(want, stubsArchive) {
		t.Fatal("stubs.txtar differs from the exercise folders: if a stub was changed on purpose, run 'go generate ./exercises'; " +
			"if you are working through the exercises, this is expected (the originals are what 'checker reset' restores)")
	}
}

func TestStub(t *testing.T) {
	for _, name := range Names() {
		files, err := Stub(name)
		if err != nil {
			t.Fatalf("Stub(%q): %v", name, err)
		}
		for _, f := range files {
			if !bytes.Equal(f.Data, mustRead(t, filepath.Join(name, f.Name))) && !*update {
				t.Errorf("Stub(%q) file %s differs from the folder", name, f.Name)
			}
		}
	}
	if _, err := Stub("q99"); err == nil {
		t.Error("Stub(\"q99\") succeeded; want an error")
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
