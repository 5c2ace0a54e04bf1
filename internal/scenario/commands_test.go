package scenario

import (
	"strings"
	"testing"
	"time"
)

// commandCase is a script run against the fixture program and the verdict
// it must get.
type commandCase struct {
	name     string
	script   string
	opts     scriptOptions
	status   Status
	message  string // the whole message, when not ""
	contains string // a part of the message, when not ""
	reason   string
	expected string
	actual   string
}

func (c commandCase) run(t *testing.T) {
	t.Parallel()
	got := runScript(t, c.script, c.opts)
	if got.Status != c.status {
		t.Fatalf("status %s, want %s\nmessage: %s\nlog:\n%s", got.Status, c.status, got.Message, got.Log)
	}
	if c.message != "" && got.Message != c.message {
		t.Errorf("message:\n%s\nwant:\n%s", got.Message, c.message)
	}
	if c.contains != "" && !strings.Contains(got.Message, c.contains) {
		t.Errorf("message:\n%s\nwant it to contain:\n%s", got.Message, c.contains)
	}
	if got.Reason != c.reason {
		t.Errorf("reason %q, want %q", got.Reason, c.reason)
	}
	if c.expected != "" && got.Expected != c.expected {
		t.Errorf("expected %q, want %q", got.Expected, c.expected)
	}
	if c.actual != "" && got.Actual != c.actual {
		t.Errorf("actual %q, want %q", got.Actual, c.actual)
	}
}

func TestRunCommand(t *testing.T) {
	cases := []commandCase{
		{name: "output seen by stdout", status: Pass, script: `
run fixture echo hello world
stdout '^hello world$'
! stderr .
`},
		{name: "output seen by cmp", status: Pass, script: `
run fixture echo a b
cmp stdout want.txt
-- want.txt --
a b
`},
		{name: "no program", status: Error, message: "run: usage: run PROG [ARGS...]", script: `
run
`},
		{name: "unknown program", status: Fail, message: `run: no program "nosuch" on PATH`, script: `
run nosuch
`},
		{name: "a path", status: Error, contains: "name the program, not a path to it", script: `
run ./fixture
`},
		{name: "non-zero exit", status: Fail, message: "fixture exited with code 3, saying: fixture: exiting with 3", script: `
run fixture exit 3
`},
		{name: "expected non-zero exit", status: Pass, script: `
! run fixture exit 3
stderr 'exiting with 3'
`},
		{name: "unexpected success", status: Fail, message: "fixture exited with code 0: it should have failed, with a non-zero code", script: `
! run fixture echo fine
`},
		{name: "panic", status: Fail, message: "fixture panicked: boom", reason: "panicked", script: `
run fixture panic
`},
		{name: "panic is no rejection", status: Fail, message: "fixture panicked: boom", reason: "panicked", script: `
! run fixture panic
`},
		{name: "fatal error", status: Fail, reason: "crashed: all goroutines are asleep - deadlock!",
			message: "fixture crashed: fatal error: all goroutines are asleep - deadlock!", script: `
run fixture deadlock
`},
		{name: "signal", status: Fail, message: "fixture was killed by signal 15 (terminated)", reason: "was killed by signal 15 (terminated)", script: `
! run fixture signal
`},
		{name: "stdin is empty", status: Pass, script: `
run fixture stdin
stdout '^read 0 bytes, <nil>$'
`},
		{name: "timeout", status: Timeout, opts: scriptOptions{timeout: 300 * time.Millisecond},
			message: "fixture timed out after 300ms and was stopped", reason: "timed out after 300ms", script: `
run fixture loop
`},
		{name: "timeout is no rejection", status: Timeout, opts: scriptOptions{timeout: 300 * time.Millisecond},
			reason: "timed out after 300ms", script: `
! run fixture loop
`},
		{name: "flood", status: Fail, opts: scriptOptions{outputCap: 64 << 10},
			message: "fixture printed more than 64 KiB on stdout and was stopped", reason: "printed too much (kept the first 64 KiB)", script: `
run fixture flood stdout
`},
		{name: "flood on stderr", status: Fail, opts: scriptOptions{outputCap: 1000},
			message: "fixture printed more than 1000 bytes on stderr and was stopped", reason: "printed too much (kept the first 1000 bytes)", script: `
run fixture flood stderr
`},
		{name: "grandchild holding stdout", status: Pass, script: `
run fixture grandchild
stdout '^grandchild \d+$'
`},
		{name: "environment", status: Pass, script: `
run fixture env PROCBOOK_UNIT
stdout '^PROCBOOK_UNIT="" false$'
env PROCBOOK_UNIT=50ms
run fixture env PROCBOOK_UNIT
stdout '^PROCBOOK_UNIT="50ms" true$'
env PROCBOOK_UNIT=
run fixture env PROCBOOK_UNIT
stdout '^PROCBOOK_UNIT="" false$'
run fixture env PROCBOOK_TRACE
stdout '^PROCBOOK_TRACE=".*trace\.jsonl" true$'
run fixture env SRC
stdout '^SRC=".+" true$'
`},
		{name: "working directory", status: Pass, script: `
mkdir sub
cd sub
run fixture env PWD
stdout '^PWD=".*sub" true$'
`},
	}
	for _, c := range cases {
		t.Run(c.name, c.run)
	}
}

