package grade

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/procbook/procbook/internal/workbook"
	"github.com/rogpeppe/go-internal/txtar"
)

func TestHidden(t *testing.T) {
	manifest := []workbook.Exercise{
		{Name: "q1", Scenarios: []workbook.Scenario{{Name: "q1_quiz", Points: 4}, {Name: "q1_count", Points: 2}}},
		{Name: "q6", Scenarios: []workbook.Scenario{{Name: "q6_sheet", Points: 3}}},
	}
	hidden := t.TempDir()
	writeFiles(t, hidden, map[string]string{
		"q6_extra.txtar":      "# points: 3\nexec q6\n",
		"q6_another.txtar":    "exec q6 other\n",
		"q1_count.txtar":      "# a stricter count\nexec q1 7\n",
		"q1_quiz.answers.txt": "1: a\n",
	})
	h, err := LoadHidden(hidden, manifest)
	if err != nil {
		t.Fatal(err)
	}
	exs := h.Exercises(manifest)
	if got := exs[1].Scenarios; len(got) != 3 || got[1] != (workbook.Scenario{Name: "q6_another", Points: 1}) || got[2] != (workbook.Scenario{Name: "q6_extra", Points: 3}) {
		t.Errorf("q6's scenarios with the hidden ones: %+v", got)
	}
	if len(exs[0].Scenarios) != 2 || len(manifest[1].Scenarios) != 1 {
		t.Errorf("a replaced scenario is added again, or the manifest was changed: %+v, %+v", exs[0].Scenarios, manifest[1].Scenarios)
	}

	// Installed into a copy of the workbook: added, replaced, and the
	// quiz's key replaced inside its scenario.
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"testdata/q1_quiz.txtar":  "quiz $SRC/quiz.md answers.txt\n\n-- answers.txt --\n1: c\n",
		"testdata/q1_count.txtar": "exec q1\n",
	})
	if err := h.install(root); err != nil {
		t.Fatal(err)
	}
	quiz, _ := os.ReadFile(filepath.Join(root, "testdata", "q1_quiz.txtar"))
	ar := txtar.Parse(quiz)
	if len(ar.Files) != 1 || string(ar.Files[0].Data) != "1: a\n" || !strings.Contains(string(ar.Comment), "quiz $SRC") {
		t.Errorf("the quiz after its key was replaced:\n%s", quiz)
	}
	for name, want := range map[string]string{"q1_count": "exec q1 7", "q6_extra": "exec q6\n"} {
		b, _ := os.ReadFile(filepath.Join(root, "testdata", name+".txtar"))
		if !strings.Contains(string(b), want) {
			t.Errorf("%s after install:\n%s", name, b)
		}
	}

	gb := &Gradebook{Students: []Student{{ID: "a", Exercises: []Exercise{
		{Name: "q1", Scenarios: []Scenario{{Name: "q1_quiz"}, {Name: "q1_count"}}},
		{Name: "q6", Scenarios: []Scenario{{Name: "q6_sheet"}, {Name: "q6_extra"}}},
	}}}}
	h.mark(gb)
	var marked []string
	for _, e := range gb.Students[0].Exercises {
		for _, sc := range e.Scenarios {
			if sc.Hidden {
				marked = append(marked, sc.Name)
			}
		}
	}
	if strings.Join(marked, " ") != "q1_quiz q1_count q6_extra" {
		t.Errorf("marked hidden: %v", marked)
	}
	(*Hidden)(nil).mark(gb) // no hidden tests: nothing to do, no panic
}

func TestHiddenRefused(t *testing.T) {
	manifest := []workbook.Exercise{{Name: "q1", Scenarios: []workbook.Scenario{{Name: "q1_quiz", Points: 4}}}}
	for files, want := range map[string]string{
		"notes.md":             "neither a scenario",
		"q9_extra.txtar":       "there is no exercise q9",
		"extra.txtar":          "the name must be qN_name",
		"q1_other.answers.txt": "no scenario q1_other",
		"q1-bad name.txtar":    "the name must be qN_name",
		"sub/q1_extra.txtar":   "is not a file",
	} {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{files: "x\n"})
		if _, err := LoadHidden(dir, manifest); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error saying %q", files, err, want)
		}
	}
	if _, err := LoadHidden(t.TempDir(), manifest); err == nil || !strings.Contains(err.Error(), "holds no") {
		t.Errorf("an empty folder: got %v", err)
	}
	// A key for a scenario that is no quiz is refused when installed.
	dir, root := t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{"q1_quiz.answers.txt": "1: a\n"})
	writeFiles(t, root, map[string]string{"testdata/q1_quiz.txtar": "exec q1\n"})
	h, err := LoadHidden(dir, manifest)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.install(root); err == nil || !strings.Contains(err.Error(), "not a quiz") {
		t.Errorf("a key for a scenario with no answers.txt: got %v", err)
	}
}
