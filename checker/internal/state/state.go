// Package state keeps what the checker remembers between runs: the last
// result of each exercise, how many hints were shown, the trace of each
// exercise's last run and the backups made by reset. It lives under the
// workbook's .procbook/ folder (git-ignored), or in the user's cache folder
// when that one cannot be written, and never among the learner's files.
package state

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/procbook/procbook/checker/internal/atomicfile"
	"github.com/procbook/procbook/internal/scenario"
)

// DirName is the state folder's name under the workbook's root.
const DirName = ".procbook"

// Store is the checker's state for one workbook.
type Store struct {
	Dir string // where everything is kept
}

// Open returns the store of the workbook at root, creating its folder: the
// workbook's .procbook/ if it can be written, else a folder of the user's
// cache named after the root.
func Open(root string) (*Store, error) {
	dir := filepath.Join(root, DirName)
	errLocal := writable(dir)
	if errLocal == nil {
		return &Store{Dir: dir}, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return nil, fmt.Errorf("state: cannot write %s (%v) and no cache folder: %w", dir, errLocal, err)
	}
	sum := sha256.Sum256([]byte(root))
	dir = filepath.Join(cache, "procbook", hex.EncodeToString(sum[:8]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("state: cannot write %s nor %s: %w", filepath.Join(root, DirName), dir, err)
	}
	return &Store{Dir: dir}, nil
}

// writable creates dir if need be and checks that a file can be made in it.
func writable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// Record is the last result of an exercise, with what it was computed from.
type Record struct {
	Exercise    string           `json:"exercise"`
	Fingerprint string           `json:"fingerprint"` // of the sources and scenarios checked (workspace.Fingerprint)
	When        time.Time        `json:"when"`
	Timeout     time.Duration    `json:"timeout,omitempty"` // each run's limit, which decides a timeout's verdict
	Result      *scenario.Result `json:"result"`
}

// SaveResult records rec as the last result of its exercise.
func (s *Store) SaveResult(rec Record) error {
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return writeAtomic(s.resultPath(rec.Exercise), data)
}

// LoadResult returns the last recorded result of exercise name, or nil
// when there is none (or it cannot be read: a record is only a cache).
func (s *Store) LoadResult(name string) *Record {
	data, err := os.ReadFile(s.resultPath(name))
	if err != nil {
		return nil
	}
	var rec Record
	if json.Unmarshal(data, &rec) != nil || rec.Result == nil || rec.Exercise != name {
		return nil
	}
	return &rec
}

// ForgetResult removes the recorded result of exercise name.
func (s *Store) ForgetResult(name string) error {
	err := os.Remove(s.resultPath(name))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

func (s *Store) resultPath(name string) string {
	return filepath.Join(s.Dir, "results", name+".json")
}

// TracePath returns where the trace of exercise name's last run is kept.
func (s *Store) TracePath(name string) string {
	return filepath.Join(s.Dir, "traces", name+".jsonl")
}

// PrepareTrace makes sure the traces folder exists.
func (s *Store) PrepareTrace() error {
	if err := os.MkdirAll(filepath.Join(s.Dir, "traces"), 0o755); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

// HintsShown returns how many of exercise name's hints have been shown.
func (s *Store) HintsShown(name string) int {
	return s.loadHints()[name]
}

// SetHintsShown records that n of exercise name's hints have been shown.
func (s *Store) SetHintsShown(name string, n int) error {
	h := s.loadHints()
	h[name] = n
	data, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return writeAtomic(filepath.Join(s.Dir, "hints.json"), data)
}

func (s *Store) loadHints() map[string]int {
	h := map[string]int{}
	data, err := os.ReadFile(filepath.Join(s.Dir, "hints.json"))
	if err == nil {
		json.Unmarshal(data, &h)
	}
	if h == nil {
		h = map[string]int{}
	}
	return h
}

// Backup saves files (paths relative to the exercise's folder) under a new
// folder backups/<name>-<time>/ and returns that folder.
func (s *Store) Backup(name string, files map[string][]byte, now time.Time) (string, error) {
	base := filepath.Join(s.Dir, "backups", name+"-"+now.Format(backupStamp))
	dir := base
	for i := 2; ; i++ {
		err := os.MkdirAll(filepath.Dir(dir), 0o755)
		if err == nil {
			err = os.Mkdir(dir, 0o755)
		}
		if err == nil {
			break
		}
		if !errors.Is(err, os.ErrExist) || i > 100 {
			return "", fmt.Errorf("state: backup: %w", err)
		}
		dir = fmt.Sprintf("%s-%d", base, i)
	}
	for rel, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", fmt.Errorf("state: backup: %w", err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return "", fmt.Errorf("state: backup: %w", err)
		}
	}
	return dir, nil
}

// backupStamp is the layout of the time in a backup folder's name.
const backupStamp = "20060102-150405"

// Backups returns the folders of exercise name's backups, the newest
// last; none is not an error.
func (s *Store) Backups(name string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(s.Dir, "backups"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	type backup struct {
		dir  string
		when time.Time
		n    int // Backup's tie-breaker for two in the same second
	}
	var found []backup
	for _, e := range entries {
		// name-<stamp> or name-<stamp>-<n>
		rest, ok := strings.CutPrefix(e.Name(), name+"-")
		if !e.IsDir() || !ok || len(rest) < len(backupStamp) {
			continue
		}
		when, err := time.Parse(backupStamp, rest[:len(backupStamp)])
		if err != nil {
			continue
		}
		b := backup{dir: filepath.Join(s.Dir, "backups", e.Name()), when: when, n: 1}
		if tail := rest[len(backupStamp):]; tail != "" {
			n, err := strconv.Atoi(strings.TrimPrefix(tail, "-"))
			if err != nil || tail[0] != '-' {
				continue
			}
			b.n = n
		}
		found = append(found, b)
	}
	sort.Slice(found, func(i, j int) bool {
		if !found[i].when.Equal(found[j].when) {
			return found[i].when.Before(found[j].when)
		}
		return found[i].n < found[j].n
	})
	dirs := make([]string, len(found))
	for i, b := range found {
		dirs[i] = b.dir
	}
	return dirs, nil
}

// Current returns the exercise the learner chose to work on, or "" when
// they chose none (the first one not done is then theirs).
func (s *Store) Current() string {
	data, err := os.ReadFile(filepath.Join(s.Dir, "current"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}

// SetCurrent records name as the exercise the learner works on; "" forgets
// the choice.
func (s *Store) SetCurrent(name string) error {
	if name == "" {
		err := os.Remove(filepath.Join(s.Dir, "current"))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("state: %w", err)
		}
		return nil
	}
	return writeAtomic(filepath.Join(s.Dir, "current"), []byte(name+"\n"))
}

// writeAtomic writes data to name whole or not at all, so that a reader
// never sees half a file, even with checks in parallel.
func writeAtomic(name string, data []byte) error {
	if err := atomicfile.Write(name, data); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}
