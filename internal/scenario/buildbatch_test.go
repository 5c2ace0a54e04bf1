package scenario

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestBuildBatch asks for three builds at once, of three exercises, one of
// which does not compile: the two others are built by one go command, and
// the third gets the verdict it gets alone, with its file and line.
func TestBuildBatch(t *testing.T) {
	root := repoRoot(t)
	sources := map[string]string{
		"q1": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"one\") }\n",
		"q2": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"two\") }\n",
		"q3": "package main\n\nfunc main() { undefinedThing() }\n",
	}
	before := batchBuilt.Load()
	exes := map[string]string{}
	errs := map[string]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, src := range sources {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "main.go"), src)
		wg.Go(func() {
			exe, err := build(context.Background(), buildSpec{Root: root, Name: name, Source: dir, OutDir: t.TempDir(), Batch: true})
			mu.Lock()
			exes[name], errs[name] = exe, err
			mu.Unlock()
		})
	}
	wg.Wait()
	for name, want := range map[string]string{"q1": "one", "q2": "two"} {
		if errs[name] != nil {
			t.Fatalf("%s: %v", name, errs[name])
		}
		if out := runOutput(t, exes[name]); out != want {
			t.Errorf("%s printed %q, want %q", name, out, want)
		}
	}
	var be *BuildError
	if !errors.As(errs["q3"], &be) || len(be.Diagnostics) == 0 || be.Diagnostics[0].File != "main.go" || be.Diagnostics[0].Line != 3 || !strings.Contains(be.Output, "undefined: undefinedThing") {
		t.Errorf("q3: %v, want its own build error at main.go:3", errs["q3"])
	}
	if n := batchBuilt.Load() - before; n != 2 {
		t.Errorf("%d programs built in a batch, want 2", n)
	}
}
