package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWhole(t *testing.T) {
	name := filepath.Join(t.TempDir(), "sub", "f.txt")
	if err := Write(name, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := Write(name, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(name); string(got) != "two" {
		t.Fatalf("file holds %q, want %q", got, "two")
	}
}

func TestFailedWriteLeavesFileAlone(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f.txt")
	if err := Write(name, []byte("old")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFunc(name, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WriteFunc returned %v, want the writer's error", err)
	}
	if got, _ := os.ReadFile(name); string(got) != "old" {
		t.Fatalf("file holds %q after a failed write, want %q", got, "old")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("%d files left in the folder, want 1 (no temporary file)", len(entries))
	}
}
