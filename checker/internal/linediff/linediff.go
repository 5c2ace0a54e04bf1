// Package linediff compares what a program was expected to print with what
// it printed, line by line, the way a learner reads output: whole lines
// kept, removed or added, never Go-quoted. The edit script comes from
// go-cmp, which already computes a minimal-ish alignment of two slices;
// this package only listens to it through a cmp.Reporter.
package linediff

import (
	"strings"

	"github.com/google/go-cmp/cmp"
)

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

// Compute returns the line diff of expected against actual. A missing final
// newline is not a difference.
func Compute(expected, actual string) Diff {
	x, tx := split(expected)
	y, ty := split(actual)
	r := &reporter{}
	cmp.Equal(x, y, cmp.Reporter(r))
	r.flush()
	return Diff{Lines: r.out, Truncated: tx || ty}
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

// reporter turns cmp's per-element reports into lines. Within a run of
// changes it lists what was missing before what was extra, as diff -u
// does, so that a changed block reads as a block.
type reporter struct {
	path    cmp.Path
	out     []Line
	missing []Line
	extra   []Line
}

func (r *reporter) PushStep(ps cmp.PathStep) { r.path = append(r.path, ps) }
func (r *reporter) PopStep()                 { r.path = r.path[:len(r.path)-1] }

func (r *reporter) Report(rs cmp.Result) {
	si, ok := r.path.Last().(cmp.SliceIndex)
	if !ok {
		return
	}
	ix, iy := si.SplitKeys()
	vx, vy := si.Values()
	switch {
	case rs.Equal():
		r.flush()
		r.out = append(r.out, Line{Same, vx.String()})
	case ix < 0:
		r.extra = append(r.extra, Line{Extra, vy.String()})
	case iy < 0:
		r.missing = append(r.missing, Line{Missing, vx.String()})
	default:
		r.missing = append(r.missing, Line{Missing, vx.String()})
		r.extra = append(r.extra, Line{Extra, vy.String()})
	}
}

// flush ends a run of changes.
func (r *reporter) flush() {
	r.out = append(r.out, r.missing...)
	r.out = append(r.out, r.extra...)
	r.missing, r.extra = r.missing[:0], r.extra[:0]
}
