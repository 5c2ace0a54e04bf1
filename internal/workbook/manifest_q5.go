package workbook

var q5 = Exercise{
	Name:      "q5",
	Title:     "A pool of workers",
	Question:  "How can we create a pool of worker processes in Python?",
	Chapter:   "docs/q5.md",
	Quiz:      false,
	Scenarios: []Scenario{
		// {Name: "q5_...", Points: 1, About: "..."},
	},
	Hints: []string{},
}
