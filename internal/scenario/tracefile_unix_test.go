//go:build unix

package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A hostile program puts a link or a pipe where its trace was: the checker
// neither writes through the link nor reads through it, and does not wait
// on the pipe.
func TestTraceFileTamperedWith(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "someone_elses.go")
	if err := os.WriteFile(target, []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	trace := filepath.Join(dir, "trace.jsonl")

	if err := os.Symlink(target, trace); err != nil {
		t.Fatal(err)
	}
	if _, err := openTrace(trace); !errors.Is(err, errTraceTampered) {
		t.Errorf("openTrace(a link) = %v, want errTraceTampered", err)
	}
	if err := resetTrace(trace); err != nil {
		t.Fatalf("resetTrace(a link): %v", err)
	}
	if data, _ := os.ReadFile(target); string(data) != "package main\n" {
		t.Errorf("the link's target was written through: %q", data)
	}
	if fi, err := os.Lstat(trace); err != nil || !fi.Mode().IsRegular() || fi.Size() != 0 {
		t.Errorf("after resetTrace the trace is %v, %v; want an empty regular file", fi, err)
	}

	os.Remove(trace)
	if err := syscall.Mkfifo(trace, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := openTrace(trace); !errors.Is(err, errTraceTampered) {
		t.Errorf("openTrace(a pipe) = %v, want errTraceTampered", err)
	}
	if err := resetTrace(trace); err != nil {
		t.Fatalf("resetTrace(a pipe): %v", err)
	}

	os.Remove(trace)
	if f, err := openTrace(trace); f != nil || err != nil {
		t.Errorf("openTrace(nothing) = %v, %v; want nil, nil: no trace is an empty one", f, err)
	}
}

// A program that replaced one of its scenario's files by a link is caught
// before any comparison reads through it.
func TestLinkLeftIn(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "want.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := linkLeftIn(dir); got != "" {
		t.Errorf("linkLeftIn(no link) = %q", got)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "sub", "peek.txt")); err != nil {
		t.Fatal(err)
	}
	if got := linkLeftIn(dir); got != filepath.Join("sub", "peek.txt") {
		t.Errorf("linkLeftIn = %q, want sub/peek.txt", got)
	}
}
