package workbook

var q4 = Exercise{
	Name:     "q4",
	Title:    "What is a pool?",
	Question: "What is a multiprocessing pool? Why is it used?",
	Chapter:  "docs/q4.md",
	Quiz:     true,
	Scenarios: []Scenario{
		{Name: "q4_quiz", Points: 4, About: "the quiz: what a pool is, why it beats a process per task, its size, map's order, chunk size, how it ends"},
		{Name: "q4_sum", Points: 2, About: "10,000 squares summed, every one computed by a pool worker"},
		{Name: "q4_other_counts", Points: 2, About: "--tasks 7, 1000 and 1: the sum is computed, on the pool"},
		{Name: "q4_workers", Points: 2, About: "--workers 3 and 1: a pool of that size, and no more processes than its workers"},
	},
	Hints: []string{
		"A pool is made once, with process.NewPool, and every task you give it runs in one of its workers: no process is started per task. docs/q4.md shows a pool counting digit sums; the exercise is the same shape.",
		"process.Map runs a registered function on every element of a slice, on the workers, and returns the results in the order of the slice. square is registered already; pyRange(n) gives the numbers.",
		"Stop the workers on every path with a deferred Terminate; when all the work is done, Close then Join let them finish and leave. Each of NewPool, Map, Close and Join can fail: return its error.",
		"pool, err := process.NewPool(workers); if err != nil { return 0, err }; defer pool.Terminate(); squares, err := process.Map(pool, square, pyRange(n)); if err != nil { return 0, err }; then pool.Close() and pool.Join(), each with its error checked; then add up squares and return the total.",
	},
}
