package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// A program cache keeps the programs the checker built, so that one built
// again from unchanged sources is not linked again: linking is most of
// what a build costs once Go's build cache holds the compiled packages,
// and Go's build cache does not keep programs.
//
// It never decides whether a kept program is up to date; the go command
// does. Before a build, the kept program for the same sources is copied
// to where go build writes (its -o); go build reads the build ID the
// program carries, which hashes everything it was built from (the
// sources, the process library, the flags, the toolchain), and links
// again only when that differs. A kept program is therefore never used
// stale. What the cache must be is out of reach of the programs it
// holds: a program that could write it could leave itself there under
// the build ID of another. The checker keeps it in the user's cache
// folder, which no sandboxed program sees.
//
// Layout: one file per exercise, build mode and sources, named
// <exercise>-<hash of the sources>[-race]; written to a temporary file
// and renamed, so that a reader sees a whole program or none. The
// programsKept newest of each exercise and mode are kept; the others are
// removed after each store (or as many as the caller asks to keep).

// programsKept is how many programs the cache keeps for each exercise and
// build mode: the learner's latest few versions, or the stubs and the
// solutions that tests build again and again.
const programsKept = 4

// programSlot returns the file that holds, in the cache folder dir, the
// program built from the sources of spec, or "" when there is no cache.
// The name depends on the sources alone, not on where they are: programs
// are built with -trimpath, so the same sources make the same program in
// any folder.
func programSlot(dir string, spec buildSpec) (string, error) {
	if dir == "" {
		return "", nil
	}
	files, err := regularFiles(spec.Source)
	if err != nil {
		return "", fmt.Errorf("scenario: %w", err)
	}
	slices.Sort(files)
	h := sha256.New()
	for _, name := range files {
		if moduleFiles[name] {
			continue
		}
		f, err := os.Open(filepath.Join(spec.Source, name))
		if err != nil {
			return "", fmt.Errorf("scenario: %w", err)
		}
		fi, err := f.Stat()
		if err == nil {
			fmt.Fprintf(h, "%q %d\n", name, fi.Size())
			_, err = io.Copy(h, f)
		}
		f.Close()
		if err != nil {
			return "", fmt.Errorf("scenario: %w", err)
		}
	}
	slot := spec.Name + "-" + hex.EncodeToString(h.Sum(nil)[:12])
	if spec.Race {
		slot += "-race"
	}
	return filepath.Join(dir, slot+exeSuffixes[0]), nil
}

// fetchProgram copies the kept program in slot to exe, where go build
// will write, and reports whether there was one. A program that cannot be
// copied is not there: the build links a new one.
func fetchProgram(slot, exe string) bool {
	if slot == "" {
		return false
	}
	if err := copyProgram(slot, exe, 0o755); err != nil {
		os.Remove(exe)
		return false
	}
	now := time.Now()
	os.Chtimes(slot, now, now) // the newest are the ones kept
	return true
}

// keepProgram stores exe, just built, in slot, and removes the programs
// of the same exercise and mode beyond the newest kept (programsKept when
// kept is 0). It is best effort: a cache that cannot be written only
// makes the next build slower.
func keepProgram(slot, exe string, kept int) {
	if slot == "" {
		return
	}
	dir := filepath.Dir(slot)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, ".new-*")
	if err != nil {
		return
	}
	tmp.Close()
	if err := copyProgram(exe, tmp.Name(), 0o755); err != nil || os.Rename(tmp.Name(), slot) != nil {
		os.Remove(tmp.Name())
		return
	}
	if kept <= 0 {
		kept = programsKept
	}
	pruneProgram(slot, kept)
}

// staleTemp is how old a temporary file of the cache (.new-*) must be to
// be removed: by then the store that made it has ended, or was killed
// before it could rename it.
const staleTemp = time.Hour

// pruneProgram removes, beside slot, the programs of the same exercise and
// mode but the kept newest, and the temporary files that stores killed
// midway left.
func pruneProgram(slot string, kept int) {
	dir, base := filepath.Split(slot)
	name, _, _ := strings.Cut(base, "-")
	race := strings.HasSuffix(strings.TrimSuffix(base, exeSuffixes[0]), "-race")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type program struct {
		path string
		mod  time.Time
	}
	var same []program
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".new-") {
			if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleTemp {
				os.Remove(filepath.Join(dir, n))
			}
			continue
		}
		if !strings.HasPrefix(n, name+"-") || strings.HasSuffix(strings.TrimSuffix(n, exeSuffixes[0]), "-race") != race {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() {
			same = append(same, program{filepath.Join(dir, n), fi.ModTime()})
		}
	}
	slices.SortFunc(same, func(a, b program) int { return b.mod.Compare(a.mod) })
	for _, k := range same[min(len(same), kept):] {
		os.Remove(k.path)
	}
}

// fileHash returns the SHA-256 of the file's bytes, or "" when it cannot
// be read.
func fileHash(name string) string {
	f, err := os.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// copyProgram copies the file src to dst, made with perm, replacing it.
func copyProgram(src, dst string, perm os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
