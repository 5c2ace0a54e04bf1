package workbook

var q2 = Exercise{
	Name:     "q2",
	Title:    "Multiprocessing vs multithreading",
	Question: "What are the differences between multiprocessing and multithreading?",
	Chapter:  "docs/q2.md",
	Quiz:     true,
	Scenarios: []Scenario{
		{Name: "q2_quiz", Points: 4, About: "the quiz: processes have their own memory, threads share their process's; the GIL; locks"},
		{Name: "q2_counters", Points: 1, About: "what main sees after a goroutine, a child process and four children sharing a Value added N, for several N"},
		{Name: "q2_child_memory", Points: 2, About: "a real child sees its own counter reach N while main's stays 0, and sends N back through a Queue", Race: true},
		{Name: "q2_shared_value", Points: 1, About: "four real children add N each to a shared process.Value at the same time, and main sees 4N", Race: true},
		{Name: "q2_no_lost_updates", Points: 2, About: "two million additions per child and not one lost; a total short of 4N means updates were lost: two children changed the counter at once, so hold the Lock from each Get to its Set, or use Add"},
	},
	Hints: []string{
		"Answer the quiz in exercises/q2/quiz.md first: docs/q2.md explains each question. Then counter.go and shared.go have the functions to finish, one per line the program prints; docs/q2.md works through the same three ideas on other programs: visits, guests and seats.",
		"The goroutine part needs no process: a sync.WaitGroup starts the goroutine (its Go method) and waits for it (Wait). The child parts need their functions registered at package level with process.RegisterTarget, and each shared object made once by the parent (process.NewQueue, process.NewValue, process.NewLock) and handed to the children inside their argument.",
		"In the child, the queue's Put sends counter back, and in the parent its Get takes it, after Join. In addToShared, Lock before Get, Unlock after Set. In addUnderLock, collect the started processes in a slice, and Join them in a second loop.",
		"addInChild: back, err := process.NewQueue[int](1); defer back.Close(); child := process.New(addToCounterTarget, childJob{N: n, Back: back}); Start, Join, then sentBack, err = back.Get(); return counter, sentBack, nil. addToShared: for range j.N { j.Mu.Lock(); j.Counter.Set(j.Counter.Get() + 1); j.Mu.Unlock() }.",
	},
}
