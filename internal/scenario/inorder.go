package scenario

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// inorderCheck is `inorder FILE REGEXP...`: each pattern matches a line of
// FILE after the line the previous pattern matched.
type inorderCheck struct {
	File     string
	Patterns []*regexp.Regexp
}

func parseInorder(args []string) (inorderCheck, error) {
	if len(args) < 2 {
		return inorderCheck{}, errors.New("inorder: usage: inorder FILE REGEXP...")
	}
	q := inorderCheck{File: args[0]}
	for _, p := range args[1:] {
		re, err := regexp.Compile(p)
		if err != nil {
			return inorderCheck{}, fmt.Errorf("inorder: bad REGEXP %#q: %v", p, err)
		}
		q.Patterns = append(q.Patterns, re)
	}
	return q, nil
}

// check returns nil when the patterns match lines of text in order, or
// says which pattern found no line after its predecessor's. Taking, for
// each pattern, the first line that suits it is never worse than any later
// line, so one pass decides.
func (q inorderCheck) check(text string) error {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	next := 0 // the first line the next pattern may match
	var prev *regexp.Regexp
	prevLine := 0
	for _, re := range q.Patterns {
		found := -1
		for i := next; i < len(lines); i++ {
			if re.MatchString(lines[i]) {
				found = i
				break
			}
		}
		if found < 0 {
			if prev == nil {
				return fmt.Errorf("inorder: no line of %s matches %#q", q.File, re)
			}
			return fmt.Errorf("inorder: no line of %s after line %d (%q, which matches %#q) matches %#q",
				q.File, prevLine+1, lines[prevLine], prev, re)
		}
		prev, prevLine, next = re, found, found+1
	}
	return nil
}

// describe lists the patterns in order, one a line, as what was wanted.
func (q inorderCheck) describe() string {
	var b strings.Builder
	for _, re := range q.Patterns {
		b.WriteString(re.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// cmdInorder is `inorder FILE REGEXP...`.
func cmdInorder(ts *testscript.TestScript, neg bool, args []string) {
	q, err := parseInorder(args)
	if err != nil {
		ts.Fatalf("%v", err)
	}
	text, err := readerFor(ts)(q.File)
	if err != nil {
		ts.Fatalf("inorder: %v", err)
	}
	err = q.check(text)
	switch {
	case err != nil && !neg:
		ts.Fatalf("%v", err)
	case err == nil && neg:
		ts.Fatalf("inorder: the lines of %s match %s in that order, and should not", q.File, quotePatterns(q))
	}
}

func quotePatterns(q inorderCheck) string {
	s := make([]string, len(q.Patterns))
	for i, re := range q.Patterns {
		s[i] = fmt.Sprintf("%#q", re)
	}
	return strings.Join(s, ", ")
}
