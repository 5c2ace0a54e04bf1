// Package exercism writes a check's verdict in the shape of Exercism's
// test runner results.json, version 3, so that tools that read those (an
// editor plug-in, a class dashboard) read procbook's too.
package exercism

import (
	"fmt"
	"strings"

	"github.com/procbook/procbook/internal/scenario"
)

// Status is a results.json status.
type Status string

const (
	Pass  Status = "pass"
	Fail  Status = "fail"
	Error Status = "error"
)

// MaxOutput is how much of a test's output results.json carries, as the
// format asks (500 characters, with a note when more was cut).
const MaxOutput = 500

// Results is a results.json document. Exercise is procbook's addition: it
// names the exercise when several documents are listed together.
type Results struct {
	Exercise string `json:"exercise,omitempty"`
	Version  int    `json:"version"`
	Status   Status `json:"status"`
	Message  string `json:"message,omitempty"` // set when Status is Error: why nothing could be tested
	Tests    []Test `json:"tests"`
}

// Test is the verdict on one scenario.
type Test struct {
	Name     string `json:"name"`
	Status   Status `json:"status"`
	Message  string `json:"message,omitempty"`
	Output   string `json:"output,omitempty"`
	TestCode string `json:"test_code"`
	// TaskID links the test to a task of the exercise, numbered from 1
	// (version 3 of the format); 0 leaves it out.
	TaskID int `json:"task_id,omitempty"`
}

// FromResult converts r. testCode returns the text of a scenario (its
// .txtar file) for the test_code field; it may return "".
func FromResult(r *scenario.Result, testCode func(name string) string) Results {
	out := Results{Exercise: r.Exercise, Version: 3, Status: exerciseStatus(r), Tests: []Test{}}
	if r.Build != nil {
		out.Message = "the program did not compile:\n" + r.Build.Output
	} else if out.Status == Error {
		out.Message = firstProblem(r)
	}
	for _, s := range r.Scenarios {
		out.Tests = append(out.Tests, Test{
			Name:     s.Name,
			Status:   scenarioStatus(s.Status),
			Message:  scenarioMessage(s),
			Output:   Clip(s.Actual),
			TestCode: testCode(s.Name),
		})
	}
	return out
}

// exerciseStatus is pass when every scenario passed, error when the
// program could not be tested at all (it did not compile), fail otherwise.
func exerciseStatus(r *scenario.Result) Status {
	switch r.Status {
	case scenario.Pass:
		return Pass
	case scenario.Error:
		if r.Build != nil || len(r.Scenarios) == 0 {
			return Error
		}
	}
	return Fail
}

func scenarioStatus(s scenario.Status) Status {
	switch s {
	case scenario.Pass:
		return Pass
	case scenario.Error:
		return Error
	}
	return Fail // fail, and timeout: the program is not right yet
}

func scenarioMessage(s scenario.ScenarioResult) string {
	if s.Status == scenario.Pass {
		return ""
	}
	var parts []string
	if s.Message != "" {
		parts = append(parts, s.Message)
	}
	if s.Reason != "" {
		parts = append(parts, s.Reason)
	}
	if s.Expected != "" || s.Actual != "" {
		parts = append(parts, fmt.Sprintf("expected:\n%s\nactual:\n%s", s.Expected, s.Actual))
	}
	if len(parts) == 0 {
		return string(s.Status)
	}
	return strings.Join(parts, "\n")
}

func firstProblem(r *scenario.Result) string {
	for _, s := range r.Scenarios {
		if s.Status != scenario.Pass {
			return scenarioMessage(s)
		}
	}
	return "the program could not be checked"
}

// Clip cuts s to MaxOutput characters and says so, as the format asks of
// a test's output.
func Clip(s string) string {
	const note = "\n… output truncated to 500 characters"
	r := []rune(s)
	if len(r) <= MaxOutput {
		return s
	}
	return string(r[:MaxOutput-len([]rune(note))]) + note
}
