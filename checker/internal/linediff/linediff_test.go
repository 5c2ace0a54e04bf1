package linediff

import (
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
