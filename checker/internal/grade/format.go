package grade

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/procbook/procbook/internal/workbook"
)

// Formats are the gradebook formats Write and WriteDir know, the first the
// default.
var Formats = []string{"json", "csv", "junit", "surefire", "gradescope", "exercism", "canvas", "moodle", "html"}

// DirFormats are the formats written as a folder of files, a file per
// student or per student and exercise, by WriteDir: --out names the
// folder.
var DirFormats = []string{"surefire", "exercism"}

// Write writes the gradebook to w in the named format (one of Formats but
// not of DirFormats). exercises, the manifest, gives the CSV its columns
// and the other formats their scenarios' descriptions.
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
	case "canvas":
		return WriteCanvas(w, gb, CanvasAssignment)
	case "moodle":
		return WriteMoodle(w, gb, MoodleGradeItem)
	case "html":
		return WriteHTML(w, gb, exercises, -1)
	}
	if IsDirFormat(format) {
		return fmt.Errorf("%w: format %q is a folder of files: write it with WriteDir", ErrUnsupported, format)
	}
	return fmt.Errorf("%w format %q: want one of %v", ErrUnsupported, format, Formats)
}

// WriteDir writes the gradebook into the folder dir in the named format,
// one of DirFormats. testCode returns the text of a scenario, for the
// formats that quote it (Exercism's test_code); it may be nil.
func WriteDir(dir string, gb *Gradebook, format string, exercises []workbook.Exercise, testCode func(scenario string) string) error {
	switch format {
	case "surefire":
		return WriteSurefire(dir, gb, exercises)
	case "exercism":
		return WriteExercism(dir, gb, exercises, testCode)
	}
	return fmt.Errorf("%w format %q: WriteDir writes %v", ErrUnsupported, format, DirFormats)
}

// ValidFormat reports whether Write or WriteDir knows the format.
func ValidFormat(format string) bool { return slices.Contains(Formats, format) }

// IsDirFormat reports whether the format is a folder of files.
func IsDirFormat(format string) bool { return slices.Contains(DirFormats, format) }

// studentFile is the file name prefix+id+suffix for a student, or an error
// when the id cannot name a file: a gradebook read back from JSON may say
// anything.
func studentFile(id, prefix, suffix string) (string, error) {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, "/\\\x00") {
		return "", fmt.Errorf("grade: student id %q cannot name a file", id)
	}
	return prefix + id + suffix, nil
}

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
