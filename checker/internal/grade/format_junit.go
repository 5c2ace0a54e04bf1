package grade

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/procbook/procbook/internal/workbook"
)

// junitSuites is the root of a JUnit XML report, as CI dashboards read it.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

// junitSuite is one student.
type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitCase is one scenario of one exercise.
type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
}

// junitProblem is a failure (the program is wrong) or an error (it did
// not build, or timed out).
type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the gradebook as a JUnit XML report for CI
// dashboards: a test suite per student, a test case per scenario (class
// "student.exercise"), failed scenarios as failures, and scenarios that
// did not build or timed out as errors. There are no times in it, so that
// it stays the same from run to run.
func WriteJUnit(w io.Writer, gb *Gradebook, exercises []workbook.Exercise) error {
	root := junitSuites{Name: "procbook"}
	for _, s := range gb.Students {
		suite := junitSuite{Name: s.ID, Properties: []junitProperty{
			{Name: "score", Value: fmt.Sprint(s.Score)},
			{Name: "max_score", Value: fmt.Sprint(s.MaxScore)},
		}}
		if s.Error != "" {
			suite.Properties = append(suite.Properties, junitProperty{Name: "error", Value: s.Error})
		}
		for _, e := range s.Exercises {
			for _, c := range junitCases(s.ID, e, exercises) {
				suite.Tests++
				if c.Failure != nil {
					suite.Failures++
				}
				if c.Error != nil {
					suite.Errors++
				}
				suite.Cases = append(suite.Cases, c)
			}
		}
		root.Tests += suite.Tests
		root.Failures += suite.Failures
		root.Errors += suite.Errors
		root.Suites = append(root.Suites, suite)
	}
	b, err := xml.MarshalIndent(root, "", "  ")
	if err != nil {
		return fmt.Errorf("grade: %w", err)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// junitCases are the test cases of one exercise: a case per scenario, or
// one for the exercise when the manifest gives it no scenario.
func junitCases(student string, e Exercise, exercises []workbook.Exercise) []junitCase {
	class := student + "." + e.Name
	if len(e.Scenarios) == 0 {
		return []junitCase{junitOutcome(class, e.Name, e.Status, e.Message, "")}
	}
	var cases []junitCase
	for _, sc := range e.Scenarios {
		msg := sc.Message
		if msg == "" && sc.Status != Pass {
			msg = e.Message
		}
		cases = append(cases, junitOutcome(class, sc.Name, sc.Status, msg, describe(sc, about(exercises, e.Name, sc.Name))))
	}
	return cases
}

// junitOutcome is one test case with its verdict.
func junitOutcome(class, name string, status Status, msg, text string) junitCase {
	c := junitCase{Classname: class, Name: name}
	if msg == "" {
		msg = string(status)
	}
	switch status {
	case Pass:
	case Fail:
		c.Failure = &junitProblem{Message: msg, Type: string(status), Text: text}
	default:
		c.Error = &junitProblem{Message: msg, Type: string(status), Text: text}
	}
	return c
}

// describe says in a few lines what a scenario checks and why it did not
// pass, for a test case's text and a Gradescope test's output.
func describe(sc Scenario, about string) string {
	var lines []string
	if about != "" {
		lines = append(lines, "checks: "+about)
	}
	if sc.Message != "" {
		lines = append(lines, sc.Message)
	}
	if sc.Reason != "" {
		lines = append(lines, "the program "+strings.TrimPrefix(sc.Reason, "the program "))
	}
	return strings.Join(lines, "\n")
}
