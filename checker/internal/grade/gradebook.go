package grade

import (
	"fmt"
	"sort"
	"time"

	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// Status is a verdict in the gradebook: pass, fail, error or timeout, as the
// scenario runner says them.
type Status = scenario.Status

// The verdicts, re-exported so that readers of a gradebook need not import
// the scenario runner.
const (
	Pass    = scenario.Pass
	Fail    = scenario.Fail
	Error   = scenario.Error
	Timeout = scenario.Timeout
)

// Gradebook is the grade of a whole class (or of one shard of it). The same
// submissions graded against the same tests give the same gradebook, byte
// for byte once written, apart from GradedAt: students are sorted by id,
// exercises are in manifest order, and there are no durations or temporary
// paths in it.
type Gradebook struct {
	// GradedAt is when the grading ran, RFC 3339 in UTC: the one field that
	// changes from run to run.
	GradedAt string `json:"graded_at,omitempty"`
	// Workbook is the hash of the instructor's tests and library the class
	// was graded against; merge refuses to join gradebooks that differ here.
	Workbook string `json:"workbook,omitempty"`
	// Options are the grading options that can change a verdict (the
	// timeout, the output cap, the sandbox's limits); merge refuses to
	// join gradebooks that differ here.
	Options string `json:"options,omitempty"`
	// Shard is "K/N" when this gradebook holds the K-th of N slices of a
	// class, and empty for a whole class.
	Shard    string    `json:"shard,omitempty"`
	Students []Student `json:"students"`

	// Deadline and LatePolicy are the --deadline and --late-penalty the
	// class was graded with, when a deadline was set: each Student's Late
	// then says how late the submission was and what it cost.
	Deadline   string `json:"deadline,omitempty"`
	LatePolicy string `json:"late_policy,omitempty"`
	// Similar lists the pairs of students whose sources of one exercise are
	// alike, when grading was asked to look: a pointer for a human to
	// read both, never a verdict.
	Similar []SimilarPair `json:"similar,omitempty"`

	// Elapsed is how long the grading took, for the formats that report
	// it (Gradescope's execution_time); the gradebook itself has no
	// durations, so that it stays the same from run to run.
	Elapsed time.Duration `json:"-"`
}

// Student is one student's grade.
type Student struct {
	ID       string `json:"id"`
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"`
	// Error says why the submission could not be graded at all (a bad
	// archive, no exercises in it); every exercise is then an error.
	Error     string     `json:"error,omitempty"`
	Exercises []Exercise `json:"exercises"`
	// Late is set when the class had a deadline: when the submission was
	// made, how late, and the penalty. Score is then the score after the
	// penalty, and Late.RawScore the score before it.
	Late *Lateness `json:"late,omitempty"`
}

// Exercise is a student's grade on one exercise: the sum of the points of
// the scenarios that passed.
type Exercise struct {
	Name     string `json:"name"`
	Status   Status `json:"status"`
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"`
	// Message explains an error or a timeout of the exercise as a whole: the
	// first compiler errors, a missing folder, a dependency that is not
	// allowed.
	Message string `json:"message,omitempty"`
	// Diagnostics are the compiler's errors when the exercise does not
	// build, each at its file:line:col, the file named from the
	// workbook's root (exercises/q3/main.go): for every format to show.
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	Scenarios   []Scenario   `json:"scenarios"`

	// BuildOutput is what the compiler printed, for the feedback; it is
	// kept out of the gradebook, which stays short.
	BuildOutput string `json:"-"`
}

// Diagnostic is one compiler error.
type Diagnostic struct {
	File    string `json:"file"` // from the workbook's root: exercises/q3/main.go
	Line    int    `json:"line"`
	Col     int    `json:"col,omitempty"`
	Message string `json:"message"`
}

// String writes the diagnostic as the compiler does: file:line:col: message.
func (d Diagnostic) String() string {
	if d.Col == 0 {
		return fmt.Sprintf("%s:%d: %s", d.File, d.Line, d.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", d.File, d.Line, d.Col, d.Message)
}

// Scenario is a student's grade on one scenario of an exercise: all its
// points or none.
type Scenario struct {
	Name     string `json:"name"`
	Status   Status `json:"status"`
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"`
	Message  string `json:"message,omitempty"` // the check that failed, in plain words
	Reason   string `json:"reason,omitempty"`  // how the program ended, when that explains it
	// Hidden marks a scenario of the instructor's hidden set (--hidden):
	// feedback names it and its verdict, never what it checks.
	Hidden bool `json:"hidden,omitempty"`

	// Expected and Actual are the two sides of a failed comparison. They go
	// to the feedback, not to the gradebook: a program's output may hold
	// pids and other things that change from run to run.
	Expected string `json:"-"`
	Actual   string `json:"-"`
	// Duration is how long the scenario ran in this grading run (zero when
	// its grade came from the cache), for the formats that report times.
	Duration time.Duration `json:"-"`
}

// MaxScore returns the points the workbook's exercises are worth together.
func MaxScore(exercises []workbook.Exercise) int {
	n := 0
	for _, e := range exercises {
		n += e.Points()
	}
	return n
}

// total adds up the student's exercises into Score and MaxScore.
func (s *Student) total() {
	s.Score, s.MaxScore = 0, 0
	for _, e := range s.Exercises {
		s.Score += e.Score
		s.MaxScore += e.MaxScore
	}
}

// sortStudents puts the students in the order every gradebook uses: by id.
func sortStudents(students []Student) {
	sort.Slice(students, func(i, j int) bool { return students[i].ID < students[j].ID })
}

// erroredStudent is the grade of a submission that could not be graded:
// every exercise is an error worth nothing, so that the gradebook still has
// a row for the student and a column for each exercise.
func erroredStudent(id string, exercises []workbook.Exercise, err error) Student {
	s := Student{ID: id, Error: err.Error()}
	for _, ex := range exercises {
		s.Exercises = append(s.Exercises, erroredExercise(ex, Error, err.Error()))
	}
	s.total()
	return s
}

// erroredExercise is an exercise with the given status whose scenarios all
// failed to run, for one reason.
func erroredExercise(ex workbook.Exercise, status Status, msg string) Exercise {
	e := Exercise{Name: ex.Name, Status: status, MaxScore: ex.Points(), Message: msg}
	for _, sc := range ex.Scenarios {
		e.Scenarios = append(e.Scenarios, Scenario{Name: sc.Name, Status: status, MaxScore: sc.Points})
	}
	return e
}
