package workbook

var q6 = Exercise{
	Name:      "q6",
	Title:     "Four processes",
	Question:  "Write a program that creates four processes, each printing a different number.",
	Chapter:   "docs/q6.md",
	Quiz:      false,
	Scenarios: []Scenario{
		// {Name: "q6_...", Points: 1, About: "..."},
	},
	Hints: []string{},
}
