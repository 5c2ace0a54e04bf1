package grade

import (
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"go/scanner"
	"go/token"
	"hash/fnv"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// SimilarPair is two students whose sources of one exercise are alike. It
// is a pointer for a human to read both, never a verdict: students who
// follow the same chapter write alike, and a short exercise leaves little
// room to differ.
type SimilarPair struct {
	Exercise string `json:"exercise"`
	A        string `json:"a"`
	B        string `json:"b"`
	// Kind is "identical" (the same files, byte for byte), "renamed" (the
	// same program once names, layout and comments are set aside) or
	// "similar" (much of the same code, as Score says).
	Kind string `json:"kind"`
	// Score is the share of the two programs' code that they have in
	// common, from 0 to 1, once the code every student was given is set
	// aside: 1 for identical and renamed pairs.
	Score float64 `json:"score"`
}

// The kinds of similar pair.
const (
	Identical = "identical"
	Renamed   = "renamed"
	Similar   = "similar"
)

// Similarity compares the students' sources as a class is graded: give
// its Inspect to Options.Inspect, then ask Pairs. It is safe for
// concurrent use.
type Similarity struct {
	// Threshold is the least Score a "similar" pair is reported with;
	// zero means DefaultSimilarity.
	Threshold float64
	// Base holds, by exercise name, the folder of the code every student
	// started from (the workbook's exercises/qN): what they share because
	// they were given it is not counted, and a submission that is still
	// that code is compared with no one.
	Base map[string]string

	mu    sync.Mutex
	progs map[string][]program // by exercise
	base  map[string]*program
}

// DefaultSimilarity is the least score a similar pair is reported with.
const DefaultSimilarity = 0.8

// program is one student's sources of one exercise, reduced for
// comparison.
type program struct {
	student string
	exact   [32]byte // the files, byte for byte
	renamed [32]byte // the tokens, every name replaced by its first use's number
	prints  []uint64 // winnowed fingerprints of the tokens, names all alike; sorted
}

// Winnowing's parameters: fingerprints of k tokens in a row, the least of
// each window of w, as MOSS chooses them: a shared run of k+w-1 tokens is
// always seen, and no shorter one than k ever is.
const (
	gramTokens  = 12
	gramWindow  = 6
	maxCommonly = 0.5 // a fingerprint shared by more than this share of the class is the exercise's, not a pair's
	minCommon   = 20  // but sharing among this many students is always counted
)

// Inspect reads one submission's sources.
func (s *Similarity) Inspect(in Inspected) {
	for _, ex := range in.Found {
		p, ok := readProgram(in.Sources[ex])
		if !ok {
			continue
		}
		p.student = in.Submission.ID
		s.mu.Lock()
		if s.progs == nil {
			s.progs = map[string][]program{}
		}
		s.progs[ex] = append(s.progs[ex], p)
		s.mu.Unlock()
	}
}

// readProgram reads the .go files of dir, in name order.
func readProgram(dir string) (program, bool) {
	names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	sort.Strings(names)
	if len(names) == 0 {
		return program{}, false
	}
	exact := sha256.New()
	renamed := sha256.New()
	var alike []string
	ids := map[string]int{}
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			return program{}, false
		}
		fmt.Fprintf(exact, "%s\x00%d\x00", filepath.Base(name), len(src))
		exact.Write(src)
		var sc scanner.Scanner
		fset := token.NewFileSet()
		sc.Init(fset.AddFile(name, -1, len(src)), src, nil, 0) // comments are skipped
		for {
			_, tok, lit := sc.Scan()
			if tok == token.EOF {
				break
			}
			word := tok.String()
			switch {
			case tok == token.IDENT:
				n, ok := ids[lit]
				if !ok {
					n = len(ids)
					ids[lit] = n
				}
				fmt.Fprintf(renamed, "v%d ", n)
				alike = append(alike, "v")
				continue
			case tok == token.SEMICOLON:
				// Written, inserted at a line's end, or left out before a
				// closing brace: layout, not code.
				continue
			case tok.IsLiteral():
				word = lit
			}
			renamed.Write([]byte(word + " "))
			alike = append(alike, word)
		}
	}
	p := program{prints: winnow(alike)}
	copy(p.exact[:], exact.Sum(nil))
	copy(p.renamed[:], renamed.Sum(nil))
	return p, true
}

