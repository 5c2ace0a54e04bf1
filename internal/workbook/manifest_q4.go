package workbook

var q4 = Exercise{
	Name:     "q4",
	Title:    "What is a pool?",
	Question: "What is a multiprocessing pool? Why is it used?",
	Chapter:  "docs/q4.md",
	Quiz:     true,
	Scenarios: []Scenario{
		{Name: "q4_quiz", Points: 4, About: "the quiz: what a pool is, why it beats a process per task, its size, map's order, chunk size"},
		{Name: "q4_sum", Points: 2, About: "10,000 squares summed, every one computed by a pool worker"},
		{Name: "q4_other_counts", Points: 2, About: "--tasks 7, 1000 and 1: the sum is computed, on the pool"},
		{Name: "q4_workers", Points: 2, About: "--workers 3 and 1: a pool of that size, and no more processes than its workers"},
	},
	Hints: []string{
		"A pool is made once, with process.NewPool(workers), and every task you give it runs in one of its workers: no process is started per task.",
		"process.Map(pool, square, pyRange(n)) runs square on every number, on the workers, and returns the squares in order; add them up yourself.",
		"Stop the workers on every path with defer pool.Terminate(); when all the work is done, pool.Close() then pool.Join() let them finish and leave.",
		"pool, err := process.NewPool(workers); if err != nil { return 0, err }; defer pool.Terminate(); squares, err := process.Map(pool, square, pyRange(n)); if err != nil { return 0, err }; pool.Close(); pool.Join(); then sum the squares and return the total.",
	},
}
