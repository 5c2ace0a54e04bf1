// Package stubs keeps the original stubs of the exercises, q1 … q6, so
// that the checker can tell an exercise nobody has touched from one being
// worked on, and can put a stub back ('checker reset').
//
// The stubs are not embedded from the folders exercises/q1 … q6
// themselves: those are what the learner edits, and a checker built by
// 'go run ./checker' would embed the learner's version, not the original
// (and be rebuilt on every save); and exercises/ is a module of its own, so
// that 'go test ./...' never builds what the learner is in the middle of. They are embedded from stubs.txtar, a snapshot of the folders taken
// by the authors. After changing a stub, refresh it with
//
//	go generate ./internal/stubs
//
// .ci/run regenerates it on a fresh clone and fails while the snapshot and
// the committed folders disagree.
package stubs

import (
	_ "embed"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"
)

//go:generate go test -run TestStubsSnapshot -update .

// stubsArchive is the snapshot: one txtar file per stub file, named
// "<exercise>/<path in the exercise's folder>".
//
//go:embed stubs.txtar
var stubsArchive []byte

// File is one file of a stub.
type File struct {
	Name string // the path within the exercise's folder: "main.go"
	Data []byte
}

// Stub returns the original files of the exercise called name, sorted by
// name, or an error when the snapshot has none.
func Stub(name string) ([]File, error) {
	var files []File
	for _, f := range txtar.Parse(stubsArchive).Files {
		ex, rel, ok := strings.Cut(f.Name, "/")
		if ok && ex == name {
			files = append(files, File{Name: rel, Data: f.Data})
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("exercises: no original stub for %q", name)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, nil
}

// Write writes the original files of the exercise called name into dir,
// which it makes if need be: a copy of the stub to build or check, away
// from the learner's folder.
func Write(dir, name string) error {
	files, err := Stub(name)
	if err != nil {
		return err
	}
	for _, f := range files {
		file := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Names returns the exercises that have a stub in the snapshot.
func Names() []string {
	seen := map[string]bool{}
	var names []string
	for _, f := range txtar.Parse(stubsArchive).Files {
		ex, _, ok := strings.Cut(f.Name, "/")
		if ok && !seen[ex] {
			seen[ex] = true
			names = append(names, ex)
		}
	}
	sort.Strings(names)
	return names
}

// snapshotName is the archive file name for file rel of exercise ex.
func snapshotName(ex, rel string) string { return path.Join(ex, rel) }
