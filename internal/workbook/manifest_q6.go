package workbook

var q6 = Exercise{
	Name:     "q6",
	Title:    "Four processes",
	Question: "Write a program that creates four processes, each printing a different number.",
	Chapter:  "docs/q6.md",
	Quiz:     false,
	Scenarios: []Scenario{
		{Name: "q6_sheet", Points: 3, About: "with X = 10, the four lines in any order, each printed by its own child, then Done! last"},
		{Name: "q6_other_numbers", Points: 3, About: "X = 7, -6 and 25 give their own four lines, with Python's division and remainder"},
		{Name: "q6_four_children", Points: 2, About: "exactly four children, one per function, all started before any is joined, each ending with exit code 0"},
		{Name: "q6_done_last", Points: 2, About: "Done! only after every child's line: all four are joined"},
	},
	Hints: []string{
		"process.New(target, x) only describes a process; nothing runs until you call its Start method. The four targets, square, cube, division and remainder, are registered in targets.go already. docs/q6.md does the same with three greeters.",
		"Start all four in one loop, then Join them in a second loop. Joining inside the first loop would run them one after another.",
		"Join is what makes Done! come last: without it the program prints Done! at once and its exit ends the children before they print. Keep the four *process.Process values in a slice, so that the second loop can join them; a slice of the four targets, []*process.Func[int, struct{}], lets one loop make them.",
		"procs := make([]*process.Process, 0, 4); for _, f := range []*process.Func[int, struct{}]{square, cube, division, remainder} { procs = append(procs, process.New(f, x)) }; then p.Start() for each (on an error, Kill and Join those already started, and return it), then p.Join() for each, returning any error, then print Done!.",
	},
}
