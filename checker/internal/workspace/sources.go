package workspace

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/procbook/procbook/internal/stubs"
	"github.com/procbook/procbook/internal/workbook"
)

// ExerciseDir returns the folder of the learner's sources of ex.
func ExerciseDir(root string, ex workbook.Exercise) string {
	return filepath.Join(root, "exercises", ex.Name)
}

// SolutionDir returns the folder of the reference solution of ex.
func SolutionDir(root string, ex workbook.Exercise) string {
	return filepath.Join(root, "solutions", ex.Name)
}

// ScenarioFile returns the path of scenario s's testscript file.
func ScenarioFile(root string, s workbook.Scenario) string {
	return filepath.Join(root, "testdata", s.Name+".txtar")
}

// ReadFiles returns the regular files under dir, by slash-separated path
// relative to dir, skipping hidden files and folders (editors' swap files
// and the like). A missing dir has no files.
func ReadFiles(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && os.IsNotExist(err) {
				return fs.SkipAll
			}
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
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
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("workspace: reading %s: %w", dir, err)
	}
	return files, nil
}

// Fingerprint returns a digest of everything that decides an exercise's
// verdict and may change between two checks: the learner's sources and the
// exercise's scenario files. A recorded result whose fingerprint differs
// from the current one is stale.
func Fingerprint(root string, ex workbook.Exercise, sourceDir string) (string, error) {
	files, err := ReadFiles(sourceDir)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	writeFiles(h, "src/", files)
	for _, s := range ex.Scenarios {
		data, err := os.ReadFile(ScenarioFile(root, s))
		if err != nil && !os.IsNotExist(err) {
			return "", fmt.Errorf("workspace: %w", err)
		}
		writeFiles(h, "scenario/", map[string][]byte{s.Name: data})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func writeFiles(h interface{ Write([]byte) (int, error) }, prefix string, files map[string][]byte) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(h, "%s%s\x00%d\x00", prefix, n, len(files[n]))
		h.Write(files[n])
	}
}

// Untouched reports whether the learner's sources of ex are exactly the
// original stub: same files, same contents. An exercise without an
// embedded stub is never untouched.
func Untouched(root string, ex workbook.Exercise) (bool, error) {
	stub, err := stubs.Stub(ex.Name)
	if err != nil {
		return false, nil
	}
	files, err := ReadFiles(ExerciseDir(root, ex))
	if err != nil {
		return false, err
	}
	if len(files) != len(stub) {
		return false, nil
	}
	for _, f := range stub {
		if data, ok := files[f.Name]; !ok || !bytes.Equal(data, f.Data) {
			return false, nil
		}
	}
	return true, nil
}
