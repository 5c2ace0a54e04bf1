package grade

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCache(t *testing.T) {
	c, err := OpenCache(filepath.Join(t.TempDir(), "a", "b"))
	if err != nil {
		t.Fatal(err)
	}
	ex := sampleGradebook().Students[1].Exercises[0] // bob's q3, with details
	g := &grader{workbook: "wb", opts: Options{Timeout: 5 * time.Second, OutputCap: 1 << 20}}
	key := g.cacheKey("q3", "src")
	if _, ok := c.Get(key); ok {
		t.Fatal("a hit in an empty cache")
	}
	if err := c.Put(key, ex); err != nil {
		t.Fatal(err)
	}
	got, ok := c.Get(key)
	if !ok {
		t.Fatal("a miss after Put")
	}
	if diff := cmp.Diff(ex, got); diff != "" {
		t.Errorf("round trip, details included (-put +got):\n%s", diff)
	}

	// Every input of the key changes it.
	with := func(f func(g *grader)) *grader {
		o := &grader{workbook: g.workbook, opts: g.opts}
		f(o)
		return o
	}
	for _, other := range []string{
		with(func(g *grader) { g.workbook = "wb2" }).cacheKey("q3", "src"),
		g.cacheKey("q4", "src"),
		g.cacheKey("q3", "src2"),
		with(func(g *grader) { g.opts.Timeout = 6 * time.Second }).cacheKey("q3", "src"),
		with(func(g *grader) { g.opts.OutputCap = 1 << 21 }).cacheKey("q3", "src"),
		with(func(g *grader) { g.opts.UnsafeNoSandbox = true }).cacheKey("q3", "src"),
		with(func(g *grader) { g.opts.Sandbox.Processes = 9 }).cacheKey("q3", "src"),
		with(func(g *grader) { g.opts.Sandbox.TotalMemory = 1 << 30 }).cacheKey("q3", "src"),
		with(func(g *grader) { g.opts.Sandbox.ScratchBytes = 1 << 20 }).cacheKey("q3", "src"),
		with(func(g *grader) { g.opts.Sandbox.ScratchFiles = 9 }).cacheKey("q3", "src"),
	} {
		if other == key {
			t.Errorf("key %s does not depend on all its inputs", key)
		}
	}

	// A damaged or outdated entry is a miss, not an error.
	for _, bad := range []string{"{", `{"version": 99, "exercise": {"name": "q3"}}`} {
		if err := os.WriteFile(c.path(key), []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, ok := c.Get(key); ok {
			t.Errorf("a hit on %q", bad)
		}
	}
	// An entry changed by anyone without the key is a miss: a forged
	// grade, or one moved from another key.
	if err := c.Put(key, ex); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(c.path(key))
	forged := strings.Replace(string(good), `"score":`, `"score":6`, 1)
	if forged == string(good) {
		t.Fatal("no score in the entry to forge")
	}
	other := g.cacheKey("q4", "src")
	for file, data := range map[string]string{c.path(key): forged, c.path(other): string(good)} {
		os.MkdirAll(filepath.Dir(file), 0o755)
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := c.Get(key); ok {
		t.Error("a hit on a forged entry")
	}
	if _, ok := c.Get(other); ok {
		t.Error("a hit on an entry moved from another key")
	}
	// The key is outside the cache's folder, the grader's alone, and the
	// same when the cache is opened again.
	fi, err := os.Stat(c.Dir + ".key")
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the key file: %v, %v", fi, err)
	}
	again, err := OpenCache(c.Dir)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(c.path(key), good, 0o644)
	if _, ok := again.Get(key); !ok {
		t.Error("a miss on a good entry after reopening the cache")
	}
	// No temporary file is left behind.
	left, _ := filepath.Glob(filepath.Join(c.Dir, "*", ".tmp-*"))
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
