package scenario

import (
	"errors"
	"testing"
)

func TestMeansScope(t *testing.T) {
	lines, err := parseScript(`run q6
means 'the children must print the lines.'
stdout '^Square: 100$'
trace count output ppid=main == 4
means 'Done! comes last.'
stdout '^Done!\n\z'
run q6 7
stdout '^Square: 49$'
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{1: "", 3: "the children must print the lines.", 4: "the children must print the lines.", 6: "Done! comes last.", 7: "", 8: ""}
	for number, sentence := range want {
		if got := meansFor(lines, number); got != sentence {
			t.Errorf("line %d: %q, want %q", number, got, sentence)
		}
	}
}

func TestExplainFailure(t *testing.T) {
	trace := scriptLine{Name: "trace"}
	stdout := scriptLine{Name: "stdout"}
	fact := "trace count: want 4 start events with ppid=main, found 2"
	failure := &checkFailure{Found: 2, Fact: fact}
	const sentence = "your program started {found} child processes, not 4: start one per function."
	for _, c := range []struct {
		line     scriptLine
		msg      string
		sentence string
		failure  error
		verbose  bool
		want     string
	}{
		{trace, fact, "", failure, false, fact},
		{trace, fact, sentence, failure, false, "your program started 2 child processes, not 4: start one per function."},
		{trace, fact, sentence, failure, true, "your program started 2 child processes, not 4: start one per function.\n(" + fact + ")"},
		{trace, "trace pids: nothing", sentence, errors.New("trace pids: nothing"), false, "your program started {found} child processes, not 4: start one per function."},
		{stdout, "the program's stdout has nothing matching `^x$`", "x is missing.", nil, false, "the program's stdout has nothing matching `^x$`\nx is missing."},
	} {
		if got := explainFailure(c.line, c.msg, c.sentence, c.failure, c.verbose); got != c.want {
			t.Errorf("explainFailure(%s, %q, %q, verbose %v):\n got %q\nwant %q", c.line.Name, c.msg, c.sentence, c.verbose, got, c.want)
		}
	}
	for _, args := range [][]string{nil, {"a", "b"}, {"no full stop"}} {
		if vetMeans(false, args) == nil {
			t.Errorf("means %q accepted", args)
		}
	}
	if vetMeans(true, []string{"fine."}) == nil {
		t.Error("! means accepted")
	}
}
