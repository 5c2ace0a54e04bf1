package process

import "testing"

// TestCutMark: the line a child's Main writes is found whole, after an
// unfinished line the child printed before Main, or without its newline
// at the end of the output; any other line is the child's own.
func TestCutMark(t *testing.T) {
	const mark = "\x01procbook-main-xyz"
	for _, c := range []struct {
		line, before string
		ok           bool
	}{
		{mark + "\n", "", true},
		{mark, "", true},
		{"no newline yet" + mark + "\n", "no newline yet", true},
		{"Square: 100\n", "", false},
		{mark + " and more\n", "", false},
		{"", "", false},
		{"\n", "", false},
	} {
		before, ok := cutMark(c.line, mark)
		if before != c.before || ok != c.ok {
			t.Errorf("cutMark(%q) = %q, %v; want %q, %v", c.line, before, ok, c.before, c.ok)
		}
	}
}
