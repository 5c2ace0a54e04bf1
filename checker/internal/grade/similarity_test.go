package grade

import (
	"bytes"
	"fmt"
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
	var b bytes.Buffer
	if err := WriteSimilarity(&b, s.Pairs()); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(b.String(), "exercise,student_a,student_b,kind,score\nq3,alice,alice2,identical,1.00\n") {
		t.Errorf("CSV:\n%s", b.String())
	}
}
