package grade

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/procbook/procbook/internal/workbook"
	"github.com/rogpeppe/go-internal/diff"
)

// maxBuildOutput is how much of the compiler's output a feedback file
// quotes.
const maxBuildOutput = 4 << 10

// WriteFeedback writes a Markdown file per student of the gradebook into
// dir, named after the student's id: their score, exercise by exercise,
// and for each scenario that did not pass, what it checks, why it failed,
// the difference between the expected and the actual output, and the
// exercise's hints from the manifest: the first hints of them, or all when
// hints is negative. (The manifest's last hints nearly give the answer
// away; an instructor may keep them back.)
func WriteFeedback(dir string, gb *Gradebook, exercises []workbook.Exercise, hints int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("grade: feedback: %w", err)
	}
	for _, s := range gb.Students {
		if !filepath.IsLocal(s.ID) || strings.ContainsAny(s.ID, `/\`) {
			return fmt.Errorf("grade: feedback: student id %q cannot name a file", s.ID)
		}
		var b bytes.Buffer
		Feedback(&b, s, exercises, hints)
		if err := os.WriteFile(filepath.Join(dir, s.ID+".md"), b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("grade: feedback: %w", err)
		}
	}
	return nil
}

// Feedback writes one student's feedback, in Markdown, to w, with the
// first hints of each exercise that did not pass (all when negative).
func Feedback(w io.Writer, s Student, exercises []workbook.Exercise, hints int) {
	fmt.Fprintf(w, "# Feedback for %s\n\n", s.ID)
	fmt.Fprintf(w, "Score: **%d / %d**\n\n", s.Score, s.MaxScore)
	if s.Error != "" {
		fmt.Fprintf(w, "The submission could not be graded: %s\n\n", s.Error)
	}
	fmt.Fprintf(w, "| Exercise | Status | Score |\n|---|---|---|\n")
	for _, e := range s.Exercises {
		fmt.Fprintf(w, "| %s %s | %s | %d / %d |\n", e.Name, title(exercises, e.Name), e.Status, e.Score, e.MaxScore)
	}
	for _, e := range s.Exercises {
		if e.Status == Pass || s.Error != "" {
			continue
		}
		feedbackExercise(w, e, exercises, hints)
	}
}

// feedbackExercise writes the section of an exercise that did not pass.
func feedbackExercise(w io.Writer, e Exercise, exercises []workbook.Exercise, hints int) {
	fmt.Fprintf(w, "\n## %s %s: %s, %d / %d\n\n", e.Name, title(exercises, e.Name), e.Status, e.Score, e.MaxScore)
	if e.Message != "" {
		fmt.Fprintf(w, "%s\n\n", e.Message)
	}
	if e.BuildOutput != "" {
		fmt.Fprintf(w, "What the compiler said:\n\n%s\n", fence(truncate(e.BuildOutput, maxBuildOutput), ""))
	}
	if e.Status == Error && e.Message != "" {
		// Nothing ran: the scenarios are only what there was to earn.
		fmt.Fprintf(w, "Its scenarios could not run:\n\n")
		for _, sc := range e.Scenarios {
			fmt.Fprintf(w, "- %s (%s)", sc.Name, points(sc.MaxScore))
			if a := about(exercises, e.Name, sc.Name); a != "" {
				fmt.Fprintf(w, ": %s", a)
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}
	for _, sc := range e.Scenarios {
		if sc.Status == Pass || (e.Status == Error && e.Message != "") {
			continue
		}
		fmt.Fprintf(w, "### %s (%s, %s)\n\n", sc.Name, sc.Status, points(sc.MaxScore))
		if sc.Hidden {
			// The instructor's hidden scenario: its verdict, not its content.
			fmt.Fprintf(w, "A hidden scenario: what it checks is not shown.\n\n")
			continue
		}
		if a := about(exercises, e.Name, sc.Name); a != "" {
			fmt.Fprintf(w, "Checks: %s\n\n", a)
		}
		if sc.Message != "" {
			fmt.Fprintf(w, "%s\n\n", sc.Message)
		}
		if sc.Reason != "" {
			fmt.Fprintf(w, "The program %s.\n\n", strings.TrimPrefix(sc.Reason, "the program "))
		}
		if sc.Expected != "" || sc.Actual != "" {
			d := string(diff.Diff("expected", []byte(withNewline(sc.Expected)), "actual", []byte(withNewline(sc.Actual))))
			if strings.HasPrefix(d, "diff ") { // the header line of a git diff says nothing here
				_, d, _ = strings.Cut(d, "\n")
			}
			fmt.Fprintf(w, "%s\n", fence(d, "diff"))
		}
	}
	all := hintsOf(exercises, e.Name)
	if hints >= 0 && hints < len(all) {
		all = all[:hints]
	}
	if len(all) > 0 {
		fmt.Fprintf(w, "Hints:\n\n")
		for i, h := range all {
			fmt.Fprintf(w, "%d. %s\n", i+1, h)
		}
	}
}

// fence puts text in a Markdown code block, with a fence longer than any
// run of backticks in it, so that a program's output cannot end the block.
func fence(text, lang string) string {
	ticks := "```"
	for strings.Contains(text, ticks) {
		ticks += "`"
	}
	return ticks + lang + "\n" + withNewline(text) + ticks + "\n"
}

// withNewline ends s with a newline, unless it is empty.
func withNewline(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}

// title is the manifest's title of the named exercise, in parentheses.
func title(exercises []workbook.Exercise, name string) string {
	for _, ex := range exercises {
		if ex.Name == name && ex.Title != "" {
			return "(" + ex.Title + ")"
		}
	}
	return ""
}

// hintsOf returns the manifest's hints for the named exercise.
func hintsOf(exercises []workbook.Exercise, name string) []string {
	for _, ex := range exercises {
		if ex.Name == name {
			return ex.Hints
		}
	}
	return nil
}

// points says "1 point" or "n points".
func points(n int) string {
	if n == 1 {
		return "1 point"
	}
	return fmt.Sprintf("%d points", n)
}
