package grade

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/procbook/procbook/checker/internal/atomicfile"
	"github.com/procbook/procbook/internal/workbook"
)

// surefireSuite is one student's report as Maven Surefire writes them:
// one file per suite, TEST-<name>.xml, valid against Surefire's
// surefire-test-report-3.0.xsd and Jenkins' junit-10.xsd. Its attributes
// are those both schemas allow (Surefire's version attribute is not in
// Jenkins'), and Surefire's forbid Ant's timestamp and hostname: no one
// document can satisfy Ant's schema and Surefire's, hence two formats.
type surefireSuite struct {
	XMLName    xml.Name        `xml:"testsuite"`
	Name       string          `xml:"name,attr"`
	Time       string          `xml:"time,attr"`
	Tests      int             `xml:"tests,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Failures   int             `xml:"failures,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []surefireCase  `xml:"testcase"`
}

// surefireCase is one scenario; Surefire's schema puts a failure before an
// error and the case's output after both.
type surefireCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
}

// WriteSurefire writes the gradebook into the folder dir as Surefire's
// reports: TEST-<student>.xml per student, a test case per scenario, as
// WriteJUnit has them. For the dashboards that read Maven's reports.
func WriteSurefire(dir string, gb *Gradebook, exercises []workbook.Exercise) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("grade: surefire: %w", err)
	}
	for _, s := range gb.Students {
		name, err := studentFile(s.ID, "TEST-", ".xml")
		if err != nil {
			return err
		}
		suite := surefireSuite{Name: s.ID, Properties: studentProperties(s)}
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
				suite.Cases = append(suite.Cases, surefireCase{Name: c.Name, Classname: c.Classname, Time: c.Time, Failure: c.Failure, Error: c.Error})
				total += c.took
			}
		}
		suite.Time = seconds(total)
		if err := atomicfile.WriteFunc(filepath.Join(dir, name), func(w io.Writer) error { return writeXML(w, suite) }); err != nil {
			return fmt.Errorf("grade: surefire: %w", err)
		}
	}
	return nil
}
