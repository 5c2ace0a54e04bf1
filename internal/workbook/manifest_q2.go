package workbook

var q2 = Exercise{
	Name:     "q2",
	Title:    "Multiprocessing vs multithreading",
	Question: "What are the differences between multiprocessing and multithreading?",
	Chapter:  "docs/q2.md",
	Quiz:     true,
	Scenarios: []Scenario{
		{Name: "q2_quiz", Points: 4, About: "the quiz: processes have their own memory, threads share their process's"},
		{Name: "q2_counters", Points: 2, About: "what main sees after a goroutine, a child process and a shared Value added N, for several N"},
		{Name: "q2_child_memory", Points: 2, About: "a real child sees its own counter reach N while main's stays 0"},
		{Name: "q2_shared_value", Points: 2, About: "a real child adds N to a shared process.Value, and main sees N"},
	},
	Hints: []string{
		"Answer the quiz in exercises/q2/quiz.md first: docs/q2.md explains each question. Then counter.go has three functions to finish, one per line the program prints.",
		"The goroutine part needs no process: start a goroutine that adds to counter and wait for it with a sync.WaitGroup. The child parts need their target functions registered at package level with process.RegisterTarget.",
		"For the child: process.New(addToCounterTarget, n), then Start and Join, then return counter (main's, untouched). For the shared part, a *process.Value travels to the child inside sharedJob and names the same memory there.",
		"shared, err := process.NewValue[int64](0); defer shared.Close(); child := process.New(addToSharedTarget, sharedJob{N: n, Counter: shared}); Start, Join, return int(shared.Get()). In addToShared, call j.Counter.Add(1) j.N times.",
	},
}
