package grade

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// shardOfSample splits the sample gradebook as --shard k/n would.
func shardOfSample(k, n int) *Gradebook {
	gb := sampleGradebook()
	sh := Shard{K: k, N: n}
	var mine []Student
	for _, s := range gb.Students {
		if sh.Holds(s.ID) {
			mine = append(mine, s)
		}
	}
	gb.Students = append([]Student{}, mine...)
	gb.Shard = sh.String()
	gb.GradedAt = []string{"", "2026-11-24T20:00:00Z", "2026-11-24T21:30:00Z", "2026-11-24T19:00:00Z"}[k]
	return gb
}

func TestMergeShards(t *testing.T) {
	want := sampleGradebook()
	want.GradedAt = "2026-11-24T21:30:00Z" // the latest part's
	// In any order, the three shards give back the whole class.
	for _, order := range [][]int{{1, 2, 3}, {3, 1, 2}, {2, 3, 1}} {
		var parts []*Gradebook
		for _, k := range order {
			parts = append(parts, shardOfSample(k, 3))
		}
		got, err := Merge(parts, false)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("merge of %v (-want +got):\n%s", order, diff)
		}
	}
}

func TestMergePartial(t *testing.T) {
	parts := []*Gradebook{shardOfSample(1, 3), shardOfSample(3, 3)}
	if _, err := Merge(parts, false); !errors.Is(err, ErrMismatch) {
		t.Fatalf("a missing shard: got %v, want ErrMismatch", err)
	}
	some, err := Merge(parts, true)
	if err != nil {
		t.Fatal(err)
	}
	if some.Shard != "1,3/3" {
		t.Errorf("partial merge's shard: got %q, want 1,3/3", some.Shard)
	}
	// A partial merge merges again with what was missing.
	all, err := Merge([]*Gradebook{some, shardOfSample(2, 3)}, false)
	if err != nil {
		t.Fatal(err)
	}
	if all.Shard != "" || len(all.Students) != 4 {
		t.Errorf("the rest merged in: shard %q, %d students; want the whole class of 4", all.Shard, len(all.Students))
	}
}

func TestMergeRefuses(t *testing.T) {
	other := shardOfSample(2, 3)
	other.Workbook = "fedcba9876543210"
	twoNs := shardOfSample(1, 2)
	slow, fast := shardOfSample(1, 3), shardOfSample(2, 3)
	slow.Options, fast.Options = "timeout 30s; output 1048576 bytes; no sandbox", "timeout 5s; output 1048576 bytes; no sandbox"
	tests := []struct {
		name  string
		parts []*Gradebook
		want  error
	}{
		{"nothing", nil, nil},
		{"the same student twice", []*Gradebook{sampleGradebook(), sampleGradebook()}, ErrDuplicate},
		{"the same shard twice", []*Gradebook{shardOfSample(1, 3), shardOfSample(1, 3)}, ErrDuplicate},
		{"other tests", []*Gradebook{shardOfSample(1, 3), other, shardOfSample(3, 3)}, ErrMismatch},
		{"slices of different classes", []*Gradebook{shardOfSample(1, 3), twoNs}, ErrMismatch},
		{"other options", []*Gradebook{slow, fast}, ErrMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Merge(tt.parts, true)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestMergeLateAndSimilar(t *testing.T) {
	// Each shard graded against the same deadline, with its own pairs.
	var parts []*Gradebook
	for k := 1; k <= 3; k++ {
		gb := lateGradebook()
		sh := Shard{K: k, N: 3}
		var mine []Student
		for _, s := range gb.Students {
			if sh.Holds(s.ID) {
				mine = append(mine, s)
			}
		}
		gb.Students, gb.Shard = mine, sh.String()
		gb.Similar = []SimilarPair{{Exercise: "q3", A: "x" + sh.String(), B: "y", Kind: Similar, Score: 0.8 + float64(k)/100}}
		parts = append(parts, gb)
	}
	got, err := Merge(parts, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.Deadline != "2026-11-20T23:59:00Z" || got.LatePolicy != "10%/day,max=50%,grace=15m" {
		t.Errorf("merged deadline %q, policy %q", got.Deadline, got.LatePolicy)
	}
	if len(got.Similar) != 3 || got.Similar[0].A != "x3/3" {
		t.Errorf("merged pairs, most alike first: %+v", got.Similar)
	}
	parts[1].LatePolicy = "5%/day"
	if _, err := Merge(parts, false); !errors.Is(err, ErrMismatch) {
		t.Errorf("parts with different late penalties: got %v, want ErrMismatch", err)
	}
}