func TestBuiltinComparisons(t *testing.T) {
	cases := []commandCase{
		{name: "stdout", status: Fail, message: "the program's stdout has nothing matching `^bye$`",
			expected: "^bye$", actual: "hello\n", script: `
run fixture echo hello
stdout '^bye$'
`},
		{name: "not stdout", status: Fail, message: "the program's stdout should not match `hel+`, but it has \"hell\"",
			expected: "hel+", actual: "hello\n", script: `
run fixture echo hello
! stdout 'hel+'
`},
		{name: "not stdout, with a colon in the pattern", status: Fail, message: "the program's stdout should not match `a: b`, but it has \"a: b\"",
			expected: "a: b", actual: "a: b\n", script: `
run fixture echo a: b
! stdout 'a: b'
`},
		{name: "stderr", status: Fail, message: "the program's stderr has nothing matching `nothing`",
			expected: "nothing", actual: "fixture: exiting with 1\n", script: `
! run fixture exit 1
stderr 'nothing'
`},
		{name: "cmp", status: Fail, message: "the program's stdout is not what want.txt says it should be",
			expected: "a c\n", actual: "a b\n", script: `
run fixture echo a b
cmp stdout want.txt
-- want.txt --
a c
`},
		{name: "not in the vocabulary", status: Error, message: "the scenario is malformed: line 2: exec is not in the vocabulary", script: `
exec true
`},
		{name: "skip", status: Error, message: "the scenario is malformed: line 2: skip is not in the vocabulary", script: `
skip 'not today'
`},
	}
	for _, c := range cases {
		t.Run(c.name, c.run)
	}
}

