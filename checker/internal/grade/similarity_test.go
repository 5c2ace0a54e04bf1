package grade

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const simStub = `package main

func main() {
	// TODO: square the numbers in processes
}
`

const simAlice = `package main

import "fmt"

// square squares each number of xs in place, in turn.
func square(xs []int) {
	for i := range xs {
		xs[i] = xs[i] * xs[i]
	}
}

func main() {
	xs := []int{2, 4, 3, 5, 6, 7, 5, 5, 7, 8}
	square(xs)
	total := 0
	for _, x := range xs {
		total += x
	}
	fmt.Println(xs, total)
}
`

// simBob is simAlice with other names, comments and layout.
const simBob = `package main
import "fmt"
func sq(values []int) { for k := range values { values[k] = values[k] * values[k] } }
func main() {
	values := []int{2, 4, 3, 5, 6, 7, 5, 5, 7, 8}
	sq(values) // done
	sum := 0
	for _, v := range values { sum += v }
	fmt.Println(values, sum)
}
`

// simCarol is simAlice with one more statement.
const simCarol = `package main

import "fmt"

func square(xs []int) {
	for i := range xs {
		xs[i] = xs[i] * xs[i]
	}
}

func main() {
	xs := []int{2, 4, 3, 5, 6, 7, 5, 5, 7, 8}
	square(xs)
	total := 0
	for _, x := range xs {
		total += x
	}
	fmt.Println(xs, total)
	fmt.Println("done")
}
`

// simDan is a different program.
const simDan = `package main

import (
	"os"
	"fmt"
	"os"
	"strconv"
)

func main() {
	n, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "not a number:", err)
		os.Exit(2)
	}
	for p := 2; p < n; p++ {
		prime := true
		for d := 2; d*d <= p; d++ {
			if p%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			fmt.Println(p)
		}
	}
}
`

func TestSimilarity(t *testing.T) {
	class := t.TempDir()
	sources := map[string]string{"alice": simAlice, "alice2": simAlice, "bob": simBob, "carol": simCarol, "dan": simDan, "eve": simStub, "fay": simStub}
	files := map[string]string{"stub/q3/main.go": simStub}
	for id, src := range sources {
		files[id+"/q3/main.go"] = src
	}
	writeFiles(t, class, files)
	s := &Similarity{Base: map[string]string{"q3": filepath.Join(class, "stub", "q3")}}
	for id := range sources {
		s.Inspect(Inspected{Submission: Submission{ID: id}, Found: []string{"q3"}, Sources: map[string]string{"q3": filepath.Join(class, id, "q3")}})
	}
	var got []string
	for _, p := range s.Pairs() {
		got = append(got, fmt.Sprintf("%s %s-%s %s %.2f", p.Exercise, p.A, p.B, p.Kind, p.Score))
	}
	// alice and alice2 are the same files; bob is alice renamed and laid
	// out anew; carol adds a line; dan wrote another program; eve and fay
	// handed in the stub, which is no one's work and is compared with no
	// one.
	want := []string{
		"q3 alice-alice2 identical 1.00",
		"q3 alice-bob renamed 1.00",
		"q3 alice2-bob renamed 1.00",
	}
	if len(got) < 3 || strings.Join(got[:3], "\n") != strings.Join(want, "\n") {
		t.Fatalf("pairs:\n%s\nwant first:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, g := range got[3:] {
		if !strings.Contains(g, "carol") || !strings.Contains(g, " similar ") {
			t.Errorf("unexpected pair %s", g)
		}
	}
	if len(got) != 6 {
		t.Errorf("got %d pairs, want carol similar to alice, alice2 and bob as well:\n%s", len(got), strings.Join(got, "\n"))
	}
	// In the report, the copies read as groups, the near ones as pairs.
	groups, rest := GroupPairs(s.Pairs())
	var gs []string
	for _, g := range groups {
		gs = append(gs, fmt.Sprintf("%s %s %v", g.Exercise, g.Kind, g.Students))
	}
	if want := "q3 renamed [alice alice2 bob]\nq3 identical [alice alice2]"; strings.Join(gs, "\n") != want {
		t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(gs, "\n"), want)
	}
	if len(rest) != 3 {
		t.Errorf("%d pairs left beside the groups, want carol's 3", len(rest))
	}
	var b bytes.Buffer
	if err := WriteSimilarity(&b, s.Pairs()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "exercise,student_a,student_b,kind,score\nq3,alice,alice2,identical,1.00\n") {
		t.Errorf("CSV:\n%s", b.String())
	}
}

// BenchmarkSimilarity compares a class's programs of one exercise: each
// student's is one of a few programs, with names of their own and a line
// of their own, as a real class's are.
func BenchmarkSimilarity(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("%d students", n), func(b *testing.B) {
			dir := b.TempDir()
			bases := []string{simAlice, simCarol, simDan}
			for i := range n {
				src := strings.ReplaceAll(bases[i%len(bases)], "total", fmt.Sprintf("total%d", i%7))
				src += fmt.Sprintf("\nfunc extra%d() int { return %d }\n", i, i)
				p := filepath.Join(dir, fmt.Sprint(i), "q3")
				os.MkdirAll(p, 0o755)
				os.WriteFile(filepath.Join(p, "main.go"), []byte(src), 0o644)
			}
			b.ResetTimer()
			for range b.N {
				s := &Similarity{}
				for i := range n {
					s.Inspect(Inspected{Submission: Submission{ID: fmt.Sprint(i)}, Found: []string{"q3"},
						Sources: map[string]string{"q3": filepath.Join(dir, fmt.Sprint(i), "q3")}})
				}
				s.Pairs()
			}
		})
	}
}
