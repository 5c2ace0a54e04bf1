package linediff

import (
	"regexp"
	"strings"
)

// Patterns reports whether expected is a list of line patterns rather than
// text: every line starts with "^" and is a valid regular expression. A
// scenario that looks for lines (stdout '^Square: 100$', inorder) gives
// its patterns as what was expected.
func Patterns(expected string) bool {
	lines, _ := split(expected)
	if len(lines) == 0 {
		return false
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "^") {
			return false
		}
		if _, err := regexp.Compile(l); err != nil {
			return false
		}
	}
	return true
}

// ComputePatterns is Compute for expected lines that are patterns: each
// pattern, in order, is matched against the printed lines after the one
// the previous pattern matched (as the scenarios' inorder does), and a
// pattern that matches counts as that line, shown as printed. Patterns
// that match nothing are missing; printed lines no pattern took are extra.
func ComputePatterns(expected, actual string) Diff {
	pats, tx := split(expected)
	got, ty := split(actual)
	keyed := make([]string, len(pats))
	next := 0
	for i, p := range pats {
		keyed[i] = p
		re, err := regexp.Compile(p)
		if err != nil {
			continue
		}
		for j := next; j < len(got); j++ {
			if re.MatchString(got[j]) {
				keyed[i], next = got[j], j+1
				break
			}
		}
	}
	d := Compute(strings.Join(keyed, "\n"), strings.Join(got, "\n"))
	d.Truncated = d.Truncated || tx || ty
	return d
}
