package workbook

var q3 = Exercise{
	Name:      "q3",
	Title:     "Create a process",
	Question:  "How can we create a process in Python?",
	Chapter:   "docs/q3.md",
	Quiz:      false,
	Scenarios: []Scenario{
		// {Name: "q3_...", Points: 1, About: "..."},
	},
	Hints: []string{},
}
