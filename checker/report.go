package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/procbook/procbook/checker/internal/linediff"
	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/checker/internal/timeline"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// Bounds on what a report prints, so that a flood of output stays a page.
const (
	maxDiffLines   = 60  // lines of a diff shown per scenario
	maxOutputLines = 20  // lines of output or transcript shown when there is nothing to compare
	maxLineChars   = 200 // characters shown of one line: a flood may be one endless line
)

// report prints the verdict on ex: a line per scenario and, for each that
// failed, why — the compiler's errors, the way the program ended, the
// difference between expected and actual output.
func report(env *Env, ex workbook.Exercise, res *scenario.Result) {
	w, p := env.Stdout, env.Paint
	passed := 0
	for _, s := range res.Scenarios {
		if s.Status == scenario.Pass {
			passed++
		}
	}
	head := fmt.Sprintf("%s %s", ex.Name, ex.Title)
	switch {
	case res.Build != nil:
		fmt.Fprintf(w, "%s: %s\n", p.bold(head), p.fail("does not compile"))
		reportBuild(env, ex, res.Build)
		return
	case res.Status == scenario.Pass:
		fmt.Fprintf(w, "%s: %s — %d of %d scenarios, %d of %d points (%s)\n", p.bold(head), p.pass("passes"),
			passed, len(res.Scenarios), earned(res), ex.Points(), roundDuration(res.Duration))
	default:
		fmt.Fprintf(w, "%s: %s — %d of %d scenarios pass, %d of %d points (%s)\n", p.bold(head), p.fail("not done yet"),
			passed, len(res.Scenarios), earned(res), ex.Points(), roundDuration(res.Duration))
	}
	told := map[string]string{} // failures already explained, by sameFailure, and where
	src := filepath.Join(env.Root, "exercises", ex.Name)
	for _, s := range res.Scenarios {
		reportScenario(w, p, s, src, env.Root, told)
	}
	if n := len(res.Scenarios); n > 0 && res.Scenarios[n-1].Status == scenario.Timeout {
		reportRunning(env, ex)
	}
}

// reportRunning says which of the program's processes were still running
// when its last run was stopped for taking too long, and what function
// each ran: the processes whose start the trace holds and not their exit.
// The trace kept is the last scenario's, so this is said only when that
// one timed out.
func reportRunning(env *Env, ex workbook.Exercise) {
	if env.Store == nil {
		return
	}
	none := func() {
		fmt.Fprintf(env.Stdout, "  %s\n", env.Paint.dim("When the last run was stopped, no child of the program was running: the program itself was busy, or waiting."))
	}
	f, err := os.Open(env.Store.TracePath(ex.Name))
	if errors.Is(err, os.ErrNotExist) {
		none() // the run started no process through the library
		return
	}
	if err != nil {
		return
	}
	defer f.Close()
	events, _, err := timeline.Read(f)
	if err != nil {
		return
	}
	tl, err := timeline.Build(events)
	if errors.Is(err, timeline.ErrEmpty) {
		none()
		return
	}
	if err != nil {
		return
	}
	running := tl.Running()
	if len(running) == 0 {
		none()
		return
	}
	fmt.Fprintf(env.Stdout, "  %s\n", env.Paint.warn("When the last run was stopped, these children were still running (from its trace):"))
	for i, p := range running {
		if i == 8 {
			fmt.Fprintf(env.Stdout, "    … and %d more\n", len(running)-i)
			break
		}
		what := "running " + p.Func
		if p.Worker {
			what = "a pool worker"
			if len(p.Tasks) > 0 && p.Tasks[len(p.Tasks)-1].End.IsZero() {
				t := p.Tasks[len(p.Tasks)-1]
				what += fmt.Sprintf(", in task %d (%s)", t.Index, t.Func)
			}
		}
		fmt.Fprintf(env.Stdout, "    pid %d %s, started %.2fs into the run\n", p.Pid, what, p.Start.Sub(tl.Start).Seconds())
	}
}

// reportBuild prints the compiler's errors as file:line:col paths the
// learner can open, relative to the workbook's root.
func reportBuild(env *Env, ex workbook.Exercise, b *scenario.BuildError) {
	w := env.Stdout
	if len(b.Diagnostics) == 0 {
		fmt.Fprintln(w, indent(limitLines(strings.TrimSpace(b.Output), maxOutputLines*2), "  "))
		return
	}
	for _, d := range b.Diagnostics {
		file := d.File
		if !filepath.IsAbs(file) {
			file = filepath.ToSlash(filepath.Join("exercises", ex.Name, file))
		}
		pos := fmt.Sprintf("%s:%d", file, d.Line)
		if d.Col > 0 {
			pos += fmt.Sprintf(":%d", d.Col)
		}
		fmt.Fprintf(w, "  %s: %s\n", env.Paint.bold(pos), d.Message)
	}
}

