package grade

import (
	"fmt"
	"io"
	"slices"

	"github.com/procbook/procbook/internal/workbook"
)

// Formats are the gradebook formats Write knows, the first the default.
var Formats = []string{"json", "csv", "junit", "gradescope"}

// Write writes the gradebook to w in the named format (one of Formats).
// exercises, the manifest, gives the CSV its columns and the other formats
// their scenarios' descriptions.
func Write(w io.Writer, gb *Gradebook, format string, exercises []workbook.Exercise) error {
	switch format {
	case "json":
		return WriteJSON(w, gb)
	case "csv":
		return WriteCSV(w, gb, exercises)
	case "junit":
		return WriteJUnit(w, gb, exercises)
	case "gradescope":
		return WriteGradescope(w, gb, exercises)
	}
	return fmt.Errorf("%w format %q: want one of %v", ErrUnsupported, format, Formats)
}

// ValidFormat reports whether Write knows the format.
func ValidFormat(format string) bool { return slices.Contains(Formats, format) }

// about returns what the manifest says a scenario checks, or "".
func about(exercises []workbook.Exercise, exercise, scenario string) string {
	for _, ex := range exercises {
		if ex.Name != exercise {
			continue
		}
		for _, sc := range ex.Scenarios {
			if sc.Name == scenario {
				return sc.About
			}
		}
	}
	return ""
}

// findExercise returns the student's grade on the named exercise.
func (s *Student) findExercise(name string) (*Exercise, bool) {
	for i := range s.Exercises {
		if s.Exercises[i].Name == name {
			return &s.Exercises[i], true
		}
	}
	return nil, false
}
