package grade

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Merge joins partial gradebooks, typically the shards of one class graded
// on several machines, into one. The students are sorted by id again and
// GradedAt is the latest of the parts'. The deadline and late policy must
// be the same in every part; the similar pairs are joined (each part's are
// among its own students).
//
// The parts must have been graded against the same tests (the same
// Workbook hash) with the same options (Options), no student may appear twice, and shards must all be
// slices of the same N. Unless partial is set, every shard 1…N must be
// there.
func Merge(books []*Gradebook, partial bool) (*Gradebook, error) {
	if len(books) == 0 {
		return nil, fmt.Errorf("grade: merge: no gradebook to merge")
	}
	out := &Gradebook{Students: []Student{}}
	seen := map[string]int{} // student id -> the part it came from, 1-based
	shards := map[int]bool{}
	n := 0
	var latest time.Time
	for i, gb := range books {
		if gb.Workbook != "" {
			if out.Workbook != "" && gb.Workbook != out.Workbook {
				return nil, fmt.Errorf("%w: part %d was graded against other tests than part 1 (workbook %.12s, not %.12s): grade again with the same workbook", ErrMismatch, i+1, gb.Workbook, out.Workbook)
			}
			out.Workbook = gb.Workbook
		}
		if gb.Options != "" {
			if out.Options != "" && gb.Options != out.Options {
				return nil, fmt.Errorf("%w: part %d was graded with other options than the parts before it (%s, not %s): grade every part with the same options", ErrMismatch, i+1, gb.Options, out.Options)
			}
			out.Options = gb.Options
		}
		if gb.Shard != "" {
			ks, sn, err := parseShardSet(gb.Shard)
			if err != nil {
				return nil, fmt.Errorf("grade: merge: part %d: %w", i+1, err)
			}
			if n != 0 && sn != n {
				return nil, fmt.Errorf("%w: part %d is shard %s, but another part is a slice of %d", ErrMismatch, i+1, gb.Shard, n)
			}
			n = sn
			for _, k := range ks {
				if shards[k] {
					return nil, fmt.Errorf("%w: shard %d/%d is given twice", ErrDuplicate, k, n)
				}
				shards[k] = true
			}
		}
		// A deadline is the class's: parts graded against different ones
		// would give a gradebook whose penalties mean nothing together.
		if i > 0 && (gb.Deadline != out.Deadline || gb.LatePolicy != out.LatePolicy) {
			return nil, fmt.Errorf("%w: part %d was graded with deadline %q and late penalty %q, part 1 with %q and %q: grade again with the same", ErrMismatch, i+1, gb.Deadline, gb.LatePolicy, out.Deadline, out.LatePolicy)
		}
		out.Deadline, out.LatePolicy = gb.Deadline, gb.LatePolicy
		out.Similar = append(out.Similar, gb.Similar...) // each part's pairs are among its own students
		if t, err := time.Parse(time.RFC3339, gb.GradedAt); err == nil && t.After(latest) {
			latest = t
		}
		for _, s := range gb.Students {
			if j, dup := seen[s.ID]; dup {
				return nil, fmt.Errorf("%w: %s is in part %d and in part %d", ErrDuplicate, s.ID, j, i+1)
			}
			seen[s.ID] = i + 1
			out.Students = append(out.Students, s)
		}
	}
	if n != 0 && !partial {
		var missing []string
		for k := 1; k <= n; k++ {
			if !shards[k] {
				missing = append(missing, fmt.Sprintf("%d/%d", k, n))
			}
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("%w: shard %s missing (merge what there is with --partial)", ErrMismatch, strings.Join(missing, ", "))
		}
	}
	if n != 0 && len(shards) < n {
		var have []string
		for k := 1; k <= n; k++ {
			if shards[k] {
				have = append(have, fmt.Sprint(k))
			}
		}
		out.Shard = strings.Join(have, ",") + "/" + fmt.Sprint(n)
	}
	if !latest.IsZero() {
		out.GradedAt = latest.UTC().Format(time.RFC3339)
	}
	sortStudents(out.Students)
	out.Students = slices.Clip(out.Students)
	sortPairs(out.Similar)
	return out, nil
}

// parseShardSet parses a gradebook's Shard: "K/N" for one slice, or
// "K1,K2,…/N" for the slices of a partial merge.
func parseShardSet(s string) (ks []int, n int, err error) {
	list, ns, _ := strings.Cut(s, "/")
	for _, k := range strings.Split(list, ",") {
		sh, err := ParseShard(k + "/" + ns)
		if err != nil {
			return nil, 0, err
		}
		ks, n = append(ks, sh.K), sh.N
	}
	return ks, n, nil
}
