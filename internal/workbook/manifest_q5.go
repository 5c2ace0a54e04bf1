package workbook

var q5 = Exercise{
	Name:     "q5",
	Title:    "A pool of workers",
	Question: "How can we create a pool of worker processes in Python?",
	Chapter:  "docs/q5.md",
	Quiz:     false,
	Scenarios: []Scenario{
		{Name: "q5_map", Points: 1, About: "the tour's map: the squares of range(N) in order, computed on a pool of 4"},
		{Name: "q5_imap_unordered", Points: 1, About: "the tour's imap_unordered: the ten squares, one per line, in any order"},
		{Name: "q5_apply_async", Points: 1, About: "the tour's apply_async(f, X) and get: 400, and other X"},
		{Name: "q5_worker_pids", Points: 1, About: "the pids printed by apply_async(getpid) are the pool's workers', not the program's"},
		{Name: "q5_timeout", Points: 1, About: "a get with a timeout gives up on a long task: the process.ErrTimeout line"},
		{Name: "q5_closing", Points: 1, About: "the tour's last two lines, in order, and the pool really ended"},
		{Name: "q5_worklog", Points: 2, About: "the work log A 5 B 2 C 1 D 3 on a pool of 2: the first-come first-served schedule"},
		{Name: "q5_worklog_other", Points: 1, About: "the work log of another list, X 4 Y 1 Z 1, from the arguments"},
		{Name: "q5_both_parts", Points: 1, About: "without arguments: the tour, then the work log"},
	},
	Hints: []string{
		"A pool is made once with process.NewPool(n) and stopped with a deferred Terminate: that is Python's with-block. Every task you give it runs in one of its n worker processes. docs/q5.md walks the same calls on word lengths.",
		"Python's pool.map(f, xs) is process.Map(pool, f, xs); imap_unordered is a range loop over process.ImapUnordered(pool, f, xs), which yields a result and an error; apply_async(f, (x,)) is process.ApplyAsync(pool, f, x), and res.get(timeout=1) is res.Get(unit). process.Getpid takes struct{}{}.",
		"Get returns an error when time is up: test it with errors.Is(err, process.ErrTimeout) and print the line instead of giving up. For the four pids, keep the four *process.AsyncResult[int] in a slice before calling Get on any. For the work log, a pool of 2 and process.Map(pool, workLog, tasks, process.ChunkSize(1)).",
		"pool, err := process.NewPool(4); if err != nil { return err }; defer pool.Terminate(); squares, err := process.Map(pool, square, pyRange(n)); ... fmt.Println(pyList(squares)); for sq, err := range process.ImapUnordered(pool, square, pyRange(n)) { ...; fmt.Println(sq) }; then ApplyAsync/Get for square, for process.Getpid (once, then four at once) and for sleep with 10*unit. worklog: copy jobs into tasks with j.Unit = unit, then NewPool(2), defer Terminate, and _, err = process.Map(pool, workLog, tasks, process.ChunkSize(1)); return err.",
	},
}
