package grade

import (
	"os"
	"path/filepath"
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
	key := cacheKey("wb", "q3", "src", 5*time.Second, 1<<20)
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
	for _, other := range []string{
		cacheKey("wb2", "q3", "src", 5*time.Second, 1<<20),
		cacheKey("wb", "q4", "src", 5*time.Second, 1<<20),
		cacheKey("wb", "q3", "src2", 5*time.Second, 1<<20),
		cacheKey("wb", "q3", "src", 6*time.Second, 1<<20),
		cacheKey("wb", "q3", "src", 5*time.Second, 1<<21),
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
	// No temporary file is left behind.
	left, _ := filepath.Glob(filepath.Join(c.Dir, "*", ".tmp-*"))
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