// winnow returns the fingerprints of a token stream, sorted and unique.
func winnow(toks []string) []uint64 {
	if len(toks) < gramTokens {
		return nil
	}
	grams := make([]uint64, len(toks)-gramTokens+1)
	for i := range grams {
		h := fnv.New64a()
		for _, t := range toks[i : i+gramTokens] {
			h.Write([]byte(t))
			h.Write([]byte{0})
		}
		grams[i] = h.Sum64()
	}
	var prints []uint64
	for i := 0; i+gramWindow <= len(grams) || (i == 0 && len(grams) > 0); i++ {
		end := min(i+gramWindow, len(grams))
		prints = append(prints, slices.Min(grams[i:end]))
	}
	slices.Sort(prints)
	return slices.Compact(prints)
}

// Pairs compares every two students' sources of each exercise and returns
// the pairs alike, most alike first.
func (s *Similarity) Pairs() []SimilarPair {
	s.mu.Lock()
	defer s.mu.Unlock()
	threshold := s.Threshold
	if threshold <= 0 {
		threshold = DefaultSimilarity
	}
	var pairs []SimilarPair
	exs := make([]string, 0, len(s.progs))
	for ex := range s.progs {
		exs = append(exs, ex)
	}
	sort.Strings(exs)
	for _, ex := range exs {
		var base *program
		if dir, ok := s.Base[ex]; ok {
			if b, ok := readProgram(dir); ok {
				base = &b
			}
		}
		pairs = append(pairs, comparePrograms(ex, s.progs[ex], base, threshold)...)
	}
	sortPairs(pairs)
	return pairs
}

// sortPairs puts pairs in the order every gradebook lists them: most alike
// first, then by exercise and students.
func sortPairs(pairs []SimilarPair) {
	sort.SliceStable(pairs, func(i, j int) bool {
		a, b := pairs[i], pairs[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Exercise != b.Exercise {
			return a.Exercise < b.Exercise
		}
		if a.A != b.A {
			return a.A < b.A
		}
		return a.B < b.B
	})
}

// comparePrograms finds the pairs alike among one exercise's programs.
func comparePrograms(ex string, progs []program, base *program, threshold float64) []SimilarPair {
	sort.Slice(progs, func(i, j int) bool { return progs[i].student < progs[j].student })
	var baseSet map[uint64]bool
	if base != nil {
		baseSet = map[uint64]bool{}
		for _, f := range base.prints {
			baseSet[f] = true
		}
		// A submission that is still the code given compares with no one.
		progs = slices.DeleteFunc(slices.Clone(progs), func(p program) bool { return p.renamed == base.renamed })
	}
	// What is left of each program once the given code is set aside.
	own := make([][]uint64, len(progs))
	holders := map[uint64][]int{}
	for i, p := range progs {
		for _, f := range p.prints {
			if !baseSet[f] {
				own[i] = append(own[i], f)
				holders[f] = append(holders[f], i)
			}
		}
	}
	common := max(minCommon, int(maxCommonly*float64(len(progs))))
	shared := map[[2]int]int{}
	for _, hs := range holders {
		if len(hs) > common {
			continue
		}
		for a := 0; a < len(hs); a++ {
			for b := a + 1; b < len(hs); b++ {
				shared[[2]int{hs[a], hs[b]}]++
			}
		}
	}
	var pairs []SimilarPair
	for i := range progs {
		for j := i + 1; j < len(progs); j++ {
			p, q := progs[i], progs[j]
			pair := SimilarPair{Exercise: ex, A: p.student, B: q.student, Score: 1}
			switch {
			case p.exact == q.exact:
				pair.Kind = Identical
			case p.renamed == q.renamed:
				pair.Kind = Renamed
			default:
				n := shared[[2]int{i, j}]
				union := len(own[i]) + len(own[j]) - n
				if n == 0 || union == 0 {
					continue
				}
				score := math.Floor(float64(n)/float64(union)*100) / 100
				if score < threshold {
					continue
				}
				pair.Kind, pair.Score = Similar, score
			}
			pairs = append(pairs, pair)
		}
	}
	return pairs
}

// WriteSimilarity writes the pairs as CSV, most alike first: the exercise,
// the two students, the kind and the score.
func WriteSimilarity(w io.Writer, pairs []SimilarPair) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"exercise", "student_a", "student_b", "kind", "score"})
	for _, p := range pairs {
		cw.Write([]string{p.Exercise, spreadsheetSafe(p.A), spreadsheetSafe(p.B), p.Kind, strconv.FormatFloat(p.Score, 'f', 2, 64)})
	}
	cw.Flush()
	return cw.Error()
}

