package grade

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestShardsInParallel is the contract the examples in docs/examples rely
// on (a CI matrix of shards, a Kubernetes Indexed Job): N machines grade
// their slices at the same time, each writes its part as JSON, a last
// step reads the parts back and merges them, and the merged gradebook is
// the whole class's, byte for byte.
func TestShardsInParallel(t *testing.T) {
	root, class := classFixture(t)
	at := func() time.Time { return time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC) }
	gradeJSON := func(s Shard) []byte {
		gb, _ := Grade(context.Background(), class, Options{
			Root: root, Exercises: testManifest, Timeout: 3 * time.Second, Shard: s, Jobs: 2,
			TempDir: t.TempDir(), Check: (&fakeChecker{t: t, root: root}).check, Now: at,
		})
		if gb == nil {
			t.Fatalf("shard %v: no gradebook", s)
		}
		var b bytes.Buffer
		if err := WriteJSON(&b, gb); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	whole := gradeJSON(Shard{})
	for _, n := range []int{1, 2, 3, 7} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			parts := make([][]byte, n)
			var wg sync.WaitGroup
			for k := 1; k <= n; k++ {
				wg.Go(func() { parts[k-1] = gradeJSON(Shard{K: k, N: n}) })
			}
			wg.Wait()
			var books []*Gradebook
			students := 0
			for k, p := range parts {
				gb, err := ReadJSON(bytes.NewReader(p))
				if err != nil {
					t.Fatalf("part %d: %v", k+1, err)
				}
				students += len(gb.Students)
				books = append(books, gb)
			}
			if students != 6 {
				t.Errorf("the parts hold %d students, want the class's 6, each once", students)
			}
			merged, err := Merge(books, false)
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			WriteJSON(&b, merged)
			if !bytes.Equal(b.Bytes(), whole) {
				t.Errorf("merged:\n%s\nwhole class:\n%s", b.Bytes(), whole)
			}
		})
	}
}
