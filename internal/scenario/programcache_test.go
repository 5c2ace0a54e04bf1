package scenario

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProgramCache builds one program twice from two folders holding the
// same sources: the second build takes the kept program (the go command
// finds it up to date and does not link again), mark and all. Then a wrong program is
// planted under that name: the go command sees it is not what those
// sources make, and links the right one in its place.
func TestProgramCache(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	cache := t.TempDir()
	src := func() string {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"kept\") }\n")
		return dir
	}
	spec := buildSpec{Root: root, Name: "fixture", Source: src(), OutDir: t.TempDir(), Cache: cache}
	if _, err := build(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	slot, err := programSlot(cache, spec)
	if err != nil {
		t.Fatal(err)
	}
	// A mark at the end of the kept program, where its build ID is not:
	// a program linked anew would not have it.
	f, err := os.OpenFile(slot, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatalf("the program was not kept: %v", err)
	}
	f.WriteString("kept-mark")
	f.Close()

	spec.Source, spec.OutDir = src(), t.TempDir()
	if s, _ := programSlot(cache, spec); s != slot {
		t.Fatalf("the same sources in another folder have another slot: %s, not %s", s, slot)
	}
	exe, err := build(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(exe); err != nil || !strings.HasSuffix(string(data), "kept-mark") {
		t.Errorf("the second build linked the program again instead of taking the kept one (%v)", err)
	}
	if out := runOutput(t, exe); out != "kept" {
		t.Errorf("the kept program printed %q, want kept", out)
	}

	// A wrong program under the slot's name: the go command's build ID
	// check refuses it.
	if err := copyProgram(fixtureExe(t), slot, 0o755); err != nil {
		t.Fatal(err)
	}
	spec.OutDir = t.TempDir()
	exe, err = build(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if out := runOutput(t, exe); out != "kept" {
		t.Errorf("a planted program was used: it printed %q, want kept", out)
	}
}

// TestProgramCachePrunes keeps, per exercise and mode, the programs it is
// asked to keep: programsKept unless told otherwise.
func TestProgramCachePrunes(t *testing.T) {
	for _, kept := range []int{programsKept, 2 * programsKept} {
		dir := t.TempDir()
		for i := range kept + 3 {
			write(t, filepath.Join(dir, fmt.Sprintf("q1-%024d", i)), "x")
		}
		write(t, filepath.Join(dir, "q1-"+strings.Repeat("z", 24)+"-race"), "x")
		write(t, filepath.Join(dir, "q2-"+strings.Repeat("z", 24)), "x")
		// A store killed midway an hour ago left its temporary file; one
		// under way now has its own.
		write(t, filepath.Join(dir, ".new-killed"), "x")
		old := time.Now().Add(-2 * staleTemp)
		os.Chtimes(filepath.Join(dir, ".new-killed"), old, old)
		write(t, filepath.Join(dir, ".new-now"), "x")
		pruneProgram(filepath.Join(dir, fmt.Sprintf("q1-%024d", 0)), kept)
		entries, _ := os.ReadDir(dir)
		q1 := 0
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "q1-") && !strings.HasSuffix(e.Name(), "-race") {
				q1++
			}
		}
		if q1 != kept || len(entries) != kept+3 {
			t.Errorf("keeping %d: after pruning, %d programs of q1, %d files in all; want %d and %d", kept, q1, len(entries), kept, kept+3)
		}
		if _, err := os.Stat(filepath.Join(dir, ".new-killed")); err == nil {
			t.Errorf("keeping %d: a temporary file two hours old is still there", kept)
		}
		if _, err := os.Stat(filepath.Join(dir, ".new-now")); err != nil {
			t.Errorf("keeping %d: a store's temporary file under way was removed", kept)
		}
	}
}

func runOutput(t *testing.T, exe string) string {
	t.Helper()
	out, err := exec.Command(exe).Output()
	if err != nil {
		t.Fatalf("%s: %v", exe, err)
	}
	return strings.TrimSpace(string(out))
}
