package scenario

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/procbook/procbook/process"
)

// commands are the custom commands of the vocabulary, by name.
var commands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"run":     cmdRun,
	"trace":   cmdTrace,
	"inorder": cmdInorder,
	"quiz":    cmdQuiz,
}

// builtins are the testscript built-in commands a scenario may use. exec,
// stdin, kill, wait and the tty commands are left out: a program is only
// ever started by run, with an empty stdin, and waited for. skip is left
// out too: a scenario that skips itself would pass without checking.
var builtins = []string{
	"cd", "chmod", "cmp", "cmpenv", "cp", "env", "exists", "grep", "mkdir",
	"mv", "rm", "stderr", "stdout", "stop", "symlink", "unix2dos", "unquote",
}

// stateKey is the key of a scenario's *scriptState among its testscript
// values.
type stateKey struct{}

// scriptState is what the custom commands of one scenario share.
type scriptState struct {
	ctx       context.Context
	timeout   time.Duration
	outputCap int64
	envKeys   []string   // every variable the script's environment can hold
	last      *runResult // the program run last; nil before the first run

	// The trace of the last run, read by the first trace command after it.
	traceOf *runResult
	events  []process.Event

	// Set by run when the program ended in a way that explains the
	// scenario's failure.
	status Status // Timeout, or "" for a plain failure
	reason string
}

func stateOf(ts *testscript.TestScript) *scriptState {
	st, ok := ts.Value(stateKey{}).(*scriptState)
	if !ok {
		panic("scenario: a custom command ran outside a scenario set up by this package")
	}
	return st
}

