package grade

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// instructorParts are the parts of the instructor's workbook that decide a
// grade: the module files, the process library, the scenarios, and the
// manifest and runner under internal/. A change to any of them changes
// WorkbookHash, and so regrades every submission.
var instructorParts = []string{"go.mod", "go.sum", "process", "testdata", "internal"}

// WorkbookHash hashes what of the instructor's workbook at root a grade
// depends on, with the Go toolchain's version, which builds the programs.
func WorkbookHash(root string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "go %s\n", runtime.Version())
	for _, part := range instructorParts {
		p := filepath.Join(root, part)
		if _, err := os.Stat(p); err != nil {
			if os.IsNotExist(err) {
				continue
			}
			return "", fmt.Errorf("grade: hashing the workbook: %w", err)
		}
		if err := hashInto(h, root, p); err != nil {
			return "", fmt.Errorf("grade: hashing the workbook: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashTree hashes the files under dir: their paths relative to dir and
// their contents, in lexical order, so the same files give the same hash
// wherever they are.
func hashTree(dir string) (string, error) {
	h := sha256.New()
	if err := hashInto(h, dir, dir); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashInto writes into h each regular file under p (or p itself): its path
// relative to base, its size and its bytes. Links are not followed.
func hashInto(h io.Writer, base, p string) error {
	return filepath.WalkDir(p, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(base, file)
		if err != nil {
			return err
		}
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), fi.Size())
		_, err = io.Copy(h, f)
		return err
	})
}
