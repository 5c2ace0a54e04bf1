// Package workbook is the exercise manifest: the one place that says which
// exercises exist, in what order, what they are called, how many points
// each scenario is worth and what hints a learner gets. The checker, its
// grading and the scenario tests all read it.
package workbook

// Exercise is one question of the sheet, turned into a program to write.
type Exercise struct {
	Name      string     // "q3": the folder under exercises/ and solutions/, the program's name
	Title     string     // "Create a process"
	Question  string     // the sheet's question, as asked
	Chapter   string     // the docs chapter, relative to the workbook root: "docs/q3.md"
	Quiz      bool       // the exercise has a quiz, exercises/<name>/quiz.md
	Scenarios []Scenario // in the order they are checked
	Hints     []string   // progressive: the first is gentle, the last nearly the answer
}

// Scenario is one testscript file, testdata/<Name>.txtar, and its weight.
type Scenario struct {
	Name   string // "q3_square": the file name without .txtar
	Points int
	About  string // one line: what it checks, for listings and gradebooks

	// Race marks a scenario that runs the race detector's build of the
	// program when it is graded with one (a program that starts
	// goroutines): its runs are small, so the detector's slowdown costs
	// little. A data race found there fails every scenario of the
	// exercise that runs the program; the scenarios not marked run the
	// ordinary build, at full speed. An exercise that marks none runs all
	// its scenarios with the race detector.
	Race bool
}

// Points returns the exercise's total points.
func (e Exercise) Points() int {
	n := 0
	for _, s := range e.Scenarios {
		n += s.Points
	}
	return n
}

// Lookup returns the exercise called name.
func Lookup(name string) (Exercise, bool) {
	for _, e := range All {
		if e.Name == name {
			return e, true
		}
	}
	return Exercise{}, false
}

// Names returns the exercises' names in order.
func Names() []string {
	names := make([]string, len(All))
	for i, e := range All {
		names[i] = e.Name
	}
	return names
}