// SimilarityNote says what the pairs are and are not, wherever they are
// shown.
const SimilarityNote = "Similar submissions are a pointer for a human to read the programs, not a verdict: " +
	"students who follow the same chapter write alike, and a short exercise leaves little room to differ."

// SimilarGroup is a set of students whose sources of one exercise are
// all identical, or all the same once renamed: the pairs among them said
// once, so that a class that copied one program reads as one line.
type SimilarGroup struct {
	Exercise string
	Kind     string   // Identical or Renamed
	Students []string // sorted
}

// GroupPairs gathers the identical and the renamed pairs into groups, by
// exercise and kind (a student renamed from one of an identical group is
// in the renamed group with all of them), and returns the similar pairs
// as they are. Groups come in exercise order, the largest first.
func GroupPairs(pairs []SimilarPair) ([]SimilarGroup, []SimilarPair) {
	type key struct{ ex, kind string }
	parent := map[key]map[string]string{}
	find := func(k key, s string) string {
		for parent[k][s] != s {
			parent[k][s] = parent[k][parent[k][s]]
			s = parent[k][s]
		}
		return s
	}
	add := func(k key, s string) {
		if parent[k] == nil {
			parent[k] = map[string]string{}
		}
		if _, ok := parent[k][s]; !ok {
			parent[k][s] = s
		}
	}
	var rest []SimilarPair
	for _, p := range pairs {
		if p.Kind == Similar {
			rest = append(rest, p)
			continue
		}
		// Identical programs are the same once renamed as well.
		kinds := []string{Renamed}
		if p.Kind == Identical {
			kinds = append(kinds, Identical)
		}
		for _, kind := range kinds {
			k := key{p.Exercise, kind}
			add(k, p.A)
			add(k, p.B)
			parent[k][find(k, p.A)] = find(k, p.B)
		}
	}
	var groups []SimilarGroup
	for k, m := range parent {
		sets := map[string][]string{}
		for s := range m {
			r := find(k, s)
			sets[r] = append(sets[r], s)
		}
		for _, students := range sets {
			sort.Strings(students)
			groups = append(groups, SimilarGroup{Exercise: k.ex, Kind: k.kind, Students: students})
		}
	}
	// A renamed group that is exactly an identical group says nothing more.
	same := map[string]bool{}
	for _, g := range groups {
		if g.Kind == Identical {
			same[g.Exercise+"\x00"+strings.Join(g.Students, "\x00")] = true
		}
	}
	groups = slices.DeleteFunc(groups, func(g SimilarGroup) bool {
		return g.Kind == Renamed && same[g.Exercise+"\x00"+strings.Join(g.Students, "\x00")]
	})
	sort.Slice(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if a.Exercise != b.Exercise {
			return a.Exercise < b.Exercise
		}
		if len(a.Students) != len(b.Students) {
			return len(a.Students) > len(b.Students)
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Students[0] < b.Students[0]
	})
	return groups, rest
}