func TestTraceCommand(t *testing.T) {
	cases := []commandCase{
		{name: "count", status: Pass, script: `
run fixture children 3
trace count start ppid=main == 3
trace count exit ppid=main code=0 == 3
trace count start func=child >= 3
trace count start ppid=main func=nosuch == 0
trace count pool_start == 0
`},
		{name: "count fails", status: Fail, message: "trace count: want 4 start events with ppid=main, found 3", script: `
run fixture children 3
trace count start ppid=main == 4
`},
		{name: "count says the comparison", status: Fail, message: "trace count: want at most 2 exit events with code=0, found 3", script: `
run fixture children 3
trace count exit code=0 <= 2
`},
		{name: "each run starts a fresh trace", status: Pass, script: `
run fixture children 3
run fixture children 1
trace count start == 1
`},
		{name: "a program without processes", status: Fail, message: "trace count: want 1 start events with ppid=main, found 0", script: `
run fixture echo none
trace count start ppid=main == 1
`},
		{name: "distinct", status: Pass, script: `
run fixture children 3
trace distinct pid start ppid=main == 3
trace distinct func start ppid=main == 1
`},
		{name: "distinct fails", status: Fail, contains: "trace distinct: want at most 2 distinct pid among start events with ppid=main, found 3 (", script: `
run fixture children 3
trace distinct pid start ppid=main <= 2
`},
		{name: "pids", status: Pass, script: `
run fixture children 3
trace pids stdout 'child (\d+)'
trace pids stdout 'child (\d+)' 3
`},
		{name: "pids: the program's own", status: Fail, contains: "is the program's own pid, not a process it started", script: `
run fixture children 2
trace pids stdout 'main (\d+)'
`},
		{name: "pids: too many", status: Fail, contains: "trace pids: want at most 2 distinct pids in stdout, found 3", script: `
run fixture children 3
trace pids stdout 'child (\d+)' 2
`},
		{name: "pids: none", status: Fail, message: "trace pids: nothing in stdout matches `worker (\\d+)`", script: `
run fixture children 1
trace pids stdout 'worker (\d+)'
`},
		{name: "pids: not a child", status: Fail, message: "trace pids: 1 in stdout is not the pid of a process the program started", script: `
run fixture echo worker 1
trace pids stdout 'worker (\d+)'
`},
		{name: "concurrent", status: Pass, script: `
run fixture children 3
trace concurrent >= 1
trace concurrent <= 3
trace concurrent func=nosuch == 0
`},
		{name: "concurrent fails", status: Fail, contains: "trace concurrent: want 0 children of the program alive at once (func=child), found ", script: `
run fixture children 2
trace concurrent func=child == 0
`},
		{name: "before any run", status: Fail, message: "trace count: no program has run yet: `run` it first", script: `
trace count start == 0
`},
		{name: "negated", status: Error, contains: "trace: ! is not allowed here", script: `
run fixture children 1
! trace count start == 0
`},
		{name: "unknown subcommand", status: Error, contains: `trace: unknown subcommand "sum"`, script: `
run fixture children 1
trace sum start
`},
		{name: "unknown event", status: Error, contains: `trace count: unknown event "begin" (events: start, exit, join, pool_start, pool_end, task_start, task_end, output, shared_set, sem_acquire, sem_release, event_set, event_wait, barrier_pass, queue_put, queue_get)`, script: `
run fixture children 1
trace count begin == 1
`},
		{name: "unknown field", status: Error, contains: `trace count: unknown field "parent" in "parent=main"`, script: `
run fixture children 1
trace count start parent=main == 1
`},
		{name: "no comparison", status: Error, contains: "trace count: missing OP N at the end", script: `
run fixture children 1
trace count start ppid=main
`},
		{name: "bad count", status: Error, contains: `trace count: "ten" is not a count`, script: `
run fixture children 1
trace count start == ten
`},
		{name: "bad value", status: Error, contains: `trace count: "code=zero": code wants a whole number`, script: `
run fixture children 1
trace count exit code=zero == 1
`},
		{name: "pids without a group", status: Error, contains: "has no group (…) around the pid", script: `
run fixture children 1
trace pids stdout 'child \d+'
`},
		{name: "who printed", status: Pass, script: `
run fixture children 3
trace count output ppid=main line~'^child \d+$' == 3
trace distinct pid output ppid=main == 3
trace count output before_main=true == 0
trace count output line~'^main ' == 0
trace unjoined == 3
trace written ppid=main == 0
trace raced ppid=main == 0
`},
		{name: "means replaces the trace's words", status: Fail, message: "only 2 children printed: start three.", script: `
run fixture children 2
means 'only {found} children printed: start three.'
trace count output ppid=main == 3
`},
		{name: "means with verbose", status: Fail, opts: scriptOptions{verbose: true},
			message: "only 2 children printed: start three.\n(trace count: want 3 output events with ppid=main, found 2)", script: `
run fixture children 2
means 'only {found} children printed: start three.'
trace count output ppid=main == 3
`},
		{name: "means ends a comparison's message", status: Fail, message: "the program's stdout has nothing matching `^bye$`\nthe program must say bye.", script: `
run fixture echo hello
means 'the program must say bye.'
stdout '^bye$'
`},
		{name: "means ends at the next run", status: Fail, message: "the program's stdout has nothing matching `^bye$`", script: `
means 'the program must say bye.'
run fixture echo hello
stdout '^bye$'
`},
		{name: "means without a full stop", status: Error, contains: "means: the sentence ends with a full stop", script: `
run fixture echo hello
means 'no full stop'
stdout hello
`},
		{name: "unjoined fails", status: Fail, contains: "trace unjoined: want at least 4 children of the program started and not yet joined at once, found 2", script: `
run fixture children 2
trace unjoined >= 4
`},
		{name: "regexp on a number", status: Error, contains: `trace count: "pid~1": only func, result, line match a REGEXP`, script: `
run fixture children 1
trace count output pid~1 == 1
`},
	}
	for _, c := range cases {
		t.Run(c.name, c.run)
	}
}

