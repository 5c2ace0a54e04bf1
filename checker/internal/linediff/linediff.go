// Package linediff compares what a program was expected to print with what
// it printed, line by line, the way a learner reads output: whole lines
// kept, removed or added, never Go-quoted.
//
// The alignment is a longest common subsequence of lines: minimal, and the
// same from one run to the next. (go-cmp's edit script, used for the
// package's tests, is neither by design: it trades optimality for speed
// and varies on purpose between runs.)
package linediff

import "strings"

// Op says what happened to a line on the way from expected to actual.
type Op int

const (
	Same    Op = iota // in both
	Missing           // expected but not printed
	Extra             // printed but not expected
)

// Line is one line of a diff.
type Line struct {
	Op   Op
	Text string
}

// MaxLines bounds how many lines of each side are compared. Output is
// capped upstream, but a megabyte of short lines is still too many to align
// and far too many to read; past this the diff says it stopped.
const MaxLines = 2000

// Diff is the line diff of expected against actual.
type Diff struct {
	Lines     []Line
	Truncated bool // one side had more than MaxLines lines; the rest was not compared
}

// Changed reports whether any line differs.
func (d Diff) Changed() bool {
	for _, l := range d.Lines {
		if l.Op != Same {
			return true
		}
	}
	return false
}

// Compute returns the line diff of expected against actual: a longest
// common subsequence of lines is kept, and within each run of changes the
// missing lines come before the extra ones, as diff -u shows them. A
// missing final newline is not a difference.
func Compute(expected, actual string) Diff {
	x, tx := split(expected)
	y, ty := split(actual)
	return Diff{Lines: lines(x, y), Truncated: tx || ty}
}

// split cuts s into lines, keeping at most MaxLines.
func split(s string) ([]string, bool) {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return []string{}, false
	}
	lines := strings.Split(s, "\n")
	if len(lines) > MaxLines {
		return lines[:MaxLines], true
	}
	return lines, false
}

// lines diffs x against y. The common head and tail are set aside first,
// so that the quadratic table covers only the part that differs.
func lines(x, y []string) []Line {
	var out []Line
	head := 0
	for head < len(x) && head < len(y) && x[head] == y[head] {
		out = append(out, Line{Same, x[head]})
		head++
	}
	tail := 0
	for tail < len(x)-head && tail < len(y)-head && x[len(x)-1-tail] == y[len(y)-1-tail] {
		tail++
	}
	mx, my := x[head:len(x)-tail], y[head:len(y)-tail]

	// lcs[i][j] is the length of a longest common subsequence of mx[i:]
	// and my[j:]; MaxLines bounds it, so uint16 holds it.
	w := len(my) + 1
	lcs := make([]uint16, (len(mx)+1)*w)
	for i := len(mx) - 1; i >= 0; i-- {
		for j := len(my) - 1; j >= 0; j-- {
			switch {
			case mx[i] == my[j]:
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			default:
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	var missing, extra []Line
	flush := func() {
		out = append(out, missing...)
		out = append(out, extra...)
		missing, extra = missing[:0], extra[:0]
	}
	i, j := 0, 0
	for i < len(mx) || j < len(my) {
		switch {
		case i < len(mx) && j < len(my) && mx[i] == my[j]:
			flush()
			out = append(out, Line{Same, mx[i]})
			i, j = i+1, j+1
		case j == len(my) || (i < len(mx) && lcs[(i+1)*w+j] >= lcs[i*w+j+1]):
			missing = append(missing, Line{Missing, mx[i]})
			i++
		default:
			extra = append(extra, Line{Extra, my[j]})
			j++
		}
	}
	flush()
	for _, l := range x[len(x)-tail:] {
		out = append(out, Line{Same, l})
	}
	return out
}
