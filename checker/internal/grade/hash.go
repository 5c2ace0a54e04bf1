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

	"github.com/procbook/procbook/internal/workbook"
)

// instructorParts are the parts of the instructor's workbook that decide a
// grade: the module files, the process library, the scenarios, and the
// manifest and runner under internal/. A change to any of them changes
// WorkbookHash, and so regrades every submission.
var instructorParts = []string{"go.mod", "go.sum", "process", "testdata", "internal"}

// WorkbookHash hashes what of the instructor's workbook at root a grade
// depends on, with the Go toolchain's version, which builds the programs.
// Within instructorParts it hashes only what workbook.CheckInput keeps,
// as snapshot copies only that: the book's own tests cannot change a
// grade, so an edit to them regrades nobody. The snapshot also holds the
// original exercises/, which no grade depends on (a submission's files
// stand in for them, and the build hides the rest), and which the hash
// leaves out.
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
		if err := hashInto(h, root, p, workbook.CheckInput); err != nil {
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
	if err := hashInto(h, dir, dir, nil); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashInto writes into h each regular file under p (or p itself): its path
// relative to base, its size and its bytes. Links are not followed. When
// keep is not nil, the files and folders it does not keep (given their
// paths relative to base) are left out.
func hashInto(h io.Writer, base, p string, keep func(rel string, dir bool) bool) error {
	return filepath.WalkDir(p, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(base, file)
		if err != nil {
			return err
		}
		if keep != nil && !keep(rel, d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
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
