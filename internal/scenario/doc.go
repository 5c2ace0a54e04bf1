// Package scenario runs an exercise's testscript scenarios (testdata/*.txtar)
// against a program built from the exercise's sources, and says, scenario by
// scenario, whether the program is right and, if not, why. The same custom
// commands serve `go test` and the checker, so a scenario means the same
// everywhere.
//
// # Checking an exercise
//
// Check builds the program once, then runs every scenario of the
// exercise's manifest entry (workbook.Exercise.Scenarios) against it, each
// in its own fresh $WORK, several at a time. Nothing is asked of the
// calling program's main: the programs under test are started and watched
// by the process that calls Check, so `go test` and the checker behave the
// same. A checker that wants Ctrl-C to stop a check cleanly passes a
// context cancelled on SIGINT (signal.NotifyContext): the running programs
// are then killed, with all their processes.
//
// # Verdicts
//
// Each scenario gets a ScenarioResult. Its Status is Pass; Fail when a
// check failed or the program did something wrong (a non-zero exit, a
// panic, a signal, a flood of output); Timeout when a run was stopped at
// the per-run timeout; Error when the scenario itself is at fault (a
// command outside the vocabulary, or given wrong arguments) or the check
// was cancelled. Message is the failed check in plain words, as the
// learner reads it; Reason says how the program ended when that explains
// the failure ("timed out after 5s", "panicked", "printed too much (kept
// the first 1 MiB)", "was killed by signal 9 (killed)"); Expected and Actual
// are filled when a comparison failed (cmp, stdout, stderr, grep,
// inorder); Log is the transcript, in which the phases that passed are
// reduced to their heading unless Options.Verbose is set. The exercise's
// Status is the worst of its scenarios', or Error when it did not build.
//
// Vet checks a scenario file without running it; the workbook's tests vet
// every scenario.
//
// # Building
//
// The program is compiled inside the workbook's own module, as the package
// github.com/procbook/procbook/exercises/<name>, with `go build -overlay`:
// the overlay replaces the files of Root/exercises/<name> by those of
// Options.SourceDir (solutions/<name>, a learner's copy anywhere on disk,
// or an antisolution under testdata/anti/). Only the files of that folder
// itself are taken, never a go.mod, go.sum or go.work in it; the module's
// go.mod and go.sum and the process library always come from Root, so a
// learner's copy cannot change the module or the library, and nothing is
// copied. A source folder whose package is not main does not build. The
// binary goes to the work directory; Go's build cache is shared, so a
// rebuild of unchanged sources is quick. An exercise is one package:
// sub-folders of the source are not built. A compile error is a Result
// with Status Error and a *BuildError whose Diagnostics name the
// exercise's files relative to the source folder (any other file by its
// absolute path). A failure that names none of the exercise's files is
// tried once more before it is reported: the go command has been seen to
// fail now and then to read its own cache while other builds run.
//
// Offline (Options.Offline) builds with GOFLAGS=-mod=readonly (so the
// workbook's go.mod is never rewritten), GOPROXY=off and
// GOTOOLCHAIN=local: nothing is downloaded, and an import of a module the
// workbook does not require is a build error.
//
// # What a scenario sees
//
//   - the program on PATH as its exercise name (q1 … q6);
//   - $SRC, the absolute path of the exercise's source folder (for quiz.md);
//   - PROCBOOK_TRACE=$WORK/trace.jsonl, emptied by each `run`, so that after
//     a run the trace holds the events of that run alone;
//   - PROCBOOK_UNIT unset (scenarios shorten it: env PROCBOOK_UNIT=50ms).
//
// # The vocabulary
//
// Besides testscript's built-ins (env, stdout, stderr, cmp, grep, exists,
// …; not exec, stdin, kill or wait: a program is always started by run;
// nor skip: a scenario always checks something),
// a scenario may use:
//
// run PROG [ARGS...]
//
// Runs the program like exec, supervised: stdin is empty (reading it gives
// EOF at once); the program runs in its own process group, which is killed
// when the program ends, so no process it started outlives it (unless it
// left the group on purpose, with setsid); it is killed after the per-run
// timeout (Options.Timeout, 5 s by default) and the scenario fails with
// "timed out after 5s"; stdout and stderr are each capped
// (Options.OutputCap, 1 MiB by default) and a program that prints more is
// stopped and fails with "printed too much (kept the first 1 MiB)".
// A program that panics, crashes (fatal error) or is killed by a signal
// fails and the scenario says so. Afterwards stdout, stderr and
// `cmp stdout FILE` see its output, as after exec. `! run PROG` expects the
// program to exit with a non-zero code, as a program rejecting bad input
// does; a timeout, a flood of output, a panic or a signal still fail it.
// An empty environment variable is not passed to the program: `env X=`
// unsets X for the runs that follow.
//
// trace count EVENT [FIELD=VALUE ...] OP N
//
// The number of trace events of kind EVENT (start, exit, join,
// pool_start, pool_end, task_start, task_end, output, shared_set, and the
// shared objects' sem_acquire, sem_release, event_set, event_wait,
// barrier_pass, queue_put and queue_get) matching
// every FIELD=VALUE compares with N by OP (== != < <= > >=). Fields: pid,
// ppid, func, code, pool, size, task, ok (true or false), result (a task's,
// on task_end), line and before_main (on output), object, index and
// locked (on shared_set). The value main stands for the pid of the
// program that run started last. The text fields func, result and line
// may also be matched by a regular expression, FIELD~REGEXP:
//
//	trace count start ppid=main == 10
//	trace count output ppid=main line~^Square: == 1
//
// The events that say who did the work: output is a line a child printed
// (pid the child, ppid its parent; before_main=true when code before
// process.Main printed it); shared_set is the first write of a process to
// an element of a shared Array or Value (pid the writer, ppid its parent).
//
// trace distinct FIELD EVENT [FIELD=VALUE ...] OP N
//
// The number of distinct values of FIELD among the matching events:
//
//	trace distinct pid task_start ppid=main <= 4
//
// trace pids FILE REGEXP [N]
//
// Every match of REGEXP's first group in FILE (stdout, stderr or a file)
// is the pid of a process the program started (a start event with
// ppid=main), never the program's own pid; there must be at least one
// match; with N, at most N distinct pids:
//
//	trace pids stdout 'worker (\d+)' 4
//
// trace concurrent [FIELD=VALUE ...] OP N
//
// The largest number of the program's children (start events with
// ppid=main matching the filters) alive at the same time, judged from
// their start and exit events, compares with N:
//
//	trace concurrent func=process.worker <= 2
//
// trace unjoined [FIELD=VALUE ...] OP N
//
// Like concurrent, but a child counts from its start until the program
// calls Join on it (or, never joined, until its exit): it tells a program
// that starts its children together from one that joins each before
// starting the next, however briefly the children live:
//
//	trace unjoined >= 4
//
// trace written [FIELD=VALUE ...] OP N
//
// The number of elements of shared memory (each element of each shared
// Array or Value) whose last traced write matches the filters compares
// with N: the elements whose final value the children wrote, for example,
// and not the program after them:
//
//	trace written ppid=main == 10
//
// trace raced [FIELD=VALUE ...] OP N
//
// The number of elements of shared memory written by two or more
// processes, at least one of them holding no lock (neither the object's
// own nor a Lock) when it wrote, among the shared_set events matching the
// filters, compares with N. Such writes lose updates whenever two
// processes make them at once; the trace sees them whether or not the
// updates happened to be lost in this run:
//
//	trace raced ppid=main == 0
//
// None of the trace commands takes `!`: write the opposite comparison.
//
// means SENTENCE
//
// Says what the checks that follow it (up to the next means or run) mean,
// in the learner's words, and what to do next; it checks nothing itself.
// When one of those checks fails, its message ends with the sentence; a
// trace command's message is the sentence alone, and the trace's own words
// ("want 4 start events with ppid=main, found 0") are added only with
// Options.Verbose. {found} in the sentence stands for the number a failed
// trace command found. The sentence ends with a full stop:
//
//	means 'your program started no child process: use process.New(...).Start().'
//	trace count start ppid=main >= 1
//
// inorder FILE REGEXP...
//
// Each REGEXP matches a line of FILE (stdout, stderr or a file) after the
// line the previous REGEXP matched. `! inorder` expects them not to:
//
//	inorder stdout '^Square: ' '^Done!$'
//
// quiz QUIZFILE ANSWERFILE
//
// Marks a Markdown quiz against an answer file (below) and fails listing
// every question answered wrongly, with the explanation of each wrong box
// ticked. It never reveals the right answer of a question:
//
//	quiz $SRC/quiz.md answers.txt
//
// Every command checks its arguments and fails with a plain fact:
// "trace count: want 10 start events with ppid=main, found 0"; a means
// before it says what that fact means to the learner.
//
// # Quizzes
//
// A quiz (exercises/qN/quiz.md) numbers its questions with level-2
// headings, `## 1. …`, each followed by its choices as Markdown checkboxes.
// The choices are lettered a, b, c … in order; the learner ticks a box by
// writing x in it. Text between the heading and the boxes is part of the
// question; anything else is ignored.
//
//	## 1. Why do CPU-bound Python programs use processes rather than threads?
//
//	- [ ] Threads cannot share memory.
//	- [x] One interpreter runs one thread's Python code at a time (the GIL).
//	- [ ] Processes start faster than threads.
//
// The answers are a section of the scenario's txtar, conventionally
// `-- answers.txt --`. Per question, a line `N: LETTERS` gives the right
// choices (one or more letters, separated by spaces or commas), and lines
// `Nx: text` explain choice x of question N. Every choice has an
// explanation: the wrong ones say why they are wrong (the learner who
// ticks one reads it), the right ones why they are right. Blank lines and
// lines starting with # are ignored; an explanation may continue on the
// following lines if they are indented.
//
//	# q1_quiz.txtar
//	quiz $SRC/quiz.md answers.txt
//
//	-- answers.txt --
//	1: b
//	1a: Threads share their process's memory; that is what makes them cheap.
//	1b: Right: the GIL lets one thread at a time run Python code, so only
//	    processes use several cores for Python code.
//	1c: Starting a process costs more than starting a thread, not less.
//
// A question is right when exactly its right boxes are ticked. The quiz
// fails listing, for each question that is not, what was ticked and why
// each wrong box is wrong ("question 1: a is not right: Threads share …"),
// or that no box was ticked, or that a right box is missing. A quiz whose
// questions and answers disagree (a question without an answer, a letter
// with no choice) is an error in the scenario, reported as such.
package scenario
