package grade

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/procbook/procbook/internal/workbook"
)

// WriteCSV writes the gradebook as CSV, ready for a spreadsheet or an LMS
// import: a header, then a row per student with the id, a column per
// exercise (its score), the total, and the most it could have been.
//
//	id,q1,q2,q3,q4,q5,q6,total,max_score
//	alice,4,3,5,4,6,4,26,30
func WriteCSV(w io.Writer, gb *Gradebook, exercises []workbook.Exercise) error {
	cw := csv.NewWriter(w)
	header := []string{"id"}
	for _, ex := range exercises {
		header = append(header, ex.Name)
	}
	header = append(header, "total", "max_score")
	cw.Write(header)
	for _, s := range gb.Students {
		row := []string{spreadsheetSafe(s.ID)}
		for _, ex := range exercises {
			cell := ""
			if e, ok := s.findExercise(ex.Name); ok {
				cell = strconv.Itoa(e.Score)
			}
			row = append(row, cell)
		}
		row = append(row, strconv.Itoa(s.Score), strconv.Itoa(s.MaxScore))
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// spreadsheetSafe keeps a cell from being read as a formula by a
// spreadsheet (an id such as "=HYPERLINK(…)" taken from a file name): it
// quotes a leading =, + or @ with an apostrophe, as spreadsheets do.
func spreadsheetSafe(cell string) string {
	if strings.HasPrefix(cell, "=") || strings.HasPrefix(cell, "+") || strings.HasPrefix(cell, "@") {
		return "'" + cell
	}
	return cell
}