func TestInorderCommand(t *testing.T) {
	cases := []commandCase{
		{name: "in order", status: Pass, script: `
run fixture echo one
inorder stdout '^one$'
inorder lines.txt '^a' '^b' '^c'
inorder lines.txt '^a' '^c'
! inorder lines.txt '^c' '^a'
-- lines.txt --
a
b
c
`},
		{name: "out of order", status: Fail, expected: "^c\n^a\n", actual: "a\nb\nc\n",
			message: "inorder: no line of lines.txt after line 3 (\"c\", which matches `^c`) matches `^a`", script: `
inorder lines.txt '^c' '^a'
-- lines.txt --
a
b
c
`},
		{name: "one line cannot match twice", status: Fail, contains: "after line 1", script: `
inorder lines.txt 'a' 'a'
-- lines.txt --
a
b
`},
		{name: "missing", status: Fail, message: "inorder: no line of lines.txt matches `^z`", script: `
inorder lines.txt '^z'
-- lines.txt --
a
`},
		{name: "negated", status: Fail, message: "inorder: the lines of lines.txt match `^a`, `^b` in that order, and should not", script: `
! inorder lines.txt '^a' '^b'
-- lines.txt --
a
b
`},
		{name: "usage", status: Error, message: "inorder: usage: inorder FILE REGEXP...", script: `
inorder stdout
`},
		{name: "bad pattern", status: Error, contains: "inorder: bad REGEXP `(`", script: `
inorder lines.txt '('
-- lines.txt --
a
`},
		{name: "missing file", status: Fail, message: "inorder: cannot read nosuch.txt: no such file or directory", script: `
inorder nosuch.txt a
`},
	}
	for _, c := range cases {
		t.Run(c.name, c.run)
	}
}

func TestQuizCommand(t *testing.T) {
	const answers = `-- answers.txt --
1: b
1a: A is wrong because of this.
1b: Right: b.
1c: C is wrong because of that,
    and of more.
2: a c
2a: Right.
2b: B is not right.
2c: Right too.
`
	quiz := func(ticks1, ticks2 string) string {
		box := func(ticks string, l byte) string {
			if strings.IndexByte(ticks, l) >= 0 {
				return "- [x] "
			}
			return "- [ ] "
		}
		return "-- quiz.md --\n# A quiz\n\nTick.\n\n## 1. First?\n\n" +
			box(ticks1, 'a') + "one\n" + box(ticks1, 'b') + "two\n" + box(ticks1, 'c') + "three\n\n" +
			"## 2. Second?\n\n" +
			box(ticks2, 'a') + "one\n" + box(ticks2, 'b') + "two\n" + box(ticks2, 'c') + "three\n"
	}
	cases := []commandCase{
		{name: "right", status: Pass, script: "quiz quiz.md answers.txt\n" + answers + quiz("b", "ac")},
		{name: "untouched", status: Fail, script: "quiz quiz.md answers.txt\n" + answers + quiz("", ""),
			message: "quiz: 2 of 2 questions are not right yet:\nquestion 1: no box ticked\nquestion 2: no box ticked"},
		{name: "wrong", status: Fail, script: "quiz quiz.md answers.txt\n" + answers + quiz("ac", "a"),
			message: "quiz: 2 of 2 questions are not right yet:\n" +
				"question 1: you ticked a and c\n    a is not right: A is wrong because of this.\n    c is not right: C is wrong because of that, and of more.\n    a right box is not ticked\n" +
				"question 2: you ticked a\n    a right box is not ticked"},
		{name: "negated", status: Fail, script: "! quiz quiz.md answers.txt\n" + answers + quiz("b", "ac"),
			message: "quiz: every answer in quiz.md is right, and should not be"},
		{name: "quiz from $SRC", status: Fail, contains: "nosuch.md: no such file or directory", script: "quiz $SRC/nosuch.md answers.txt\n" + answers},
		{name: "usage", status: Error, message: "quiz: usage: quiz QUIZFILE ANSWERFILE", script: "quiz quiz.md\n"},
		{name: "question without answer", status: Fail, message: "quiz: question 2 of quiz.md has no answer in answers.txt",
			script: "quiz quiz.md answers.txt\n-- answers.txt --\n1: b\n" + quiz("b", "")},
		{name: "answer without question", status: Fail, message: "quiz: answers.txt answers question 3, which is not in quiz.md",
			script: "quiz quiz.md answers.txt\n" + answers + "3: a\n" + quiz("b", "ac")},
		{name: "letter without choice", status: Fail, message: "quiz: answers.txt says d is right for question 1, which has only 3 choices in quiz.md",
			script: "quiz quiz.md answers.txt\n-- answers.txt --\n1: d\n2: a\n" + quiz("b", "ac")},
		{name: "bad answer line", status: Error, contains: "quiz: answers.txt line 1: want `N: letters` or `Nx: explanation`",
			script: "quiz quiz.md answers.txt\n-- answers.txt --\nb is right\n" + quiz("b", "ac")},
		{name: "no questions", status: Fail, contains: "quiz: quiz.md has no questions",
			script: "quiz quiz.md answers.txt\n" + answers + "-- quiz.md --\nnothing\n"},
	}
	for _, c := range cases {
		t.Run(c.name, c.run)
	}
}

