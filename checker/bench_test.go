package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// benchWorkbook is a fixture workbook with q3 solved and checked once, and
// the checker's environment set for it.
func benchWorkbook(b *testing.B) string {
	b.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		b.Skip("no go command")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := makeWorkbook(dir, root); err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "solutions", "q3", "square.go"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "exercises", "q3", "square.go"), data, 0o644); err != nil {
		b.Fatal(err)
	}
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE").Output()
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.Fields(string(out))
	for k, v := range map[string]string{"PROCBOOK_ROOT": dir, "GOPROXY": "off", "GOFLAGS": "-mod=readonly",
		"GOTOOLCHAIN": "local", "GOCACHE": lines[0], "GOMODCACHE": lines[1], "NO_COLOR": "1"} {
		b.Setenv(k, v)
	}
	if code := runQuietly("run", "q3"); code != exitOK {
		b.Fatalf("checker run q3 exited with %d before the benchmark", code)
	}
	return dir
}

func runQuietly(args ...string) int {
	env := &Env{Ctx: context.Background(), Stdout: io.Discard, Stderr: io.Discard}
	return dispatch(env, args)
}

// BenchmarkRunUnchanged is 'checker run q3' with nothing changed since the
// recorded pass: the record answers.
func BenchmarkRunUnchanged(b *testing.B) {
	benchWorkbook(b)
	for b.Loop() {
		if code := runQuietly("run", "q3"); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkRunForced is the same with --force: built (from Go's cache)
// and every scenario run again.
func BenchmarkRunForced(b *testing.B) {
	benchWorkbook(b)
	for b.Loop() {
		if code := runQuietly("run", "--force", "q3"); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}
