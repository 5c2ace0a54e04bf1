package grade

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/procbook/procbook/checker/internal/atomicfile"
	"github.com/procbook/procbook/checker/internal/exercism"
	"github.com/procbook/procbook/internal/workbook"
)

// WriteExercism writes the gradebook into the folder dir as Exercism's
// test runner results, version 3: one results.json per student and
// exercise, dir/<student>/<exercise>/results.json, a test per scenario in
// the manifest's order. A scenario's task_id is its place in the
// exercise, from 1: each scenario checks one task of the exercise's
// chapter. testCode gives a scenario's text for test_code (nil gives "");
// a hidden scenario's text and failure are never written.
func WriteExercism(dir string, gb *Gradebook, exercises []workbook.Exercise, testCode func(scenario string) string) error {
	if testCode == nil {
		testCode = func(string) string { return "" }
	}
	for _, s := range gb.Students {
		name, err := studentFile(s.ID, "", "")
		if err != nil {
			return err
		}
		for _, e := range s.Exercises {
			res := ExercismResults(s, e, exercises, testCode)
			p := filepath.Join(dir, name, e.Name, "results.json")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return fmt.Errorf("grade: exercism: %w", err)
			}
			err := atomicfile.WriteFunc(p, func(w io.Writer) error {
				b, err := json.MarshalIndent(res, "", "  ")
				if err != nil {
					return err
				}
				_, err = w.Write(append(b, '\n'))
				return err
			})
			if err != nil {
				return fmt.Errorf("grade: exercism: %w", err)
			}
		}
	}
	return nil
}

// ExercismResults is one student's exercise as Exercism's results.json.
func ExercismResults(s Student, e Exercise, exercises []workbook.Exercise, testCode func(scenario string) string) exercism.Results {
	res := exercism.Results{Version: 3, Status: exercismStatus(e), Tests: []exercism.Test{}}
	if res.Status == exercism.Error {
		switch {
		case s.Error != "":
			res.Message = "the submission could not be graded: " + s.Error
		case e.BuildOutput != "":
			res.Message = "the program did not compile:\n" + e.BuildOutput
		case e.Message != "":
			res.Message = e.Message
		default:
			res.Message = "the program could not be checked"
		}
	}
	for i, sc := range e.Scenarios {
		t := exercism.Test{Name: sc.Name, Status: exercismTestStatus(sc.Status), TaskID: i + 1}
		if sc.Hidden {
			t.TestCode = hiddenOutput
		} else {
			t.TestCode = testCode(sc.Name)
		}
		if sc.Status != Pass {
			t.Message = exercismMessage(sc, e, about(exercises, e.Name, sc.Name))
			if !sc.Hidden {
				t.Output = exercism.Clip(sc.Actual)
			}
		}
		res.Tests = append(res.Tests, t)
	}
	return res
}

// exercismStatus is pass when every scenario passed, error when none
// could run (the program did not build, or the submission could not be
// graded), fail otherwise.
func exercismStatus(e Exercise) exercism.Status {
	if e.Status == Pass {
		return exercism.Pass
	}
	for _, sc := range e.Scenarios {
		if sc.Status != Error {
			return exercism.Fail
		}
	}
	return exercism.Error
}

func exercismTestStatus(s Status) exercism.Status {
	switch s {
	case Pass:
		return exercism.Pass
	case Error:
		return exercism.Error
	}
	return exercism.Fail // fail, and timeout: the program is not right yet
}

// exercismMessage says why a scenario did not pass: what it checks, the
// check that failed and the two sides of it; for a hidden scenario, only
// that it did not pass.
func exercismMessage(sc Scenario, e Exercise, about string) string {
	if sc.Hidden {
		return "a hidden scenario did not pass: " + string(sc.Status)
	}
	msg := describe(sc, about)
	if sc.Message == "" && e.Message != "" {
		msg = strings.TrimSpace(msg + "\n" + e.Message)
	}
	if sc.Expected != "" || sc.Actual != "" {
		msg += fmt.Sprintf("\nexpected:\n%s\nactual:\n%s", withNewline(sc.Expected), withNewline(sc.Actual))
	}
	if msg == "" {
		msg = string(sc.Status)
	}
	return msg
}
