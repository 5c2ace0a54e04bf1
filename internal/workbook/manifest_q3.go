package workbook

var q3 = Exercise{
	Name:     "q3",
	Title:    "Create a process",
	Question: "How can we create a process in Python?",
	Chapter:  "docs/q3.md",
	Quiz:     false,
	Scenarios: []Scenario{
		{Name: "q3_square", Points: 3, About: "the sheet's array squared in place by ten children, which wrote the squares: [4, 16, 9, 25, 36, 49, 25, 25, 49, 64]"},
		{Name: "q3_other_input", Points: 3, About: "other arrays from the arguments, one child per element; bad input is refused"},
		{Name: "q3_children", Points: 2, About: "exactly one child per element, each writing its own element, none racing another"},
		{Name: "q3_concurrent", Points: 2, About: "the children run at the same time: all started before any is joined"},
	},
	Hints: []string{
		"Everything left to do is in square.go: register square, make it square its element, and start one child per element in squareAll. docs/q3.md does the same with a roll call.",
		"A child is this same program started again, so square must be registered at package level (process.RegisterTarget), not inside a function. The *process.Array in squareArgs names the same shared memory in the child: Get reads an element, Set writes one.",
		"squareAll: one process.New(squareTarget, squareArgs{...}) for each index below arr.Len(), kept in a slice; Start every process in a first loop and Join every started process in a second loop, as the sheet does: joining each child right after starting it makes them run one after the other.",
		"var squareTarget = process.RegisterTarget(\"square\", square). In square: x := a.Arr.Get(a.I), then a.Arr.Set(a.I, x*x). In squareAll: procs[i] = process.New(squareTarget, squareArgs{I: i, Arr: arr}) for each i; start them all, appending each started one to a slice and stopping at the first error; join all those started, collecting errors; return errors.Join(errs...).",
	},
}
