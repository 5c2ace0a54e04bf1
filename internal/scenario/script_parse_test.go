package scenario

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseScript(t *testing.T) {
	script := `# a phase
run q3 1 2   # a comment
! run q3 'two words' ''
[linux] [!short] stdout '^it''s$'
env X=$WORK/x

trace count start ppid=main == 3`
	expand := func(s string) string { return strings.ReplaceAll(s, "$WORK", "/w") }
	lines, err := parseScript(script, expand)
	if err != nil {
		t.Fatal(err)
	}
	want := []scriptLine{
		{Number: 2, Name: "run", Args: []string{"q3", "1", "2"}, Text: "run q3 1 2   # a comment"},
		{Number: 3, Neg: true, Name: "run", Args: []string{"q3", "two words", ""}, Text: "! run q3 'two words' ''"},
		{Number: 4, Conds: []string{"linux", "!short"}, Name: "stdout", Args: []string{"^it's$"}, Text: "[linux] [!short] stdout '^it''s$'"},
		{Number: 5, Name: "env", Args: []string{"X=/w/x"}, Text: "env X=$WORK/x"},
		{Number: 7, Name: "trace", Args: []string{"count", "start", "ppid=main", "==", "3"}, Text: "trace count start ppid=main == 3"},
	}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("got\n%+v\nwant\n%+v", lines, want)
	}
}

func TestParseScriptErrors(t *testing.T) {
	for script, want := range map[string]string{
		"stdout 'open": "line 1: unterminated quoted argument",
		"run q1\n!":    "line 2: no command",
		"[linux]":      "line 1: no command",
	} {
		if _, err := parseScript(script, nil); err == nil || err.Error() != want {
			t.Errorf("%q: err = %v, want %q", script, err, want)
		}
	}
}
