package linediff

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func render(d Diff) string {
	var b strings.Builder
	for _, l := range d.Lines {
		b.WriteString([]string{" ", "-", "+"}[l.Op] + l.Text + "\n")
	}
	return b.String()
}

func TestCompute(t *testing.T) {
	tests := []struct {
		name, expected, actual, want string
	}{
		{"equal", "a\nb\n", "a\nb", " a\n b\n"},
		{"changed line", "Square: 100\nCube: 1000\nDone!\n", "Square: 100\nCube: 999\nDone!\n",
			" Square: 100\n-Cube: 1000\n+Cube: 999\n Done!\n"},
		{"missing tail", "a\nb\nc\n", "a\n", " a\n-b\n-c\n"},
		{"extra head", "b\n", "a\nb\n", "+a\n b\n"},
		{"nothing printed", "Done!\n", "", "-Done!\n"},
		{"block", "a\nb\nc\nd\n", "a\nx\ny\nd\n", " a\n-b\n-c\n+x\n+y\n d\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Compute(tt.expected, tt.actual)
			if diff := cmp.Diff(tt.want, render(d)); diff != "" {
				t.Errorf("Compute(%q, %q) (-want +got):\n%s", tt.expected, tt.actual, diff)
			}
			if d.Changed() != (tt.expected != tt.actual && tt.name != "equal") {
				t.Errorf("Changed() = %v", d.Changed())
			}
		})
	}
}

func TestComputeTruncates(t *testing.T) {
	big := strings.Repeat("x\n", MaxLines+10)
	d := Compute("x\n", big)
	if !d.Truncated {
		t.Fatal("Truncated = false for an actual output longer than MaxLines")
	}
	if n := len(d.Lines); n != MaxLines {
		t.Fatalf("len(Lines) = %d, want %d", n, MaxLines)
	}
}

func TestComputePatterns(t *testing.T) {
	expected := "^goroutine: main sees counter = 1000$\n^child process: main sees counter = 0$\n^shared value: main sees counter = 1000$\n"
	actual := "goroutine: main sees counter = 0\nchild process: main sees counter = 0\nshared value: main sees counter = 0\n"
	if !Patterns(expected) {
		t.Fatal("Patterns = false for lines of ^patterns")
	}
	if Patterns("Square: 100\n") || Patterns("^(unclosed\n") || Patterns("") {
		t.Fatal("Patterns = true for text, a bad pattern or nothing")
	}
	want := "-^goroutine: main sees counter = 1000$\n+goroutine: main sees counter = 0\n child process: main sees counter = 0\n" +
		"-^shared value: main sees counter = 1000$\n+shared value: main sees counter = 0\n"
	if diff := cmp.Diff(want, render(ComputePatterns(expected, actual))); diff != "" {
		t.Errorf("ComputePatterns (-want +got):\n%s", diff)
	}
	// Order matters, as for inorder: a pattern matches after the previous one's line.
	d := ComputePatterns("^b$\n^a$\n", "a\nb\n")
	if diff := cmp.Diff("+a\n b\n-^a$\n", render(d)); diff != "" {
		t.Errorf("ComputePatterns out of order (-want +got):\n%s", diff)
	}
}

// TestComputeRebuilds checks on random inputs that the diff rebuilds both
// sides and keeps as many lines as a longest common subsequence has.
func TestComputeRebuilds(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		x := make([]string, r.IntN(12))
		y := make([]string, r.IntN(12))
		for i := range x {
			x[i] = string(rune('a' + r.IntN(4)))
		}
		for i := range y {
			y[i] = string(rune('a' + r.IntN(4)))
		}
		d := Compute(strings.Join(x, "\n"), strings.Join(y, "\n"))
		var gx, gy []string
		same := 0
		for _, l := range d.Lines {
			if l.Op != Extra {
				gx = append(gx, l.Text)
			}
			if l.Op != Missing {
				gy = append(gy, l.Text)
			}
			if l.Op == Same {
				same++
			}
		}
		if strings.Join(gx, "\n") != strings.Join(x, "\n") || strings.Join(gy, "\n") != strings.Join(y, "\n") {
			t.Fatalf("Compute(%q, %q) does not rebuild its inputs: %+v", x, y, d.Lines)
		}
		if want := lcsLen(x, y); same != want {
			t.Fatalf("Compute(%q, %q) keeps %d lines, want %d", x, y, same, want)
		}
	}
}

func lcsLen(x, y []string) int {
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	if x[0] == y[0] {
		return 1 + lcsLen(x[1:], y[1:])
	}
	return max(lcsLen(x[1:], y), lcsLen(x, y[1:]))
}
