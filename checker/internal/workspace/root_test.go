package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestFindRoot(t *testing.T) {
	root := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "// the workbook\nmodule \"github.com/procbook/procbook\"\n\ngo 1.26\n")
	write("exercises/go.mod", "module github.com/procbook/procbook/exercises\n")
	write("exercises/q3/main.go", "package main\n")
	write("stray/exercises/go.mod", "module github.com/procbook/procbook/exercises\n")
	write("other/go.mod", "module example.com/other\n")
	write("other/sub/x.go", "package sub\n")

	got, err := FindRoot(filepath.Join(root, "exercises", "q3"))
	if err != nil || got != root {
		t.Fatalf("FindRoot(exercises/q3) = %q, %v; want %q", got, err, root)
	}
	if _, err := FindRoot(filepath.Join(root, "stray", "exercises")); !errors.Is(err, ErrNoWorkbook) {
		t.Fatalf("FindRoot(stray/exercises) error = %v, want ErrNoWorkbook (an exercises module outside a workbook's root)", err)
	}
	if _, err := FindRoot(filepath.Join(root, "other", "sub")); !errors.Is(err, ErrNoWorkbook) {
		t.Fatalf("FindRoot(other/sub) error = %v, want ErrNoWorkbook (the nearest go.mod is another module's)", err)
	}
	if _, err := CheckRoot(filepath.Join(root, "other")); err == nil {
		t.Fatal("CheckRoot(other) succeeded")
	}
	if got, err := CheckRoot(root); err != nil || got != root {
		t.Fatalf("CheckRoot(root) = %q, %v", got, err)
	}
}
