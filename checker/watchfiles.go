package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchFiles reports changes under the workbook's exercises/ folder on the
// returned channel (one value may stand for many changes). It uses file
// notifications, or polls every interval when asked to or when the file
// system has none; how says which. stop releases what it holds.
func watchFiles(env *Env, poll bool, interval time.Duration) (changes <-chan struct{}, how string, stop func()) {
	dir := filepath.Join(env.Root, "exercises")
	ch := make(chan struct{}, 1)
	notify := func() {
		select {
		case ch <- struct{}{}:
		default: // a change is already pending
		}
	}
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
							notify()
						}
					case err, ok := <-w.Errors:
						if !ok {
							return
						}
						fmt.Fprintf(env.Stderr, "checker: warning: watching files: %v (press r and Enter to check by hand)\n", err)
					}
				}
			}()
			return ch, "file notifications", func() { close(done); w.Close() }
		}
		fmt.Fprintf(env.Stderr, "checker: file notifications unavailable (%v); polling every %v instead\n", err, interval)
	}
	go func() {
		last := treeSum(dir)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if sum := treeSum(dir); sum != last {
					last = sum
					notify()
				}
			}
		}
	}()
	return ch, fmt.Sprintf("polling every %v", interval), func() { close(done) }
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
