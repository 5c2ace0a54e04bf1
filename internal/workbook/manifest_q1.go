package workbook

var q1 = Exercise{
	Name:     "q1",
	Title:    "What is multiprocessing?",
	Question: "What is multiprocessing? Why is it useful?",
	Chapter:  "docs/q1.md",
	Quiz:     true,
	Scenarios: []Scenario{
		{Name: "q1_quiz", Points: 4, About: "the quiz: what multiprocessing is, what it is good for, what it costs"},
		{Name: "q1_count", Points: 2, About: "the primes below 100000 counted serially and in 4 processes: 9592 both times"},
		{Name: "q1_other_input", Points: 2, About: "N and the number of processes come from the arguments; bad input is refused"},
		{Name: "q1_processes", Points: 2, About: "the parallel count runs in as many children as asked, alive at the same time"},
	},
	Hints: []string{
		"Answer the quiz in exercises/q1/quiz.md first: docs/q1.md explains each question. Then open parallel.go: the only work left is there. docs/q1.md shows the same shape summing multiples of 3 or 5.",
		"A child process cannot return its count in a variable: its memory is its own. Give every child a slot of a shared process.Array, and read the slots once all children have ended.",
		"Register countRange at package level with process.RegisterTarget. In countInProcesses, make the array with process.NewArray, one int64 per child, and defer its Close; split(n, procs) gives procs+1 bounds: range i is [bounds[i], bounds[i+1]).",
		"For each range i, process.New(countRangeTarget, rangeJob{Lo: bounds[i], Hi: bounds[i+1], Slot: i, Counts: counts}); Start every child first, then Join every child, then add up counts.Slice(). In countRange: j.Counts.Set(j.Slot, int64(countPrimes(j.Lo, j.Hi))).",
	},
}
