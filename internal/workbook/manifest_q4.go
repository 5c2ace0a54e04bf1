package workbook

var q4 = Exercise{
	Name:      "q4",
	Title:     "What is a pool?",
	Question:  "What is a multiprocessing pool? Why is it used?",
	Chapter:   "docs/q4.md",
	Quiz:      true,
	Scenarios: []Scenario{
		// {Name: "q4_...", Points: 1, About: "..."},
	},
	Hints: []string{},
}
