package grade

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MoodleGradeItem is the name of the grade column of the Moodle CSV: on
// import Moodle maps it to a grade item of the course, or makes a new one.
const MoodleGradeItem = "procbook"

// WriteMoodle writes the gradebook as a CSV that Moodle's grade import
// (Grades, Import, CSV file) reads: a Username column to map to the
// user's username, the grade column named item, and a feedback column to
// map to that item's feedback: each exercise's score, and the late
// penalty if any.
func WriteMoodle(w io.Writer, gb *Gradebook, item string) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"Username", spreadsheetSafe(item), spreadsheetSafe("Feedback for " + item)})
	for _, s := range gb.Students {
		cw.Write([]string{spreadsheetSafe(s.ID), strconv.Itoa(s.Score), spreadsheetSafe(moodleFeedback(s))})
	}
	cw.Flush()
	return cw.Error()
}

// moodleFeedback is a student's grade in one line of words.
func moodleFeedback(s Student) string {
	var parts []string
	for _, e := range s.Exercises {
		parts = append(parts, fmt.Sprintf("%s %d/%d", e.Name, e.Score, e.MaxScore))
	}
	line := strings.Join(parts, ", ")
	if s.Error != "" {
		line = "not graded: " + s.Error
	}
	if s.Late != nil {
		line += ". " + s.Late.Summary()
	}
	return line
}
