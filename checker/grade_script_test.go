package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/procbook/procbook/checker/internal/grade"
	"github.com/procbook/procbook/checker/internal/grade/gradetest"
	"github.com/rogpeppe/go-internal/testscript"
)

// The grading scripts' own commands, which build a class of submissions
// (archives included, hostile ones too) inside the script, so that no
// binary fixture is kept in git, and read the gradebook back.
func init() {
	scriptCmds["gradecopy"] = cmdGradeCopy
	scriptCmds["gradepack"] = cmdGradePack
	scriptCmds["gradeslip"] = cmdGradeSlip
	scriptCmds["gradebook"] = cmdGradebook
	scriptCmds["gradesize"] = cmdGradeSize
}

// gradesize FILE MAX: FILE holds at most MAX bytes.
func cmdGradeSize(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gradesize FILE MAX")
	}
	max, err := strconv.ParseInt(args[1], 10, 64)
	ts.Check(err)
	fi, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	if fi.Size() > max {
		ts.Fatalf("%s: %d bytes, want at most %d", args[0], fi.Size(), max)
	}
}

// gradecopy SRC DST: copies the folder SRC to DST, as a student's copy.
func cmdGradeCopy(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gradecopy SRC DST")
	}
	ts.Check(copyTree(ts.MkAbs(args[0]), ts.MkAbs(args[1])))
}

// gradepack zip|tgz DIR ARCHIVE [PREFIX]: packs the folder DIR into
// ARCHIVE, its entries under PREFIX (as GitHub's downloads wrap them in
// "repo-main/").
func cmdGradePack(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 || len(args) > 4 {
		ts.Fatalf("usage: gradepack zip|tgz DIR ARCHIVE [PREFIX]")
	}
	prefix := ""
	if len(args) == 4 {
		prefix = args[3]
	}
	entries, err := gradetest.FromDir(ts.MkAbs(args[1]), prefix)
	ts.Check(err)
	ts.Check(writeArchive(ts, args[0], ts.MkAbs(args[2]), entries))
}

// gradeslip zip|tgz ARCHIVE: writes a zip-slip archive: a right-looking
// exercise, and an entry that climbs out of the folder it is unpacked in.
func cmdGradeSlip(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gradeslip zip|tgz ARCHIVE")
	}
	entries := []gradetest.Entry{
		{Name: "exercises/q6/main.go", Body: "package main\n\nfunc main() {}\n"},
		{Name: "../../../../../../../../tmp/procbook-slipped.txt", Body: "zip-slip"},
	}
	ts.Check(writeArchive(ts, args[0], ts.MkAbs(args[1]), entries))
}

func writeArchive(ts *testscript.TestScript, kind, path string, entries []gradetest.Entry) error {
	switch kind {
	case "zip":
		return gradetest.WriteZip(path, entries)
	case "tgz":
		return gradetest.WriteTarGz(path, entries)
	}
	ts.Fatalf("archive kind %q: want zip or tgz", kind)
	return nil
}

// gradebook FILE ID EXERCISE STATUS SCORE: in the JSON gradebook FILE, the
// student ID has that status and score on EXERCISE.
// gradebook FILE ID error TEXT: the student ID could not be graded, for a
// reason that says TEXT.
// gradebook FILE ID total SCORE MAX: the student's total.
func cmdGradebook(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 4 {
		ts.Fatalf("usage: gradebook FILE ID (EXERCISE STATUS SCORE | error TEXT | total SCORE MAX)")
	}
	f, err := os.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	gb, err := grade.ReadJSON(f)
	f.Close()
	ts.Check(err)
	var st *grade.Student
	for i := range gb.Students {
		if gb.Students[i].ID == args[1] {
			st = &gb.Students[i]
		}
	}
	if st == nil {
		ts.Fatalf("%s: no student %s", args[0], args[1])
	}
	switch args[2] {
	case "error":
		if !strings.Contains(st.Error, strings.Join(args[3:], " ")) {
			ts.Fatalf("%s: error %q, want it to say %q", args[1], st.Error, strings.Join(args[3:], " "))
		}
		return
	case "total":
		if len(args) != 5 || strconv.Itoa(st.Score) != args[3] || strconv.Itoa(st.MaxScore) != args[4] {
			var lost []string // what cost the points, so that a failure says which scenario
			for _, e := range st.Exercises {
				for _, sc := range e.Scenarios {
					if sc.Score < sc.MaxScore {
						lost = append(lost, fmt.Sprintf("%s %s: %s", sc.Name, sc.Status, sc.Message))
					}
				}
			}
			ts.Fatalf("%s: total %d/%d, want %s; lost: %s", args[1], st.Score, st.MaxScore, strings.Join(args[3:], "/"), strings.Join(lost, "; "))
		}
		return
	}
	if len(args) != 5 {
		ts.Fatalf("usage: gradebook FILE ID EXERCISE STATUS SCORE")
	}
	for _, e := range st.Exercises {
		if e.Name != args[2] {
			continue
		}
		if string(e.Status) != args[3] || strconv.Itoa(e.Score) != args[4] {
			ts.Fatalf("%s %s: %s with %d points, want %s with %s (%s)", args[1], e.Name, e.Status, e.Score, args[3], args[4], e.Message)
		}
		return
	}
	ts.Fatalf("%s: no exercise %s", args[1], args[2])
}
