package progress

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/procbook/procbook/checker/internal/workspace"
	"github.com/procbook/procbook/internal/stubs"
	"github.com/procbook/procbook/internal/workbook"
)

// Change is what Reset or Undo did to an exercise's folder.
type Change struct {
	Backup   string   // the folder where the learner's version was saved; "" when there was nothing to save
	Restored string   // Undo: the backup put back
	Written  int      // files written
	Removed  []string // files removed (they are in Backup), slash-separated, relative to the exercise
	Nothing  bool     // the folder already held what was asked for: nothing changed
}

// ErrNoBackup is Undo's error for an exercise that was never reset.
var ErrNoBackup = errors.New("progress: no backup to bring back")

// Reset puts back the original stub of ex, after saving the learner's
// version among the backups. Nothing is written unless the backup holds
// every file, so nothing of the learner's is ever lost.
func (b *Book) Reset(ex workbook.Exercise, now time.Time) (Change, error) {
	stub, err := stubs.Stub(ex.Name)
	if err != nil {
		return Change{}, err
	}
	files := map[string][]byte{}
	for _, f := range stub {
		files[f.Name] = f.Data
	}
	untouched, err := workspace.Untouched(b.Root, ex)
	if err != nil {
		return Change{}, err
	}
	if untouched {
		return Change{Nothing: true}, nil
	}
	return b.replace(ex, files, now)
}

// Undo brings back the newest backup of ex (the version the last Reset
// saved). What the folder holds first is saved as a backup too, unless it
// is the stub or that very backup, so a second Undo undoes the first.
func (b *Book) Undo(ex workbook.Exercise, now time.Time) (Change, error) {
	dirs, err := b.Store.Backups(ex.Name)
	if err != nil {
		return Change{}, err
	}
	if len(dirs) == 0 {
		return Change{}, ErrNoBackup
	}
	last := dirs[len(dirs)-1]
	files, err := workspace.ReadFiles(last)
	if err != nil {
		return Change{}, err
	}
	mine, err := workspace.ReadFiles(workspace.ExerciseDir(b.Root, ex))
	if err != nil {
		return Change{}, err
	}
	if sameFiles(mine, files) {
		return Change{Nothing: true, Restored: last}, nil
	}
	untouched, err := workspace.Untouched(b.Root, ex)
	if err != nil {
		return Change{}, err
	}
	var c Change
	if untouched {
		c, err = b.write(ex, files, mine, "")
	} else {
		c, err = b.replace(ex, files, now)
	}
	c.Restored = last
	return c, err
}

// replace saves the learner's version of ex as a backup, then makes the
// exercise's folder hold exactly files.
func (b *Book) replace(ex workbook.Exercise, files map[string][]byte, now time.Time) (Change, error) {
	mine, err := workspace.ReadFiles(workspace.ExerciseDir(b.Root, ex))
	if err != nil {
		return Change{}, err
	}
	backup := ""
	if len(mine) > 0 {
		backup, err = b.Store.Backup(ex.Name, mine, now)
		if err != nil {
			return Change{}, fmt.Errorf("%w; your files were not changed", err)
		}
	}
	return b.write(ex, files, mine, backup)
}

// write makes ex's folder, which holds mine, hold exactly files, and
// forgets the recorded result (the hints seen stay).
func (b *Book) write(ex workbook.Exercise, files, mine map[string][]byte, backup string) (Change, error) {
	c := Change{Backup: backup}
	safe := func(err error) error {
		if backup != "" {
			return fmt.Errorf("%w (your version is safe in %s)", err, backup)
		}
		return err
	}
	dir := workspace.ExerciseDir(b.Root, ex)
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return c, safe(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return c, safe(err)
		}
		c.Written++
	}
	for name := range mine {
		if _, ok := files[name]; !ok {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				return c, safe(err)
			}
			c.Removed = append(c.Removed, name)
		}
	}
	sort.Strings(c.Removed)
	if err := b.Store.ForgetResult(ex.Name); err != nil {
		return c, err
	}
	return c, nil
}

func sameFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for n, data := range a {
		if other, ok := b[n]; !ok || !bytes.Equal(data, other) {
			return false
		}
	}
	return true
}
