package grade

import (
	"encoding/csv"
	"io"
	"strconv"
)

// CanvasAssignment is the name of the assignment column of the Canvas
// CSV: Canvas makes an assignment of that name on import if the course
// has none.
const CanvasAssignment = "procbook"

// canvasHeader are the columns that Canvas's gradebook export has and its
// import reads before the assignments: the student's name, Canvas's own
// id, the SIS user id, the SIS login id and the section.
var canvasHeader = []string{"Student", "ID", "SIS User ID", "SIS Login ID", "Section"}

// WriteCanvas writes the gradebook as a CSV that Canvas's gradebook
// imports (Grades, Import): its identity columns, then one assignment
// column, the total after any late penalty; a "Points Possible" row
// first, as Canvas's own export has, gives the assignment's points. A
// student's id goes in the Student and SIS Login ID columns, by which
// Canvas matches rows to students; ID and SIS User ID stay empty.
func WriteCanvas(w io.Writer, gb *Gradebook, assignment string) error {
	cw := csv.NewWriter(w)
	cw.Write(append(append([]string{}, canvasHeader...), spreadsheetSafe(assignment)))
	cw.Write([]string{"    Points Possible", "", "", "", "", strconv.Itoa(classMax(gb))})
	for _, s := range gb.Students {
		id := spreadsheetSafe(s.ID)
		cw.Write([]string{id, "", "", id, "", strconv.Itoa(s.Score)})
	}
	cw.Flush()
	return cw.Error()
}

// classMax is the most any student of the gradebook could score.
func classMax(gb *Gradebook) int {
	n := 0
	for _, s := range gb.Students {
		n = max(n, s.MaxScore)
	}
	return n
}
