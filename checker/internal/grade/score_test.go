package grade

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/procbook/procbook/internal/scenario"
)

func noClean(s string) string { return s }

func TestScore(t *testing.T) {
	q3 := testManifest[0]
	res := &scenario.Result{Status: scenario.Fail, Scenarios: []scenario.ScenarioResult{
		// The runner's points are not trusted: the manifest's are.
		{Name: "q3_square", Status: scenario.Pass, Points: 100},
		{Name: "q3_trace", Status: scenario.Fail, Message: "no processes", Expected: strings.Repeat("x", maxDetail+10)},
	}}
	got := score(q3, res, noClean)
	if got.Score != 3 || got.MaxScore != 4 || got.Status != Fail {
		t.Errorf("score: %d/%d %s, want 3/4 fail", got.Score, got.MaxScore, got.Status)
	}
	if n := len(got.Scenarios[1].Expected); n > maxDetail+100 {
		t.Errorf("expected output kept whole: %d bytes", n)
	}

	// A scenario the runner did not report is an error, not a pass.
	res = &scenario.Result{Status: scenario.Pass, Scenarios: []scenario.ScenarioResult{{Name: "q3_square", Status: scenario.Pass}}}
	got = score(q3, res, noClean)
	if got.Status != Error || got.Score != 3 || got.Scenarios[1].Message != "the scenario was not run" {
		t.Errorf("a missing scenario: %+v", got)
	}

	// A timeout in one scenario costs that scenario only.
	res = &scenario.Result{Status: scenario.Timeout, Scenarios: []scenario.ScenarioResult{
		{Name: "q3_square", Status: scenario.Pass},
		{Name: "q3_trace", Status: scenario.Timeout, Reason: "timed out after 5s"},
	}}
	got = score(q3, res, noClean)
	if got.Status != Timeout || got.Score != 3 {
		t.Errorf("a timeout: %s %d, want timeout 3", got.Status, got.Score)
	}
}

func TestBuildMessage(t *testing.T) {
	tests := []struct {
		name, output string
		diags        []scenario.Diagnostic
		want         string
		foreign      []string
	}{
		{
			"imports the workbook cannot provide, found from the sources",
			"main.go:3:8: package github.com/acme/fancy is neither in the standard library nor in the workbook's module: …\n",
			[]scenario.Diagnostic{{File: "main.go", Line: 3, Col: 8, Message: "package github.com/acme/fancy is neither …"}},
			"does not build: it imports github.com/acme/fancy, which is neither in the standard library nor in the workbook's module (submissions cannot add dependencies)",
			[]string{"github.com/acme/fancy"},
		},
		{
			"compiler errors, the first three",
			"# q6\n...",
			[]scenario.Diagnostic{
				{File: "main.go", Line: 1, Col: 2, Message: "a"},
				{File: "exercises/q6/b.go", Line: 3, Col: 4, Message: "b\n\tmore about b"},
				{File: "main.go", Line: 5, Col: 6, Message: "c"},
				{File: "main.go", Line: 7, Col: 8, Message: "d"},
			},
			"does not build: exercises/q6/main.go:1:2: a; exercises/q6/b.go:3:4: b; exercises/q6/main.go:5:6: c; and 1 more",
			nil,
		},
		{"no diagnostics", "\n go: something odd\nmore\n", nil, "does not build: go: something odd", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := buildMessage("q6", &scenario.BuildError{Output: tt.output, Diagnostics: tt.diags, Foreign: tt.foreign}, noClean)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestScrubber(t *testing.T) {
	clean := scrubber(map[string]string{
		"/tmp/g":           "$TMP",
		"/tmp/g/3/work/q6": "$WORK",
		"/tmp/g/3/src/q6":  "exercises/q6",
		"/home/teacher/wb": "$ROOT",
		"":                 "nothing",
	})
	got := clean("/tmp/g/3/work/q6/bin/q6 in /tmp/g/3/src/q6/main.go, /tmp/g/x, /home/teacher/wb/testdata")
	want := "$WORK/bin/q6 in exercises/q6/main.go, $TMP/x, $ROOT/testdata"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
