package workbook

var q2 = Exercise{
	Name:      "q2",
	Title:     "Multiprocessing vs multithreading",
	Question:  "What are the differences between multiprocessing and multithreading?",
	Chapter:   "docs/q2.md",
	Quiz:      true,
	Scenarios: []Scenario{
		// {Name: "q2_...", Points: 1, About: "..."},
	},
	Hints: []string{},
}
