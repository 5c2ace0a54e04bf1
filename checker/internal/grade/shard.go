package grade

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Shard is the K-th of N slices of a class, for grading a class too large
// for one machine on N machines. The zero Shard is the whole class.
//
// A student belongs to a slice by a hash of their id alone, not by their
// place in a listing: every machine agrees on the slices whatever order its
// file system lists the class in, and a student who joins late moves no one
// else to another slice.
type Shard struct {
	K, N int // 1 <= K <= N
}

// ParseShard parses "K/N", as given to --shard.
func ParseShard(s string) (Shard, error) {
	ks, ns, ok := strings.Cut(s, "/")
	k, errK := strconv.Atoi(strings.TrimSpace(ks))
	n, errN := strconv.Atoi(strings.TrimSpace(ns))
	if !ok || errK != nil || errN != nil || n < 1 || k < 1 || k > n {
		return Shard{}, fmt.Errorf("%w, not %q", ErrBadShard, s)
	}
	return Shard{K: k, N: n}, nil
}

// String returns "K/N", or "" for the whole class.
func (s Shard) String() string {
	if s.N == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// Whole reports whether s is the whole class.
func (s Shard) Whole() bool { return s.N <= 1 }

// Holds reports whether the student id belongs to this slice.
func (s Shard) Holds(id string) bool {
	if s.Whole() {
		return true
	}
	return shardOf(id, s.N) == s.K
}

// shardOf returns the slice, 1 to n, that the student id belongs to: the
// FNV-1a hash of the id, modulo n.
func shardOf(id string, n int) int {
	h := fnv.New64a()
	h.Write([]byte(id))
	return int(h.Sum64()%uint64(n)) + 1
}
