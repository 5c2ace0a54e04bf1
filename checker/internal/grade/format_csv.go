package grade

import (
	"io"
	"strconv"
	"strings"

	"github.com/procbook/procbook/internal/workbook"
)

// WriteCSV writes the gradebook as CSV, ready for a spreadsheet or an LMS
// import: a header, then a row per student with the id, a column per
// exercise (its score), the total, the most it could have been, and the
// errors: the exercises that could not be judged (status error: the
// program did not build, was refused, or the checker failed), and why a
// submission could not be graded at all, so that an error is not taken
// for a zero.
//
//	id,q1,q2,q3,q4,q5,q6,total,max_score,errors
//	alice,4,3,5,4,6,4,26,30,
//	dan,0,3,0,0,0,0,3,30,q1 q3 q4 q5 q6
//
// A cell that a spreadsheet would read as a formula (one that begins with
// =, +, -, @, a tab or a carriage return: OWASP's list) is written quoted,
// with an apostrophe before it, as spreadsheets themselves escape one.
// Every other cell is written as it is, so that ids match the LMS's.
func WriteCSV(w io.Writer, gb *Gradebook, exercises []workbook.Exercise) error {
	var b strings.Builder
	header := []string{"id"}
	for _, ex := range exercises {
		header = append(header, ex.Name)
	}
	header = append(header, "total", "max_score", "errors")
	writeCSVRow(&b, header)
	for _, s := range gb.Students {
		row := []string{s.ID}
		var errored []string
		for _, ex := range exercises {
			cell := ""
			if e, ok := s.findExercise(ex.Name); ok {
				cell = strconv.Itoa(e.Score)
				if e.Status == Error {
					errored = append(errored, ex.Name)
				}
			}
			row = append(row, cell)
		}
		errs := strings.Join(errored, " ")
		if s.Error != "" {
			errs = strings.ReplaceAll(s.Error, "grade: ", "")
		}
		row = append(row, strconv.Itoa(s.Score), strconv.Itoa(s.MaxScore), errs)
		writeCSVRow(&b, row)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCSVRow writes one record, as RFC 4180 says, with formulas made
// harmless.
func writeCSVRow(b *strings.Builder, fields []string) {
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		switch {
		case isFormula(f):
			b.WriteString(`"'` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		case f == "" || !strings.ContainsAny(f, ",\"\r\n") && f[0] != ' ':
			b.WriteString(f)
		default:
			b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		}
	}
	b.WriteByte('\n')
}

// isFormula reports whether a spreadsheet would take the cell for a
// formula.
func isFormula(cell string) bool {
	return cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0]))
}

// spreadsheetSafe returns cell with an apostrophe before it when a
// spreadsheet would take it for a formula, for writers that quote through
// encoding/csv: the same rule as writeCSVRow's.
func spreadsheetSafe(cell string) string {
	if isFormula(cell) {
		return "'" + cell
	}
	return cell
}
