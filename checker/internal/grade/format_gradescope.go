package grade

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/procbook/procbook/internal/workbook"
)

// gradescopeResults is Gradescope's results.json for one submission.
type gradescopeResults struct {
	Score    int              `json:"score"`
	MaxScore int              `json:"max_score"`
	Output   string           `json:"output,omitempty"`
	Tests    []gradescopeTest `json:"tests"`
}

// gradescopeTest is one scenario (or an exercise without scenarios).
type gradescopeTest struct {
	Name     string `json:"name"`
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"`
	Status   string `json:"status"` // "passed" or "failed", Gradescope's words
	Output   string `json:"output,omitempty"`
}

// WriteGradescope writes the gradebook as Gradescope's results.json. That
// file is about one submission, as Gradescope's autograder grades them one
// at a time, so the gradebook must hold exactly one student; a test per
// scenario, named "exercise/scenario".
func WriteGradescope(w io.Writer, gb *Gradebook, exercises []workbook.Exercise) error {
	if len(gb.Students) != 1 {
		return fmt.Errorf("%w: Gradescope's results.json is about one submission, and the gradebook has %d students", ErrUnsupported, len(gb.Students))
	}
	s := gb.Students[0]
	res := gradescopeResults{Score: s.Score, MaxScore: s.MaxScore, Output: s.Error, Tests: []gradescopeTest{}}
	for _, e := range s.Exercises {
		if len(e.Scenarios) == 0 {
			res.Tests = append(res.Tests, gradescopeTest{
				Name: e.Name, Score: e.Score, MaxScore: e.MaxScore,
				Status: gradescopeStatus(e.Status), Output: e.Message,
			})
			continue
		}
		for _, sc := range e.Scenarios {
			out := ""
			if sc.Status != Pass {
				out = describe(sc, about(exercises, e.Name, sc.Name))
				if sc.Message == "" && e.Message != "" {
					out = strings.TrimSpace(out + "\n" + e.Message)
				}
			}
			res.Tests = append(res.Tests, gradescopeTest{
				Name: e.Name + "/" + sc.Name, Score: sc.Score, MaxScore: sc.MaxScore,
				Status: gradescopeStatus(sc.Status), Output: out,
			})
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
