package scenario

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/procbook/procbook/process"
)

// verdictInput is everything known about a scenario once it has run.
type verdictInput struct {
	name, file string
	log        string // the transcript, as testscript logged it
	failed     bool
	skipped    bool
	panicked   string
	state      *scriptState
	lines      []scriptLine
	sections   map[string]string // the files of the txtar, by name
	workDir    string            // the scenario's $WORK, still on disk
	srcDir     string
	verbose    bool // say the trace's words too
}

// failLine is testscript's account of the command that failed:
// "FAIL: FILE:LINE: MESSAGE", the message possibly on several lines.
var failLine = regexp.MustCompile(`(?m)^FAIL: (.*?):(\d+): `)

// judgeScenario turns what a scenario did into its verdict: the status,
// the failed check in plain words, how the program ended when that
// explains it, and what was expected and found when a comparison failed.
func judgeScenario(in verdictInput) ScenarioResult {
	res := ScenarioResult{Name: in.name, Log: tidyLog(in.log, in.file)}
	switch {
	case in.panicked != "":
		res.Status = Error
		res.Message = "the checker broke while running this scenario: " + firstLine(in.panicked)
		res.Log += "\n" + in.panicked
		return res
	case in.skipped:
		res.Status = Error
		res.Message = "the scenario skipped itself: scenarios must not use skip"
		return res
	case !in.failed:
		res.Status = Pass
		return res
	}
	res.Status = Fail
	if in.state.status != "" {
		res.Status = in.state.status
	}
	res.Reason = in.state.reason

	loc := failLine.FindStringSubmatchIndex(in.log)
	if loc == nil {
		// testscript failed before running a command: setup.
		res.Status = Error
		res.Message = "the scenario could not be set up: " + strings.TrimSpace(in.log)
		return res
	}
	msg := strings.TrimSpace(in.log[loc[1]:])
	lineNo, _ := strconv.Atoi(in.log[loc[4]:loc[5]])
	var line *scriptLine
	for i := range in.lines {
		if in.lines[i].Number == lineNo {
			line = &in.lines[i]
		}
	}
	if line == nil {
		res.Message = msg
		return res
	}
	if vetLine(*line, in.sections) != nil {
		// A command used wrongly is the scenario's fault, not the program's.
		res.Status = Error
	}
	res.Message = explainFailure(*line, plainMessage(*line, msg), meansFor(in.lines, line.Number), in.state.failure, in.verbose)
	res.Expected, res.Actual = compared(*line, in)
	return res
}

// plainMessage rewords testscript's own messages for the built-in
// comparisons so that a learner reads what the program did wrong. The
// messages of the custom commands are already plain.
func plainMessage(line scriptLine, msg string) string {
	switch line.Name {
	case "stdout", "stderr":
		if len(line.Args) == 0 {
			return msg
		}
		pattern := line.Args[len(line.Args)-1]
		switch {
		case strings.HasPrefix(msg, "no match for "):
			return fmt.Sprintf("the program's %s has nothing matching %#q", line.Name, pattern)
		case strings.HasPrefix(msg, "unexpected match for "):
			_, found, _ := strings.Cut(msg, " found in "+line.Name+": ")
			return fmt.Sprintf("the program's %s should not match %#q, but it has %q", line.Name, pattern, found)
		case strings.HasPrefix(msg, "have "):
			return fmt.Sprintf("the program's %s: %s", line.Name, msg)
		}
	case "cmp", "cmpenv":
		if len(line.Args) == 2 && strings.HasSuffix(msg, " differ") {
			if line.Args[0] == "stdout" || line.Args[0] == "stderr" {
				return fmt.Sprintf("the program's %s is not what %s says it should be", line.Args[0], line.Args[1])
			}
			return fmt.Sprintf("%s is not what %s says it should be", line.Args[0], line.Args[1])
		}
	}
	return msg
}

// compared returns what a failed comparison wanted and what it found:
// for stdout, stderr and grep the pattern and the text; for cmp the two
// files; for inorder the patterns and the text.
func compared(line scriptLine, in verdictInput) (expected, actual string) {
	read := func(name string) string {
		if in.state.last != nil {
			switch name {
			case "stdout":
				return in.state.last.Stdout
			case "stderr":
				return in.state.last.Stderr
			}
		}
		name = expandKnown(name, in)
		if !filepath.IsAbs(name) {
			name = filepath.Join(in.workDir, name)
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return ""
		}
		return string(data)
	}
	args := line.Args
	switch line.Name {
	case "stdout", "stderr":
		if len(args) >= 1 {
			return args[len(args)-1], read(line.Name)
		}
	case "grep":
		if len(args) >= 2 {
			return args[len(args)-2], read(args[len(args)-1])
		}
	case "cmp", "cmpenv":
		if len(args) == 2 {
			return read(args[1]), read(args[0])
		}
	case "inorder":
		if q, err := parseInorder(args); err == nil {
			return q.describe(), read(q.File)
		}
	case "run":
		// The run itself failed (a timeout, a flood, a crash): what the
		// program printed before, cut short, says more than the reason.
		return "", headOf(read("stdout"), maxActualRun)
	}
	return "", ""
}

// maxActualRun bounds what a failed run keeps of its output as Actual.
const maxActualRun = 4 << 10

// headOf returns s, or its first max bytes, cut at a line's end, with a
// last line saying how much more there was.
func headOf(s string, max int) string {
	if len(s) <= max {
		return s
	}
	head := s[:max]
	if i := strings.LastIndexByte(head, '\n'); i > 0 {
		head = head[:i+1]
	}
	return head + fmt.Sprintf("… (%s more)\n", formatBytes(int64(len(s)-len(head))))
}

// expandKnown expands the variables a file name in a scenario may hold.
func expandKnown(s string, in verdictInput) string {
	return os.Expand(s, func(k string) string {
		switch k {
		case "WORK":
			return in.workDir
		case srcEnv:
			return in.srcDir
		case process.TraceEnv:
			return filepath.Join(in.workDir, traceLog)
		}
		return "$" + k
	})
}

// Transcripts are cut to maxLog bytes, keeping their beginning (the
// phases) and, mostly, their end (the output and the failure).
const (
	maxLog     = 64 << 10
	maxLogHead = 16 << 10
)

// tidyLog makes a transcript easier to read: the scenario file is named
// by its base name, not its full path, the work folder is not named, and
// a program's flood of output does not make it huge.
func tidyLog(log, file string) string {
	// The work folder is kept until the verdict is made, and testscript
	// then names it on the first line: the learner has no use for it.
	if strings.HasPrefix(log, "WORK=") {
		_, log, _ = strings.Cut(log, "\n")
	}
	log = strings.ReplaceAll(log, "FAIL: "+file+":", "FAIL: "+filepath.Base(file)+":")
	log = strings.TrimRight(log, "\n") + "\n"
	if len(log) <= maxLog {
		return log
	}
	tail := maxLog - maxLogHead
	cut := len(log) - maxLogHead - tail
	return strings.ToValidUTF8(log[:maxLogHead], "") +
		fmt.Sprintf("\n[… %d bytes left out …]\n", cut) +
		strings.ToValidUTF8(log[len(log)-tail:], "")
}

// inVocabulary reports whether a scenario may use the command name.
func inVocabulary(name string) bool {
	_, custom := commands[name]
	return custom || isBuiltin(name)
}

func isBuiltin(name string) bool {
	for _, b := range builtins {
		if b == name {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
