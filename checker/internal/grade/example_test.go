package grade_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/procbook/procbook/checker/internal/grade"
	"github.com/procbook/procbook/internal/workbook"
)

func ExampleParseLatePolicy() {
	p, err := grade.ParseLatePolicy("10%/day,max=50%,grace=15m")
	if err != nil {
		panic(err)
	}
	for _, late := range []time.Duration{10 * time.Minute, 2 * time.Hour, 30 * time.Hour, 30 * 24 * time.Hour} {
		fmt.Printf("%v late: %g%% off\n", late, p.Penalty(late))
	}
	// Output:
	// 10m0s late: 0% off
	// 2h0m0s late: 10% off
	// 30h0m0s late: 20% off
	// 720h0m0s late: 50% off
}

func ExampleApplyLateness() {
	gb := &grade.Gradebook{Students: []grade.Student{
		{ID: "alice", Score: 54, MaxScore: 60},
		{ID: "bob", Score: 54, MaxScore: 60},
	}}
	deadline := time.Date(2026, 12, 1, 23, 59, 0, 0, time.UTC)
	p, _ := grade.ParseLatePolicy("10%/day")
	grade.ApplyLateness(gb, map[string]grade.SubmissionTime{
		"alice": {Time: deadline.Add(-time.Hour), From: grade.FromGit},
		"bob":   {Time: deadline.Add(33 * time.Hour), From: grade.FromArchive},
	}, deadline, p)
	for _, s := range gb.Students {
		fmt.Printf("%s: %d (%s)\n", s.ID, s.Score, s.Late.Summary())
	}
	// Output:
	// alice: 54 (Submitted 2026-12-01T22:59:00Z (from its git commit), on time.)
	// bob: 43 (Submitted 2026-12-03T08:59:00Z (from its archive), 1 day 9 hours late: 20% off, 54 points before the penalty.)
}

func ExampleWriteCanvas() {
	gb := &grade.Gradebook{Students: []grade.Student{{ID: "alice", Score: 54, MaxScore: 60}}}
	grade.WriteCanvas(os.Stdout, gb, grade.CanvasAssignment)
	// Output:
	// Student,ID,SIS User ID,SIS Login ID,Section,procbook
	// "    Points Possible",,,,,60
	// alice,,,alice,,54
}

func ExampleWriteMoodle() {
	gb := &grade.Gradebook{Students: []grade.Student{{ID: "alice", Score: 14, MaxScore: 20, Exercises: []grade.Exercise{
		{Name: "q1", Score: 10, MaxScore: 10}, {Name: "q2", Score: 4, MaxScore: 10},
	}}}}
	grade.WriteMoodle(os.Stdout, gb, grade.MoodleGradeItem)
	// Output:
	// Username,procbook,Feedback for procbook
	// alice,14,"q1 10/10, q2 4/10"
}

func ExampleGroupPairs() {
	pairs := []grade.SimilarPair{
		{Exercise: "q3", A: "alice", B: "bob", Kind: grade.Identical, Score: 1},
		{Exercise: "q3", A: "alice", B: "carol", Kind: grade.Identical, Score: 1},
		{Exercise: "q3", A: "bob", B: "carol", Kind: grade.Identical, Score: 1},
		{Exercise: "q3", A: "dan", B: "erin", Kind: grade.Similar, Score: 0.86},
	}
	groups, rest := grade.GroupPairs(pairs)
	for _, g := range groups {
		fmt.Println(g.Exercise, g.Kind, g.Students)
	}
	for _, p := range rest {
		fmt.Println(p.Exercise, p.Kind, p.A, p.B, p.Score)
	}
	// Output:
	// q3 identical [alice bob carol]
	// q3 similar dan erin 0.86
}

func ExampleWriteSimilarity() {
	grade.WriteSimilarity(os.Stdout, []grade.SimilarPair{{Exercise: "q3", A: "alice", B: "bob", Kind: grade.Renamed, Score: 1}})
	// Output:
	// exercise,student_a,student_b,kind,score
	// q3,alice,bob,renamed,1.00
}

func ExampleLoadHidden() {
	dir, _ := os.MkdirTemp("", "hidden")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "q6_once.txtar"), []byte("# points: 2\nrun q6\nstdout -count=1 '^Done!$'\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "q1_quiz.answers.txt"), []byte("1: a\n"), 0o644)
	h, err := grade.LoadHidden(dir, workbook.All)
	if err != nil {
		panic(err)
	}
	for _, ex := range h.Exercises(workbook.All) {
		if ex.Name == "q6" {
			last := ex.Scenarios[len(ex.Scenarios)-1]
			fmt.Printf("%s: %d scenarios, the last %s for %d points\n", ex.Name, len(ex.Scenarios), last.Name, last.Points)
		}
	}
	// Output:
	// q6: 5 scenarios, the last q6_once for 2 points
}

func ExampleSimilarity() {
	dir, _ := os.MkdirTemp("", "class")
	defer os.RemoveAll(dir)
	programs := map[string]string{
		"alice": "package main\n\nimport \"fmt\"\n\n// Square and print.\nfunc main() {\n\tx := 10\n\tfmt.Println(\"Square:\", x*x)\n}\n",
		"bob":   "package main\nimport \"fmt\"\nfunc main() { n := 10; fmt.Println(\"Square:\", n*n) }\n",
	}
	s := &grade.Similarity{}
	for id, src := range programs {
		p := filepath.Join(dir, id, "q6")
		os.MkdirAll(p, 0o755)
		os.WriteFile(filepath.Join(p, "main.go"), []byte(src), 0o644)
		s.Inspect(grade.Inspected{Submission: grade.Submission{ID: id}, Found: []string{"q6"}, Sources: map[string]string{"q6": p}})
	}
	for _, p := range s.Pairs() {
		fmt.Println(p.Exercise, p.A, p.B, p.Kind)
	}
	// Output:
	// q6 alice bob renamed
}
