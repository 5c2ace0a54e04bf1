package workbook

var q1 = Exercise{
	Name:      "q1",
	Title:     "What is multiprocessing?",
	Question:  "What is multiprocessing? Why is it useful?",
	Chapter:   "docs/q1.md",
	Quiz:      true,
	Scenarios: []Scenario{
		// {Name: "q1_...", Points: 1, About: "..."},
	},
	Hints: []string{},
}