// reportScenario prints one scenario's line and, if it did not pass, why:
// once, when an earlier scenario failed the same way (told), and for a
// panic where in the learner's code (under src) it happened.
func reportScenario(w io.Writer, p palette, s scenario.ScenarioResult, src, root string, told map[string]string) {
	mark := map[scenario.Status]string{
		scenario.Pass:    p.pass("✓ pass   "),
		scenario.Fail:    p.fail("✗ fail   "),
		scenario.Timeout: p.fail("✗ timeout"),
		scenario.Error:   p.fail("✗ error  "),
	}[s.Status]
	if mark == "" {
		mark = p.fail("✗ " + string(s.Status))
	}
	about := ""
	if s.About != "" {
		about = p.dim(" — " + s.About)
	}
	fmt.Fprintf(w, "  %s %s%s\n", mark, s.Name, about)
	if s.Status == scenario.Pass {
		return
	}
	site, fn := "", ""
	if s.Reason == "panicked" {
		site, fn, _ = panicSite(s.Log, src, root)
	}
	if site != "" || s.Reason == "panicked" {
		key := sameFailure(s.Message, site)
		if first, ok := told[key]; ok {
			fmt.Fprintf(w, "      %s\n", p.dim("panicked the same way as "+first))
			return
		}
		told[key] = s.Name
	}
	if s.Message != "" {
		fmt.Fprintln(w, indent(limitLines(s.Message, 2*maxOutputLines), "      "))
	}
	if site != "" {
		at := "at " + p.bold(site)
		if fn != "" {
			at += p.dim(", in " + fn)
		}
		fmt.Fprintf(w, "      %s\n", at)
	}
	if s.Reason != "" && !strings.Contains(s.Message, s.Reason) {
		// The reason, unless the message says it already.
		fmt.Fprintf(w, "      %s\n", p.warn(s.Reason))
	}
	switch {
	case s.Expected != "":
		reportDiff(w, p, s.Expected, s.Actual)
	case s.Actual != "":
		fmt.Fprintf(w, "      %s\n%s\n", p.dim("it printed:"), indent(limitLines(s.Actual, maxOutputLines), "        "))
	case s.Message == "" && s.Reason == "" && s.Log != "":
		fmt.Fprintf(w, "      %s\n%s\n", p.dim("the scenario's transcript ends:"), indent(lastLines(s.Log, maxOutputLines), "        "))
	}
}

// reportDiff prints expected against actual as a line diff: "-" lines were
// expected and not printed, "+" lines printed and not expected.
func reportDiff(w io.Writer, p palette, expected, actual string) {
	d := linediff.Compute(expected, actual)
	what := "expected"
	if linediff.Patterns(expected) {
		// The scenario looked for lines: a pattern that matched shows as
		// the line it matched.
		d = linediff.ComputePatterns(expected, actual)
		what = "expected (patterns)"
	}
	fmt.Fprintf(w, "      %s %s %s\n", p.dim(what), p.missing("-"), p.dim("/ printed ")+p.extra("+"))
	for i, l := range d.Lines {
		if i == maxDiffLines {
			fmt.Fprintf(w, "        %s\n", p.dim(fmt.Sprintf("… %d more lines of diff not shown (--json has the output)", len(d.Lines)-i)))
			break
		}
		text := clipLine(l.Text)
		switch l.Op {
		case linediff.Same:
			fmt.Fprintf(w, "        %s\n", p.dim("  "+text))
		case linediff.Missing:
			fmt.Fprintf(w, "        %s\n", p.missing("- "+text))
		case linediff.Extra:
			fmt.Fprintf(w, "        %s\n", p.extra("+ "+text))
		}
	}
	if d.Truncated {
		fmt.Fprintf(w, "        %s\n", p.dim(fmt.Sprintf("(compared the first %d lines only)", linediff.MaxLines)))
	}
}

// reportHint prints the hint the learner is at (the first, or the last
// one they asked for) and how to get the next.
func reportHint(env *Env, ex workbook.Exercise) {
	if len(ex.Hints) == 0 {
		fmt.Fprintf(env.Stdout, "\nRead %s for the ideas behind %s.\n", ex.Chapter, ex.Name)
		return
	}
	n := max(env.Store.HintsShown(ex.Name), 1)
	if env.Store.HintsShown(ex.Name) == 0 {
		env.Store.SetHintsShown(ex.Name, 1)
	}
	fmt.Fprintf(env.Stdout, "\n%s %s\n", env.Paint.warn(fmt.Sprintf("Hint (%d of %d):", n, len(ex.Hints))), ex.Hints[n-1])
	if n < len(ex.Hints) {
		fmt.Fprintf(env.Stdout, "More help: %s. The chapter is %s.\n", env.Paint.cmd("go run ./checker hint "+ex.Name), ex.Chapter)
	}
}

func indent(s, prefix string) string {
	s = strings.TrimRight(s, "\n")
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// limitLines keeps the first n lines of s, each clipped, and says how many
// more there were.
func limitLines(s string, n int) string {
	lines := clipLines(strings.Split(strings.TrimRight(s, "\n"), "\n"))
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n… %d more lines", len(lines)-n)
}

// lastLines keeps the last n lines of s, each clipped.
func lastLines(s string, n int) string {
	lines := clipLines(strings.Split(strings.TrimRight(s, "\n"), "\n"))
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return fmt.Sprintf("… %d lines before\n", len(lines)-n) + strings.Join(lines[len(lines)-n:], "\n")
}

func clipLines(lines []string) []string {
	for i, l := range lines {
		lines[i] = clipLine(l)
	}
	return lines
}

// clipLine cuts a line longer than maxLineChars and says by how much.
func clipLine(s string) string {
	if len(s) <= maxLineChars {
		return s
	}
	r := []rune(s)
	if len(r) <= maxLineChars {
		return s
	}
	return string(r[:maxLineChars]) + fmt.Sprintf("… (%d more characters)", len(r)-maxLineChars)
}

// earned returns the points of the scenarios res passed.
func earned(res *scenario.Result) int {
	return progress.Standing{Result: res}.Points()
}
