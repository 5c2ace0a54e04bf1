package grade

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Every format is checked against the schema of the tool that reads it,
// vendored under testdata/schema: Ant's, Jenkins' and Surefire's XML
// schemas (checked by xmllint, from Debian's libxml2-utils, when it is
// installed), and JSON schemas transcribed from Gradescope's and
// Exercism's specifications (checked in Go, always). Each check is also
// shown to fail on a document that breaks its schema.

// xmllint validates file against the XML schema, or skips when xmllint is
// not installed. It returns xmllint's complaint, "" when valid.
func xmllint(t *testing.T, schema, file string) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		missingTool(t, "xmllint is not installed (Debian: apt-get install libxml2-utils): the XML schemas are not checked")
	}
	out, err := exec.Command(path, "--noout", "--nonet", "--schema", filepath.Join("testdata", "schema", schema), file).CombinedOutput()
	if err != nil {
		return string(out)
	}
	return ""
}

// lateGradebook is the sample gradebook graded against a deadline, bob
// late, with a pair of similar students: every optional part filled in.
func lateGradebook() *Gradebook {
	gb := sampleGradebook()
	deadline := time.Date(2026, 11, 20, 23, 59, 0, 0, time.UTC)
	p, err := ParseLatePolicy("10%/day,max=50%,grace=15m")
	if err != nil {
		panic(err)
	}
	ApplyLateness(gb, map[string]SubmissionTime{
		"alice": {Time: deadline.Add(-time.Hour), From: FromGit},
		"bob":   {Time: deadline.Add(30 * time.Hour), From: FromArchive},
	}, deadline, p)
	gb.Similar = []SimilarPair{{Exercise: "q3", A: "alice", B: "bob", Kind: Renamed, Score: 1}}
	gb.Elapsed = 2500 * time.Millisecond
	return gb
}

func TestJUnitSchemas(t *testing.T) {
	dir := t.TempDir()
	for _, gb := range []*Gradebook{sampleGradebook(), lateGradebook(), {Students: []Student{}}} {
		var b bytes.Buffer
		if err := WriteJUnit(&b, gb, testManifest); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "junit.xml")
		os.WriteFile(file, b.Bytes(), 0o644)
		for _, schema := range []string{"ant-junit.xsd", "jenkins-junit-10.xsd"} {
			if msg := xmllint(t, schema, file); msg != "" {
				t.Errorf("%s:\n%s\n%s", schema, msg, b.String())
			}
		}
	}
	// The checks can fail: a suite without its time breaks Ant's schema,
	// and the report as it was before, with attributes on testsuites.
	bad := filepath.Join(dir, "bad.xml")
	os.WriteFile(bad, []byte(`<testsuites name="procbook"><testsuite name="a" tests="0" failures="0" errors="0"></testsuite></testsuites>`), 0o644)
	if xmllint(t, "ant-junit.xsd", bad) == "" {
		t.Error("Ant's schema accepted a report without time, timestamp or hostname")
	}
}

func TestSurefireSchemas(t *testing.T) {
	dir := t.TempDir()
	if err := WriteSurefire(dir, lateGradebook(), testManifest); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "TEST-*.xml"))
	if len(files) != 4 {
		t.Fatalf("got %d reports, want one per student: %v", len(files), files)
	}
	for _, file := range files {
		for _, schema := range []string{"surefire-test-report-3.0.xsd", "jenkins-junit-10.xsd"} {
			if msg := xmllint(t, schema, file); msg != "" {
				b, _ := os.ReadFile(file)
				t.Errorf("%s, %s:\n%s\n%s", filepath.Base(file), schema, msg, b)
			}
		}
	}
	// Ant's report is not Surefire's: its timestamp is refused there.
	var b bytes.Buffer
	WriteJUnit(&b, &Gradebook{Students: []Student{{ID: "a"}}}, testManifest)
	one := strings.Replace(strings.Replace(b.String(), "<testsuites>", "", 1), "</testsuites>", "", 1)
	bad := filepath.Join(dir, "bad.xml")
	os.WriteFile(bad, []byte(one), 0o644)
	if xmllint(t, "surefire-test-report-3.0.xsd", bad) == "" {
		t.Error("Surefire's schema accepted Ant's testsuite")
	}
}

