package grade

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/procbook/procbook/internal/workbook"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// testManifest is a small workbook of two exercises, for the tests.
var testManifest = []workbook.Exercise{
	{
		Name: "q3", Title: "Create a process",
		Scenarios: []workbook.Scenario{
			{Name: "q3_square", Points: 3, About: "10 processes square a shared array in place"},
			{Name: "q3_trace", Points: 1, About: "one process per element, seen in the trace"},
		},
		Hints: []string{"Start all ten before you join any.", "Pass the array inside the argument."},
	},
	{
		Name: "q6", Title: "Four processes",
		Scenarios: []workbook.Scenario{
			{Name: "q6_numbers", Points: 2, About: "the four lines, in any order, then Done!"},
		},
	},
}

// sampleGradebook has one student of each kind: all right, wrong in
// several ways, and a submission that could not be graded.
func sampleGradebook() *Gradebook {
	alice := Student{ID: "alice", Exercises: []Exercise{
		{Name: "q3", Status: Pass, Score: 4, MaxScore: 4, Scenarios: []Scenario{
			{Name: "q3_square", Status: Pass, Score: 3, MaxScore: 3, Duration: 1250 * time.Millisecond},
			{Name: "q3_trace", Status: Pass, Score: 1, MaxScore: 1, Duration: 800 * time.Millisecond},
		}},
		{Name: "q6", Status: Pass, Score: 2, MaxScore: 2, Scenarios: []Scenario{
			{Name: "q6_numbers", Status: Pass, Score: 2, MaxScore: 2, Duration: 300 * time.Millisecond},
		}},
	}}
	bob := Student{ID: "bob", Exercises: []Exercise{
		{Name: "q3", Status: Fail, Score: 3, MaxScore: 4, Scenarios: []Scenario{
			{Name: "q3_square", Status: Pass, Score: 3, MaxScore: 3},
			{Name: "q3_trace", Status: Fail, MaxScore: 1,
				Message:  "the trace shows 0 processes started, want 10",
				Expected: "10 starts\n", Actual: "0 starts\n"},
		}},
		{Name: "q6", Status: Timeout, MaxScore: 3, Scenarios: []Scenario{
			{Name: "q6_numbers", Status: Timeout, MaxScore: 2, Message: "no Done! line", Reason: "timed out after 5s",
				Expected: "Square: 100\nDone!\n", Actual: "Square: 100\n```\n", Duration: 5 * time.Second},
			{Name: "q6_secret", Status: Fail, MaxScore: 1, Hidden: true, Message: "the secret check: want 7 lines",
				Expected: "secret\n", Actual: "public\n", Duration: 100 * time.Millisecond},
		}},
	}}
	carol := Student{ID: "carol", Exercises: []Exercise{
		{Name: "q3", Status: Error, MaxScore: 4,
			Message:     "does not build: exercises/q3/main.go:7:2: undefined: squre",
			BuildOutput: "# q3\nexercises/q3/main.go:7:2: undefined: squre\n",
			Scenarios: []Scenario{
				{Name: "q3_square", Status: Error, MaxScore: 3},
				{Name: "q3_trace", Status: Error, MaxScore: 1},
			}},
		erroredExercise(testManifest[1], Error, "the submission has no exercises/q6 folder"),
	}}
	dan := erroredStudent("dan", testManifest, &EntryError{Submission: "dan.zip", Entry: "../../evil.go", Err: ErrPathOut})
	gb := &Gradebook{GradedAt: "2026-11-24T20:00:00Z", Workbook: "0123456789abcdef", Students: []Student{dan, carol, bob, alice}}
	for i := range gb.Students {
		gb.Students[i].total()
	}
	sortStudents(gb.Students)
	return gb
}

// golden compares got with the golden file name, or rewrites it under
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

func TestFormats(t *testing.T) {
	for _, f := range []struct{ format, file string }{
		{"json", "gradebook.json"},
		{"csv", "gradebook.csv"},
		{"junit", "gradebook.junit.xml"},
	} {
		t.Run(f.format, func(t *testing.T) {
			var b bytes.Buffer
			if err := Write(&b, sampleGradebook(), f.format, testManifest); err != nil {
				t.Fatal(err)
			}
			golden(t, f.file, b.Bytes())
		})
	}
}

