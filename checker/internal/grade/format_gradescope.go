package grade

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/procbook/procbook/internal/workbook"
)

// gradescopeResults is Gradescope's results.json for one submission, with
// only the keys its autograder specification defines
// (https://gradescope-autograders.readthedocs.io/en/latest/specs/): the
// total is the score alone, as the specification has no top-level
// max_score; the tests carry their own.
type gradescopeResults struct {
	Score            float64          `json:"score"`
	ExecutionTime    int              `json:"execution_time"` // whole seconds
	Output           string           `json:"output,omitempty"`
	OutputFormat     string           `json:"output_format"`
	TestOutputFormat string           `json:"test_output_format"`
	TestNameFormat   string           `json:"test_name_format"`
	Tests            []gradescopeTest `json:"tests"`
}

// gradescopeTest is one scenario (or an exercise without scenarios).
type gradescopeTest struct {
	Name         string   `json:"name"`
	Number       string   `json:"number"`
	Score        int      `json:"score"`
	MaxScore     int      `json:"max_score"`
	Status       string   `json:"status"` // "passed" or "failed", Gradescope's words
	Output       string   `json:"output,omitempty"`
	OutputFormat string   `json:"output_format"`
	Tags         []string `json:"tags"`
	Visibility   string   `json:"visibility"`
}

// Gradescope's visibility settings that the gradebook uses: a test the
// student may read at once, and a hidden scenario, shown once the
// assignment is past its due date.
const (
	gradescopeVisible      = "visible"
	gradescopeAfterDueDate = "after_due_date"
)

// hiddenOutput is what a hidden scenario's output says instead of what it
// checks and why it failed.
const hiddenOutput = "a hidden scenario: what it checks is not shown"

// WriteGradescope writes the gradebook as Gradescope's results.json. That
// file is about one submission, as Gradescope's autograder grades them one
// at a time, so the gradebook must hold exactly one student; a test per
// scenario, named "exercise/scenario" and numbered "exercise.N", tagged
// with its exercise. Hidden scenarios are visible after the due date only,
// and say nothing of what they check. A late penalty lowers the score and
// is said in the output.
func WriteGradescope(w io.Writer, gb *Gradebook, exercises []workbook.Exercise) error {
	if len(gb.Students) != 1 {
		return fmt.Errorf("%w: Gradescope's results.json is about one submission, and the gradebook has %d students", ErrUnsupported, len(gb.Students))
	}
	s := gb.Students[0]
	res := gradescopeResults{
		Score:            float64(s.Score),
		ExecutionTime:    int(math.Ceil(gb.Elapsed.Seconds())),
		OutputFormat:     "text",
		TestOutputFormat: "text",
		TestNameFormat:   "text",
		Tests:            []gradescopeTest{},
	}
	var out []string
	if s.Error != "" {
		out = append(out, "The submission could not be graded: "+s.Error)
	}
	if s.Late != nil {
		out = append(out, s.Late.Summary())
	}
	res.Output = strings.Join(out, "\n")
	for i, e := range s.Exercises {
		if len(e.Scenarios) == 0 {
			res.Tests = append(res.Tests, gradescopeTest{
				Name: e.Name, Number: fmt.Sprint(i + 1), Score: e.Score, MaxScore: e.MaxScore,
				Status: gradescopeStatus(e.Status), Output: e.Message, OutputFormat: "text",
				Tags: []string{e.Name}, Visibility: gradescopeVisible,
			})
			continue
		}
		for j, sc := range e.Scenarios {
			t := gradescopeTest{
				Name: e.Name + "/" + sc.Name, Number: fmt.Sprintf("%d.%d", i+1, j+1),
				Score: sc.Score, MaxScore: sc.MaxScore, Status: gradescopeStatus(sc.Status),
				OutputFormat: "text", Tags: []string{e.Name}, Visibility: gradescopeVisible,
			}
			switch {
			case sc.Hidden:
				t.Visibility = gradescopeAfterDueDate
				t.Output = hiddenOutput
			case sc.Status != Pass:
				t.Output = describe(sc, about(exercises, e.Name, sc.Name))
				if sc.Message == "" && e.Message != "" {
					t.Output = strings.TrimSpace(t.Output + "\n" + e.Message)
				}
			}
			res.Tests = append(res.Tests, t)
		}
	}
	b, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return fmt.Errorf("grade: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// gradescopeStatus says a verdict in Gradescope's two words.
func gradescopeStatus(s Status) string {
	if s == Pass {
		return "passed"
	}
	return "failed"
}