// environ rebuilds the environment the script has reached (testscript
// keeps it to itself): every variable set up for the scenario or by one of
// its env commands, with its current value. A variable set to "" is left
// out, so that `env X=` unsets X.
func (st *scriptState) environ(ts *testscript.TestScript, dir string) []string {
	var env []string
	for _, k := range st.envKeys {
		if v := ts.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return append(env, "PWD="+dir)
}

// cmdRun is `run PROG [ARGS...]`: the program, supervised.
func cmdRun(ts *testscript.TestScript, neg bool, args []string) {
	st := stateOf(ts)
	if len(args) == 0 {
		ts.Fatalf("run: usage: run PROG [ARGS...]")
	}
	name := args[0]
	path, err := lookPath(name, ts.Getenv("PATH"))
	if err != nil {
		ts.Fatalf("run: %v", err)
	}
	if trace := ts.Getenv(process.TraceEnv); trace != "" {
		// Each run starts a fresh trace: the trace commands speak of it.
		if err := os.WriteFile(ts.MkAbs(trace), nil, 0o644); err != nil {
			ts.Fatalf("run: emptying the trace: %v", err)
		}
	}
	dir := ts.MkAbs(".")
	res, err := supervise(st.ctx, runSpec{
		Path:      path,
		Args:      args[1:],
		Name:      name,
		Dir:       dir,
		Env:       st.environ(ts, dir),
		Timeout:   st.timeout,
		OutputCap: st.outputCap,
	})
	if err != nil {
		ts.Fatalf("run: %v", err)
	}
	st.last = res
	// What a custom command writes here is what stdout and stderr check
	// next, as after exec.
	io.WriteString(ts.Stdout(), res.Stdout)
	io.WriteString(ts.Stderr(), res.Stderr)
	ts.Logf("[%s: %s, %.3fs]", name, describeEnd(res), res.Duration.Seconds())

	if msg, status, reason := judgeRun(res, neg); msg != "" {
		st.status, st.reason = status, reason
		ts.Fatalf("%s", msg)
	}
}

// judgeRun decides whether a run went as a scenario wants: a zero exit
// code, or with neg a non-zero one. A timeout, a flood of output, a crash
// or a signal always fail. It returns the failure in plain words, the
// status it calls for and the reason, or "" when the run went well. A
// reason completes "the program …": "timed out after 5s", "panicked",
// "was killed by signal 9 (killed)".
func judgeRun(res *runResult, neg bool) (msg string, status Status, reason string) {
	n := res.Name
	switch {
	case res.Canceled:
		return n + " was stopped: the check was cancelled", Error, "was stopped when the check was cancelled"
	case res.TimedOut > 0:
		return fmt.Sprintf("%s timed out after %v and was stopped", n, res.TimedOut),
			Timeout, fmt.Sprintf("timed out after %v", res.TimedOut)
	case res.Overflow != "":
		return fmt.Sprintf("%s printed more than %s on %s and was stopped", n, formatBytes(res.Cap), res.Overflow),
			Fail, fmt.Sprintf("printed too much (kept the first %s)", formatBytes(res.Cap))
	case res.Panicked:
		return fmt.Sprintf("%s panicked: %s", n, res.Crash), Fail, "panicked"
	case res.Crash != "":
		return fmt.Sprintf("%s crashed: fatal error: %s", n, res.Crash), Fail, "crashed: " + res.Crash
	case res.Code < 0:
		s := fmt.Sprintf("was killed by signal %d (%s)", -res.Code, signalName(-res.Code))
		return n + " " + s, Fail, s
	case neg && res.Code == 0:
		return n + " exited with code 0: it should have failed, with a non-zero code", Fail, ""
	case !neg && res.Code != 0:
		msg := fmt.Sprintf("%s exited with code %d", n, res.Code)
		if said := errorLine(n, res.Stderr); said != "" {
			msg += ", saying: " + said
		}
		return msg, Fail, ""
	}
	return "", "", ""
}

// describeEnd says briefly how a run ended, for the transcript.
func describeEnd(res *runResult) string {
	switch {
	case res.TimedOut > 0:
		return fmt.Sprintf("timed out after %v", res.TimedOut)
	case res.Overflow != "":
		return "stopped: too much output on " + res.Overflow
	case res.Code < 0:
		return fmt.Sprintf("killed by signal %d", -res.Code)
	}
	return fmt.Sprintf("exit code %d", res.Code)
}

// errorLine picks the line of a program's stderr that best says why it
// failed: the last one beginning "NAME: " (Go programs report errors so),
// or else the first line that is not indented (the head of a message, not
// a line of a stack trace). A very long line is cut.
func errorLine(name, stderr string) string {
	var first, named string
	for _, l := range strings.Split(stderr, "\n") {
		switch {
		case strings.HasPrefix(l, name+": "):
			named = l
		case first == "" && strings.TrimSpace(l) != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t"):
			first = l
		}
	}
	line := named
	if line == "" {
		line = first
	}
	line = strings.TrimSpace(line)
	if r := []rune(line); len(r) > 200 {
		line = string(r[:200]) + "…"
	}
	return line
}

// formatBytes writes a size as the caps are given: "1 MiB", "64 KiB".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// lookPath finds a program in a PATH list, as exec does.
func lookPath(name, pathList string) (string, error) {
	if strings.ContainsRune(name, os.PathSeparator) {
		return "", fmt.Errorf("%q: name the program, not a path to it (it is on PATH)", name)
	}
	for _, dir := range filepath.SplitList(pathList) {
		for _, suffix := range exeSuffixes {
			p := filepath.Join(dir, name+suffix)
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && isExecutable(fi) {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("no program %q on PATH", name)
}

// cmdTrace is `trace SUBCOMMAND ...`, a claim about the trace of the last
// run.
func cmdTrace(ts *testscript.TestScript, neg bool, args []string) {
	st := stateOf(ts)
	if neg {
		ts.Fatalf("trace: ! is not allowed here: write the opposite comparison (!= for ==, >= for <, …)")
	}
	c, err := parseTrace(args)
	if err != nil {
		ts.Fatalf("%v", err)
	}
	if st.last == nil {
		ts.Fatalf("trace %s: no program has run yet: `run` it first", args[0])
	}
	name := ts.Getenv(process.TraceEnv)
	if name == "" {
		ts.Fatalf("trace %s: %s is not set, so nothing was traced", args[0], process.TraceEnv)
	}
	if st.traceOf != st.last {
		events, err := readTrace(ts.MkAbs(name))
		if err != nil {
			ts.Fatalf("trace %s: %v", args[0], err)
		}
		// The program and its processes have ended: its trace is complete.
		st.traceOf, st.events = st.last, events
	}
	if err := c.check(st.events, st.last.Pid, readerFor(ts)); err != nil {
		ts.Fatalf("%v", err)
	}
}

// readerFor reads what a command names: stdout or stderr of the last run,
// or a file relative to the script's directory.
func readerFor(ts *testscript.TestScript) func(string) (string, error) {
	return func(name string) (string, error) {
		if name == "stdout" || name == "stderr" {
			return ts.ReadFile(name), nil
		}
		data, err := os.ReadFile(ts.MkAbs(name))
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return "", fmt.Errorf("cannot read %s: %v", name, err)
		}
		return string(data), nil
	}
}

// cmdInorder is `inorder FILE REGEXP...`.
func cmdInorder(ts *testscript.TestScript, neg bool, args []string) {
	q, err := parseInorder(args)
	if err != nil {
		ts.Fatalf("%v", err)
	}
	text, err := readerFor(ts)(q.File)
	if err != nil {
		ts.Fatalf("inorder: %v", err)
	}
	err = q.check(text)
	switch {
	case err != nil && !neg:
		ts.Fatalf("%v", err)
	case err == nil && neg:
		ts.Fatalf("inorder: the lines of %s match %s in that order, and should not", q.File, quotePatterns(q))
	}
}

func quotePatterns(q inorderCheck) string {
	s := make([]string, len(q.Patterns))
	for i, re := range q.Patterns {
		s[i] = fmt.Sprintf("%#q", re)
	}
	return strings.Join(s, ", ")
}

// cmdQuiz is `quiz QUIZFILE ANSWERFILE`.
func cmdQuiz(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("quiz: usage: quiz QUIZFILE ANSWERFILE")
	}
	read := readerFor(ts)
	quizText, err := read(args[0])
	if err != nil {
		ts.Fatalf("quiz: %v", err)
	}
	answersText, err := read(args[1])
	if err != nil {
		ts.Fatalf("quiz: %v", err)
	}
	quizName, answersName := filepath.Base(args[0]), filepath.Base(args[1])
	qs, err := parseQuiz(quizName, quizText)
	if err != nil {
		ts.Fatalf("quiz: %v", err)
	}
	as, err := parseAnswers(answersName, answersText)
	if err != nil {
		ts.Fatalf("quiz: %v", err)
	}
	wrong, err := markQuiz(quizName, qs, answersName, as)
	if err != nil {
		ts.Fatalf("%v", err)
	}
	switch {
	case len(wrong) > 0 && !neg:
		ts.Fatalf("quiz: %d of %d questions are not right yet:\n%s", len(wrong), len(qs), strings.Join(wrong, "\n"))
	case len(wrong) == 0 && neg:
		ts.Fatalf("quiz: every answer in %s is right, and should not be", quizName)
	}
}
