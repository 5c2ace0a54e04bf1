package grade

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// maxDetail is how much of a scenario's expected and actual output the
// feedback keeps: enough to see what went wrong, not a flood.
const maxDetail = 8 << 10

// maxDiagnostics is how many compiler errors an exercise's message quotes.
const maxDiagnostics = 3

// score turns the scenario runner's verdict on an exercise into its grade.
// Points come from the manifest, scenario by scenario: a scenario that
// passed earns all of its points, any other earns none. clean scrubs the
// temporary paths out of every text kept.
func score(ex workbook.Exercise, res *scenario.Result, clean func(string) string) Exercise {
	e := Exercise{Name: ex.Name, Status: res.Status, MaxScore: ex.Points()}
	got := make(map[string]scenario.ScenarioResult, len(res.Scenarios))
	for _, r := range res.Scenarios {
		got[r.Name] = r
	}
	for _, sc := range ex.Scenarios {
		s := Scenario{Name: sc.Name, MaxScore: sc.Points}
		r, ok := got[sc.Name]
		switch {
		case ok:
			s.Status = r.Status
			s.Message = clean(r.Message)
			s.Reason = clean(r.Reason)
			s.Expected = truncate(clean(r.Expected), maxDetail)
			s.Actual = truncate(clean(r.Actual), maxDetail)
			s.Duration = r.Duration
		case res.Status == Error || res.Status == Timeout:
			s.Status = res.Status // not run, because the program did not build or ran out of time
		default:
			s.Status = Error
			s.Message = "the scenario was not run"
		}
		if s.Status == Pass {
			s.Score = sc.Points
			e.Score += sc.Points
		}
		e.Scenarios = append(e.Scenarios, s)
	}
	if res.Build != nil {
		e.BuildOutput = clean(res.Build.Output)
		e.Message = buildMessage(ex.Name, res.Build, clean)
		e.Diagnostics = diagnostics(ex.Name, res.Build, clean)
	}
	switch {
	case e.Status == "":
		e.Status = overall(e.Scenarios)
	case e.Status == Pass && e.Score < e.MaxScore:
		e.Status = overall(e.Scenarios) // an exercise passes only when all its scenarios do
	}
	return e
}

// overall is an exercise's status from its scenarios': the worst of them,
// as the scenario runner ranks them.
func overall(scs []Scenario) Status {
	worst := Pass
	for _, s := range scs {
		worst = scenario.Worst(worst, s.Status)
	}
	return worst
}

// buildMessage says in one line why the exercise name did not build: a
// dependency the workbook does not have, or the first compiler errors,
// their files named from the workbook's root (exercises/q3/main.go).
func buildMessage(name string, b *scenario.BuildError, clean func(string) string) string {
	out := clean(b.Output)
	if len(b.Foreign) > 0 {
		return fmt.Sprintf("does not build: it imports %s, which is neither in the standard library nor in the workbook's module (submissions cannot add dependencies)", strings.Join(b.Foreign, ", "))
	}
	var lines []string
	for i, d := range diagnostics(name, b, clean) {
		if i == maxDiagnostics {
			lines = append(lines, fmt.Sprintf("and %d more", len(b.Diagnostics)-maxDiagnostics))
			break
		}
		first, _, _ := strings.Cut(d.Message, "\n")
		d.Message = first
		lines = append(lines, d.String())
	}
	if len(lines) == 0 {
		first, _, _ := strings.Cut(strings.TrimSpace(out), "\n")
		if first == "" {
			return "does not build"
		}
		lines = append(lines, first)
	}
	return "does not build: " + strings.Join(lines, "; ")
}

// diagnostics are the compiler's errors on exercise name, their files
// named from the workbook's root (exercises/q3/main.go) and scrubbed of
// temporary paths.
func diagnostics(name string, b *scenario.BuildError, clean func(string) string) []Diagnostic {
	var ds []Diagnostic
	for _, d := range b.Diagnostics {
		file := clean(d.File)
		if filepath.IsLocal(file) && !strings.HasPrefix(file, "exercises/") {
			file = "exercises/" + name + "/" + filepath.ToSlash(file)
		}
		ds = append(ds, Diagnostic{File: file, Line: d.Line, Col: d.Col, Message: clean(d.Message)})
	}
	return ds
}

// truncate cuts s to at most n bytes, on a line boundary when it can, and
// says so.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	if i := strings.LastIndexByte(cut, '\n'); i > n/2 {
		cut = cut[:i+1]
	}
	return strings.ToValidUTF8(cut, "") + fmt.Sprintf("… (%d more bytes)\n", len(s)-len(cut))
}