func TestGradescope(t *testing.T) {
	for _, id := range []string{"bob", "dan"} {
		gb := sampleGradebook()
		for _, s := range gb.Students {
			if s.ID == id {
				gb.Students = []Student{s}
			}
		}
		var b bytes.Buffer
		if err := Write(&b, gb, "gradescope", testManifest); err != nil {
			t.Fatal(err)
		}
		golden(t, "gradescope-"+id+".json", b.Bytes())
	}
	err := Write(&bytes.Buffer{}, sampleGradebook(), "gradescope", testManifest)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "4 students") {
		t.Errorf("gradescope with 4 students: got %v, want a clear error", err)
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, sampleGradebook(), "xlsx", testManifest)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), `"xlsx"`) {
		t.Errorf("got %v", err)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	var b bytes.Buffer
	gb := sampleGradebook()
	if err := WriteJSON(&b, gb); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	// The feedback's details stay out of the gradebook.
	opt := cmp.FilterPath(func(p cmp.Path) bool {
		switch p.Last().String() {
		case ".Expected", ".Actual", ".BuildOutput", ".Duration":
			return true
		}
		return false
	}, cmp.Ignore())
	if diff := cmp.Diff(gb, back, opt); diff != "" {
		t.Errorf("round trip (-wrote +read):\n%s", diff)
	}
	for _, bad := range []string{``, `{}`, `{"students":[{"score":1}]}`, `[1,2]`} {
		if _, err := ReadJSON(strings.NewReader(bad)); err == nil || !strings.HasPrefix(err.Error(), "grade: not a gradebook") {
			t.Errorf("ReadJSON(%q): got %v", bad, err)
		}
	}
}

func TestFeedback(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFeedback(dir, sampleGradebook(), testManifest, -1); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"alice", "bob", "carol", "dan"} {
		b, err := os.ReadFile(filepath.Join(dir, id+".md"))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "feedback-"+id+".md", b)
	}
	// With one hint only, the second is kept back.
	var b bytes.Buffer
	Feedback(&b, sampleGradebook().Students[1], testManifest, 1)
	if !strings.Contains(b.String(), "1. Start all ten") || strings.Contains(b.String(), "2. Pass the array") {
		t.Errorf("feedback with one hint:\n%s", b.String())
	}
	gb := &Gradebook{Students: []Student{{ID: "../escape"}}}
	if err := WriteFeedback(dir, gb, testManifest, -1); err == nil {
		t.Error("WriteFeedback wrote a file for the id ../escape")
	}
}

// TestCSVFormulas writes ids a spreadsheet would run as formulas: each is
// quoted and escaped with an apostrophe, and an ordinary id is left as it
// is, so that it matches the LMS's.
func TestCSVFormulas(t *testing.T) {
	gb := &Gradebook{}
	for _, id := range []string{"alice", "=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rx", "o'neil, jr"} {
		gb.Students = append(gb.Students, Student{ID: id, Exercises: []Exercise{{Name: "q3", Status: Pass, Score: 1, MaxScore: 1}}, Score: 1, MaxScore: 1})
	}
	var b strings.Builder
	if err := WriteCSV(&b, gb, testManifest[:1]); err != nil {
		t.Fatal(err)
	}
	want := "id,q3,total,max_score,errors\n" +
		"alice,1,1,1,\n" +
		"\"'=HYPERLINK(\"\"http://x\"\")\",1,1,1,\n" +
		"\"'+1\",1,1,1,\n" +
		"\"'-2+3\",1,1,1,\n" +
		"\"'@SUM(A1)\",1,1,1,\n" +
		"\"'\tcmd\",1,1,1,\n" +
		"\"'\rx\",1,1,1,\n" +
		"\"o'neil, jr\",1,1,1,\n"
	if b.String() != want {
		t.Errorf("got:\n%q\nwant:\n%q", b.String(), want)
	}
}
