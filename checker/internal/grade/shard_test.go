package grade

import (
	"errors"
	"fmt"
	"testing"
)

func TestParseShard(t *testing.T) {
	good := map[string]Shard{"1/1": {1, 1}, "2/3": {2, 3}, " 3 / 3 ": {3, 3}}
	for s, want := range good {
		got, err := ParseShard(s)
		if err != nil || got != want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "1", "0/3", "4/3", "-1/3", "1/0", "a/b", "1/3/5", "1.5/3"} {
		if _, err := ParseShard(s); !errors.Is(err, ErrBadShard) {
			t.Errorf("ParseShard(%q): got %v, want ErrBadShard", s, err)
		}
	}
}

func TestShardHoldsEachStudentOnce(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7} {
		counts := make([]int, n+1)
		for i := range 300 {
			id := fmt.Sprintf("student%03d", i)
			holders := 0
			for k := 1; k <= n; k++ {
				if (Shard{K: k, N: n}).Holds(id) {
					holders++
					counts[k]++
				}
			}
			if holders != 1 {
				t.Fatalf("N=%d: %s is in %d shards, want 1", n, id, holders)
			}
		}
		for k := 1; k <= n; k++ {
			// 300 students over n shards: each shard gets a fair share,
			// within a wide margin.
			if fair := 300 / n; counts[k] < fair/2 || counts[k] > fair*3/2 {
				t.Errorf("N=%d: shard %d holds %d students, fair is %d", n, k, counts[k], fair)
			}
		}
	}
	if !(Shard{}).Holds("anyone") {
		t.Error("the zero Shard does not hold everyone")
	}
}

// TestShardIsStable pins the assignment: gradebooks sharded by one version
// of the checker must merge with those of the next, so the hash may not
// change.
func TestShardIsStable(t *testing.T) {
	pinned := map[string]int{"alice": 0, "bob": 0, "carol": 0}
	for id := range pinned {
		pinned[id] = shardOf(id, 4)
	}
	if got := fmt.Sprint(pinned["alice"], pinned["bob"], pinned["carol"]); got != pinnedShards {
		t.Errorf("shards of alice, bob, carol among 4: got %s, want %s", got, pinnedShards)
	}
}

// pinnedShards are the shards of alice, bob and carol among 4, by FNV-1a
// 64 (computed apart from this code).
const pinnedShards = "4 1 3"