func TestTranscriptIsCapped(t *testing.T) {
	t.Parallel()
	got := runScript(t, "run fixture flood stdout\n", scriptOptions{outputCap: 1 << 20})
	if len(got.Log) > maxLog+100 {
		t.Errorf("the transcript is %d bytes", len(got.Log))
	}
	if !strings.Contains(got.Log, "bytes left out") || !strings.Contains(got.Log, "FAIL: case.txtar:1: fixture printed more than 1 MiB on stdout") {
		t.Errorf("the transcript's ends:\n%s\n…\n%s", got.Log[:200], got.Log[len(got.Log)-300:])
	}
	// What the flood printed first is kept, cut short, for the learner.
	if len(got.Actual) == 0 || len(got.Actual) > maxActualRun+100 || !strings.HasSuffix(got.Actual, " more)\n") {
		t.Errorf("Actual of a flood is %d bytes, ending %q", len(got.Actual), got.Actual[max(0, len(got.Actual)-60):])
	}
}

func TestErrorLine(t *testing.T) {
	for _, c := range []struct{ stderr, want string }{
		{"", ""},
		{"q3: bad input\n", "q3: bad input"},
		{"warming up\nq3: process: square (pid 12) panicked: boom\n\ngoroutine 1 [running]:\n\t/x/y.go:3 +0x1d\n", "q3: process: square (pid 12) panicked: boom"},
		{"something broke\n\tat line 3\n", "something broke"},
		{"q3: first\nq3: last\n", "q3: last"},
		{strings.Repeat("é", 300), strings.Repeat("é", 200) + "…"},
	} {
		if got := errorLine("q3", c.stderr); got != c.want {
			t.Errorf("errorLine(%q) = %q, want %q", c.stderr, got, c.want)
		}
	}
}

func TestTranscriptOfPassingPhases(t *testing.T) {
	t.Parallel()
	script := `# first phase
run fixture echo first
stdout first

# second phase
run fixture echo second
stdout nothing
`
	short := runScript(t, script, scriptOptions{})
	if strings.Contains(short.Log, "echo first") || !strings.Contains(short.Log, "# first phase") || !strings.Contains(short.Log, "> run fixture echo second") {
		t.Errorf("the transcript should reduce the phase that passed to its heading:\n%s", short.Log)
	}
	long := runScript(t, script, scriptOptions{verbose: true})
	if !strings.Contains(long.Log, "> run fixture echo first") || !strings.Contains(long.Log, "> run fixture echo second") {
		t.Errorf("the verbose transcript should keep every phase:\n%s", long.Log)
	}
}
