package scenario

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
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

// TestSplitLineAsTestscript holds splitLine to the parser it copies: each
// line below is run by testscript itself, as the arguments of a command
// that records them, and splitLine must split it the same way, with the
// same expansion of variables.
func TestSplitLineAsTestscript(t *testing.T) {
	lines := []string{
		`plain words here`,
		`  leading and trailing spaces  `,
		"tabs\tand\r carriage returns",
		`'quoted words' 'and a quote '' inside' ''`,
		`''''`,
		`a'b c'd 'e'f`,
		`$X ${X}y '$X' "$X" $W`,
		`x$X'$X'$X`,
		`stop # a comment 'with quotes`,
		`'#' not a comment '#'#a comment`,
		`$NOSUCH empty: $NOSUCH''`,
		`^\[0, 1\]$ '^\[0, 1\]$' (?m)^x\n\z`,
		`trace count output line~'^(Square:|Cube:) ' == 4`,
		`means 'it''s a sentence: with "quotes" and $X.'`,
	}
	env := map[string]string{"X": "ex", "W": "two words"}
	expand := func(s string) string { return os.Expand(s, func(k string) string { return env[k] }) }

	var script strings.Builder
	for _, l := range lines {
		script.WriteString("args " + l + "\n")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "split.txtar")
	if err := os.WriteFile(file, []byte(script.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var got [][]string
	params := testscript.Params{
		Files:       []string{file},
		WorkdirRoot: dir,
		Setup: func(e *testscript.Env) error {
			for k, v := range env {
				e.Setenv(k, v)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"args": func(ts *testscript.TestScript, neg bool, args []string) {
				got = append(got, append([]string{}, args...))
			},
		},
	}
	r := &recorder{}
	r.Run("split", func(t testscript.T) { testscript.RunT(t, params) })
	if log, failed, _, panicked := r.outcome(); failed || panicked != "" {
		t.Fatalf("testscript failed:\n%s%s", log, panicked)
	}
	if len(got) != len(lines) {
		t.Fatalf("testscript ran %d lines of %d", len(got), len(lines))
	}
	for i, l := range lines {
		mine, err := splitLine("args "+l, expand)
		if err != nil {
			t.Errorf("%q: %v", l, err)
			continue
		}
		if !reflect.DeepEqual(mine[1:], got[i]) && !(len(mine) == 1 && len(got[i]) == 0) {
			t.Errorf("%q:\n splitLine  %q\n testscript %q", l, mine[1:], got[i])
		}
	}
}
