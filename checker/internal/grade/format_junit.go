package grade

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/procbook/procbook/internal/workbook"
)

// junitSuites is the root of a JUnit XML report, as Ant's JUnitReport
// aggregates it: Ant's schema gives the root no attributes, and each suite
// a package and an id.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

// junitSuite is one student. The attributes and the elements, in their
// order, are those that Ant's schema requires (timestamp without a time
// zone, hostname, time, properties, system-out and system-err) and that
// Jenkins' allows; Surefire's (surefireSuite) differ.
type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Package    string          `xml:"package,attr"`
	ID         int             `xml:"id,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out"`
	SystemErr  string          `xml:"system-err"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitCase is one scenario of one exercise.
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
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

// junitHost is the hostname every suite gives: the schemas require one,
// and a gradebook merged from shards graded on several machines has no
// one host; "localhost" is what Ant's schema says to give then.
const junitHost = "localhost"

// WriteJUnit writes the gradebook as a JUnit XML report for CI
// dashboards, valid against Ant's JUnit schema and Jenkins' junit-10.xsd:
// a test suite per student, a test case per scenario (class
// "student.exercise"), failed scenarios as failures, and scenarios that
// did not build or timed out as errors. Each case's time is how long its
// scenario ran in this grading run: zero when its grade came from the
// cache or from a merged gradebook, which keep no times.
func WriteJUnit(w io.Writer, gb *Gradebook, exercises []workbook.Exercise) error {
	root := junitSuites{Suites: []junitSuite{}}
	stamp := junitTimestamp(gb.GradedAt)
	for i, s := range gb.Students {
		suite := junitSuite{
			Name: s.ID, Package: "procbook", ID: i, Timestamp: stamp, Hostname: junitHost,
			Properties: studentProperties(s), SystemOut: studentSummary(s), SystemErr: s.Error,
		}
		var total time.Duration
		for _, e := range s.Exercises {
			for _, c := range junitCases(s.ID, e, exercises) {
				suite.Tests++
				if c.Failure != nil {
					suite.Failures++
				}
				if c.Error != nil {
					suite.Errors++
				}
				suite.Cases = append(suite.Cases, c.junitCase)
				total += c.took
			}
		}
		suite.Time = seconds(total)
		root.Suites = append(root.Suites, suite)
	}
	return writeXML(w, root)
}

// writeXML writes v as an indented XML document.
func writeXML(w io.Writer, v any) error {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("grade: %w", err)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// studentProperties are a suite's properties: the student's score, and
// how late the submission was.
func studentProperties(s Student) []junitProperty {
	props := []junitProperty{
		{Name: "score", Value: fmt.Sprint(s.Score)},
		{Name: "max_score", Value: fmt.Sprint(s.MaxScore)},
	}
	if s.Error != "" {
		props = append(props, junitProperty{Name: "error", Value: s.Error})
	}
	if l := s.Late; l != nil {
		if l.Submitted != "" {
			props = append(props, junitProperty{Name: "submitted", Value: l.Submitted})
		}
		props = append(props,
			junitProperty{Name: "raw_score", Value: fmt.Sprint(l.RawScore)},
			junitProperty{Name: "late_penalty", Value: fmt.Sprintf("%g%%", l.Penalty)})
	}
	return props
}

// studentSummary is a suite's standard output: the score in words.
func studentSummary(s Student) string {
	line := fmt.Sprintf("%s: %d / %d points", s.ID, s.Score, s.MaxScore)
	if s.Late != nil {
		line += "\n" + s.Late.Summary()
	}
	return line + "\n"
}

// junitTimestamp is the gradebook's graded_at as the schemas want it: an
// ISO 8601 time in UTC with no zone written.
func junitTimestamp(gradedAt string) string {
	t, err := time.Parse(time.RFC3339, gradedAt)
	if err != nil {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format("2006-01-02T15:04:05")
}

// seconds writes d in seconds with three decimals, as every schema's time
// attribute accepts.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}

// timedCase is a test case and the time it took, to add up into its
// suite's.
type timedCase struct {
	junitCase
	took time.Duration
}

// junitCases are the test cases of one exercise: a case per scenario, or
// one for the exercise when the manifest gives it no scenario.
func junitCases(student string, e Exercise, exercises []workbook.Exercise) []timedCase {
	class := student + "." + e.Name
	if len(e.Scenarios) == 0 {
		return []timedCase{{junitOutcome(class, e.Name, e.Status, e.Message, "", 0), 0}}
	}
	var cases []timedCase
	for _, sc := range e.Scenarios {
		msg := sc.Message
		if msg == "" && sc.Status != Pass {
			msg = e.Message
		}
		cases = append(cases, timedCase{junitOutcome(class, sc.Name, sc.Status, msg, describe(sc, about(exercises, e.Name, sc.Name)), sc.Duration), sc.Duration})
	}
	return cases
}

// junitOutcome is one test case with its verdict.
func junitOutcome(class, name string, status Status, msg, text string, took time.Duration) junitCase {
	c := junitCase{Classname: class, Name: name, Time: seconds(took)}
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
	if sc.Hidden {
		lines = append(lines, "a hidden scenario")
	}
	if sc.Message != "" {
		lines = append(lines, sc.Message)
	}
	if sc.Reason != "" {
		lines = append(lines, "the program "+strings.TrimPrefix(sc.Reason, "the program "))
	}
	return strings.Join(lines, "\n")
}