// jsonSchema compiles a vendored JSON schema.
func jsonSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("testdata", "schema", name))
	if err != nil {
		t.Fatal(err)
	}
	s, err := jsonschema.NewCompiler().Compile(abs)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validJSON reports why the document b breaks the schema, "" if it does not.
func validJSON(t *testing.T, s *jsonschema.Schema, b []byte) string {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err.Error()
	}
	if err := s.Validate(doc); err != nil {
		return err.Error()
	}
	return ""
}

func TestGradescopeSchema(t *testing.T) {
	s := jsonSchema(t, "gradescope-results.schema.json")
	for _, gb := range []*Gradebook{sampleGradebook(), lateGradebook()} {
		for _, st := range gb.Students {
			one := *gb
			one.Students = []Student{st}
			var b bytes.Buffer
			if err := WriteGradescope(&b, &one, testManifest); err != nil {
				t.Fatal(err)
			}
			if msg := validJSON(t, s, b.Bytes()); msg != "" {
				t.Errorf("%s: %s\n%s", st.ID, msg, b.String())
			}
			out := b.String()
			if st.ID == "bob" && (!strings.Contains(out, `"visibility": "after_due_date"`) || strings.Contains(out, "want 7 lines")) {
				t.Errorf("bob's hidden scenario is not hidden until the due date, or says what it checks:\n%s", out)
			}
		}
	}
	if msg := validJSON(t, s, []byte(`{"score": 3, "max_score": 6, "tests": []}`)); msg == "" {
		t.Error("the schema accepted a top-level max_score, which Gradescope's specification does not define")
	}
}

func TestExercismSchema(t *testing.T) {
	s := jsonSchema(t, "exercism-results-v3.schema.json")
	dir := t.TempDir()
	code := func(name string) string { return "exec " + name }
	if err := WriteExercism(dir, lateGradebook(), testManifest, code); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "results.json"))
	if len(files) != 8 {
		t.Fatalf("got %d results.json, want one per student and exercise (8): %v", len(files), files)
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if msg := validJSON(t, s, b); msg != "" {
			t.Errorf("%s: %s\n%s", f, msg, b)
		}
	}
	bob, _ := os.ReadFile(filepath.Join(dir, "bob", "q6", "results.json"))
	golden(t, "exercism-bob-q6.json", bob)
	carol, _ := os.ReadFile(filepath.Join(dir, "carol", "q3", "results.json"))
	if !strings.Contains(string(carol), `"status": "error"`) || !strings.Contains(string(carol), "did not compile") {
		t.Errorf("carol's q3 does not build, and results.json says:\n%s", carol)
	}
	if msg := validJSON(t, s, []byte(`{"version": 3, "status": "error", "tests": []}`)); msg == "" {
		t.Error("the schema accepted an error without a message")
	}
}

// TestLMSColumns checks the Canvas and Moodle CSVs against the columns
// their gradebook imports document: Canvas's export (and import) begins
// Student, ID, SIS User ID, SIS Login ID, Section, then a column per
// assignment, with a Points Possible row; Moodle's CSV import maps one
// column to a user field (here the username) and the others to grade
// items and their feedback.
func TestLMSColumns(t *testing.T) {
	read := func(format string) [][]string {
		var b bytes.Buffer
		if err := Write(&b, lateGradebook(), format, testManifest); err != nil {
			t.Fatal(err)
		}
		golden(t, "gradebook."+format+".csv", b.Bytes())
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		return rows
	}
	canvas := read("canvas")
	if want := []string{"Student", "ID", "SIS User ID", "SIS Login ID", "Section", "procbook"}; !slices.Equal(canvas[0], want) {
		t.Errorf("canvas header %q, want %q", canvas[0], want)
	}
	if strings.TrimSpace(canvas[1][0]) != "Points Possible" || canvas[1][5] != "7" {
		t.Errorf("canvas second row %q, want the points possible", canvas[1])
	}
	if len(canvas) != 2+4 {
		t.Errorf("canvas: %d rows, want a header, points possible and 4 students", len(canvas))
	}
	moodle := read("moodle")
	if want := []string{"Username", "procbook", "Feedback for procbook"}; !slices.Equal(moodle[0], want) {
		t.Errorf("moodle header %q, want %q", moodle[0], want)
	}
	for _, row := range moodle[1:] {
		if row[0] == "bob" && (row[1] != "2" || !strings.Contains(row[2], "20% off")) {
			t.Errorf("bob's row %q: want the late score and the penalty said", row)
		}
	}
}
