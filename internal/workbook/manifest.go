package workbook

// All is the workbook, in the order a learner works through it.
// TODO(scenarios): scenario lists and hints are filled in with the scenarios.
var All = []Exercise{
	{Name: "q1", Title: "What is multiprocessing?", Question: "What is multiprocessing? Why is it useful?", Chapter: "docs/q1.md", Quiz: true},
	{Name: "q2", Title: "Multiprocessing vs multithreading", Question: "What are the differences between multiprocessing and multithreading?", Chapter: "docs/q2.md", Quiz: true},
	{Name: "q3", Title: "Create a process", Question: "How can we create a process in Python?", Chapter: "docs/q3.md"},
	{Name: "q4", Title: "What is a pool?", Question: "What is a multiprocessing pool? Why is it used?", Chapter: "docs/q4.md", Quiz: true},
	{Name: "q5", Title: "A pool of workers", Question: "How can we create a pool of worker processes in Python?", Chapter: "docs/q5.md"},
	{Name: "q6", Title: "Four processes", Question: "Write a program that creates four processes, each printing a different number.", Chapter: "docs/q6.md"},
}
