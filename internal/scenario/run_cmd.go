package scenario

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/procbook/procbook/internal/sandbox"
	"github.com/procbook/procbook/process"
)

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
	var writable []string
	if trace := ts.Getenv(process.TraceEnv); trace != "" {
		// Each run starts a fresh trace: the trace commands speak of it.
		if err := resetTrace(ts.MkAbs(trace)); err != nil {
			ts.Fatalf("run: emptying the trace: %v", err)
		}
		writable = append(writable, ts.MkAbs(trace))
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
		Sandbox:   st.sandbox,
		Scratch:   ts.Getenv("WORK"),
		Writable:  writable,
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

	if link := linkLeftIn(dir); link != "" {
		// The comparisons that follow read the scenario's files: one the
		// program replaced by a link would be read wherever it points.
		st.status, st.reason = Fail, "left a link in its folder"
		ts.Fatalf("%s left a link in its folder, %s: a program of the workbook writes only to its standard output and error", name, link)
	}
	if msg, status, reason := judgeRun(res, neg); msg != "" {
		st.status, st.reason = status, reason
		ts.Fatalf("%s", msg)
	}
}

// linkLeftIn returns the first symbolic link under dir, relative to it, or
// "" when there is none.
func linkLeftIn(dir string) string {
	var found string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type()&fs.ModeSymlink != 0 {
			found, _ = filepath.Rel(dir, p)
			return filepath.SkipAll
		}
		return nil
	})
	return found
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
	case res.Overrun != nil:
		s := overrunReason(res.Overrun, killedBySupervisor(res.Code))
		next := "a program of the workbook writes only to its standard output and error"
		if res.Overrun.Limit == sandbox.TotalMemoryLimit {
			next = "the workbook's programs need a few MiB each: look for a slice or map that grows without end, or processes started in a loop that does not stop"
		}
		return n + " " + s + ": " + next, Fail, s
	case res.Panicked:
		return fmt.Sprintf("%s panicked: %s", n, res.Crash), Fail, "panicked"
	case res.Crash != "":
		return fmt.Sprintf("%s crashed: fatal error: %s", n, res.Crash), Fail, "crashed: " + res.Crash
	case res.Code < 0 && res.CPULimit > 0 && res.CPU >= res.CPULimit*3/4: // the kernel counts by ticks
		s := fmt.Sprintf("used %v of CPU time, its limit, and was stopped", res.CPULimit)
		return n + " " + s, Fail, s
	case res.Code < 0:
		s := fmt.Sprintf("was killed by signal %d (%s)", -res.Code, signalName(-res.Code))
		return n + " " + s, Fail, s
	case res.Left > 0:
		s := fmt.Sprintf("left %s running when it ended", plural(res.Left, "process", "processes"))
		return fmt.Sprintf("%s %s (they were killed): join every process you start, and close or terminate every pool, before main returns", n, s), Fail, s
	case strings.Contains(res.Stderr, "WARNING: DATA RACE"):
		return fmt.Sprintf("%s has a data race: goroutines change and read a variable without waiting for each other (the race detector's report is on stderr); make main wait for the goroutine, with a sync.WaitGroup, before it reads", n),
			Fail, raceReason
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

// raceReason is the reason of a run in which the race detector reported a
// data race.
const raceReason = "had a data race"

// overrunReason says which limit on the whole run a program went past:
// "used more than 2 GiB of memory in all, and was stopped". A scratch
// folder found past its limit when the run had ended was not stopped.
func overrunReason(o *sandbox.Overrun, stopped bool) string {
	var s string
	switch o.Limit {
	case sandbox.TotalMemoryLimit:
		s = fmt.Sprintf("used more than %s of memory in all", formatBytes(o.Max))
	case sandbox.ScratchBytesLimit:
		s = fmt.Sprintf("wrote more than %s of files in its folder", formatBytes(o.Max))
	case sandbox.ScratchFilesLimit:
		s = fmt.Sprintf("made more than %s in its folder", plural(int(o.Max), "file", "files"))
	default:
		s = "went past its sandbox's limit " + string(o.Limit)
	}
	if stopped {
		s += ", and was stopped"
	}
	return s
}

// describeEnd says briefly how a run ended, for the transcript.
func describeEnd(res *runResult) string {
	switch {
	case res.TimedOut > 0:
		return fmt.Sprintf("timed out after %v", res.TimedOut)
	case res.Overflow != "":
		return "stopped: too much output on " + res.Overflow
	case res.Overrun != nil:
		return "stopped: past its sandbox's limit " + string(res.Overrun.Limit)
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

// formatBytes writes a size as the caps and limits are given: "2 GiB",
// "1 MiB", "64 KiB".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
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

// plural writes n things: "1 process", "2 processes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
