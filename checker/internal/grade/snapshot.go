package grade

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/procbook/procbook/internal/workbook"
)

// snapshotParts are the parts of the instructor's workbook that building
// and checking a submission reads: the module files, the process library,
// the scenarios, the exercises' packages (whose files each submission's
// stand in for) and the internal packages.
var snapshotParts = []string{"go.mod", "go.sum", "process", "testdata", "exercises", "internal"}

// snapshot copies the parts of the workbook at root that grading reads
// into dir, and grading then works from the copy. Nothing a build does
// reaches the instructor's own copy (an offline build may rewrite go.mod),
// and the whole class is graded against the same tests even if the
// instructor edits them meanwhile. Within the parts, only what
// workbook.CheckInput keeps is copied: hidden files, the packages' tests
// and test data, and the antisolutions are the book's own test material,
// which no build or check reads. Links are left out too.
func snapshot(root, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("grade: copying the workbook: %w", err)
	}
	for _, part := range snapshotParts {
		src := filepath.Join(root, part)
		if _, err := os.Stat(src); os.IsNotExist(err) {
			continue
		}
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			if !workbook.CheckInput(rel, d.IsDir()) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			dst := filepath.Join(dir, rel)
			switch {
			case d.IsDir():
				return os.MkdirAll(dst, 0o755)
			case d.Type().IsRegular():
				return copyFile(p, dst)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("grade: copying the workbook: %w", err)
		}
	}
	return nil
}

// copyFile copies the regular file src to dst.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
