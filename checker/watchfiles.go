package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// changeSet collects the exercises whose files changed since it was last
// taken, so that watch re-checks the exercise it is on only when one of
// its own files changed.
type changeSet struct {
	mu    sync.Mutex
	names map[string]bool
	c     chan struct{} // holds a value while names is not empty
}

func newChangeSet() *changeSet {
	return &changeSet{names: map[string]bool{}, c: make(chan struct{}, 1)}
}

// add notes a change to exercise name.
func (s *changeSet) add(name string) {
	s.mu.Lock()
	s.names[name] = true
	s.mu.Unlock()
	select {
	case s.c <- struct{}{}:
	default: // a change is already pending
	}
}

// C receives a value when changes are pending.
func (s *changeSet) C() <-chan struct{} { return s.c }

// take returns the exercises changed and forgets them.
func (s *changeSet) take() map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := s.names
	s.names = map[string]bool{}
	return names
}

// exerciseOf names the exercise the file at p, under dir (exercises/),
// belongs to.
func exerciseOf(dir, p string) string {
	rel, err := filepath.Rel(dir, p)
	if err != nil || !filepath.IsLocal(rel) {
		return ""
	}
	first, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	return first
}

// watchFiles reports changes under the workbook's exercises/ folder, by
// exercise. It uses file notifications, or polls every interval when asked
// to or when the file system has none; how says which. stop releases what
// it holds.
func watchFiles(env *Env, poll bool, interval time.Duration) (changes *changeSet, how string, stop func()) {
	dir := filepath.Join(env.Root, "exercises")
	changes = newChangeSet()
	done := make(chan struct{})
	if !poll {
		w, err := notifyWatcher(dir)
		if err == nil {
			go func() {
				for {
					select {
					case <-done:
						return
					case ev, ok := <-w.Events:
						if !ok {
							return
						}
						if ev.Has(fsnotify.Create) {
							if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() && !ignored(ev.Name) {
								w.Add(ev.Name)
							}
						}
						if !ignored(ev.Name) && ev.Op&^fsnotify.Chmod != 0 {
							changes.add(exerciseOf(dir, ev.Name))
						}
					case err, ok := <-w.Errors:
						if !ok {
							return
						}
						fmt.Fprintf(env.Stderr, "checker: warning: watching files: %v (press r and Enter to check by hand)\n", err)
					}
				}
			}()
			return changes, "file notifications", func() { close(done); w.Close() }
		}
		fmt.Fprintf(env.Stderr, "checker: file notifications unavailable (%v); polling every %v instead\n", err, interval)
	}
	go func() {
		last := treeSums(dir)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sums := treeSums(dir)
				for name, sum := range sums {
					if last[name] != sum {
						changes.add(name)
					}
				}
				for name := range last {
					if _, ok := sums[name]; !ok {
						changes.add(name)
					}
				}
				last = sums
			}
		}
	}()
	return changes, fmt.Sprintf("polling every %v", interval), func() { close(done) }
}

// notifyWatcher watches dir and every folder under it.
func notifyWatcher(dir string) (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && ignored(p) {
				return filepath.SkipDir
			}
			return w.Add(p)
		}
		return nil
	})
	if err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// ignored reports whether a change to the file at p should not cause a
// check: hidden files and editors' backup and swap files.
func ignored(p string) bool {
	base := filepath.Base(p)
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || strings.HasPrefix(base, "#")
}

// treeSums is treeSum of each folder in dir, by name.
func treeSums(dir string) map[string][32]byte {
	sums := map[string][32]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() && !ignored(e.Name()) {
			sums[e.Name()] = treeSum(filepath.Join(dir, e.Name()))
		}
	}
	return sums
}

// treeSum is a digest of the names, sizes, times and contents of the
// files under dir, for polling.
func treeSum(dir string) [32]byte {
	h := sha256.New()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		if ignored(p) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err == nil {
				fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
				h.Write(data)
			}
		}
		return nil
	})
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}
