package scenario

import (
	"errors"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// A scenario says, in the learner's words, what its checks mean:
//
//	means 'your program started no child process: use process.New(...).Start().'
//	trace count start ppid=main == 4
//
// The sentence applies to the checks that follow it, up to the next means
// or the next run. When one of them fails, the verdict's message ends with
// the sentence; for a trace command, whose own words are the trace's
// ("want 4 start events with ppid=main, found 0"), the sentence is the
// whole message, and the trace's words are kept for Options.Verbose. In
// the sentence, {found} stands for the number the failed trace command
// found.

// cmdMeans is `means SENTENCE`. It checks nothing when it runs: the
// verdict reads it from the script.
func cmdMeans(ts *testscript.TestScript, neg bool, args []string) {
	if err := vetMeans(neg, args); err != nil {
		ts.Fatalf("%v", err)
	}
}

// vetMeans checks the arguments of means.
func vetMeans(neg bool, args []string) error {
	switch {
	case neg:
		return errors.New("means: ! is not allowed")
	case len(args) != 1:
		return errors.New("usage: means SENTENCE (one argument: quote it)")
	case !strings.HasSuffix(strings.TrimSpace(args[0]), "."):
		return errors.New("means: the sentence ends with a full stop: say what the failure means and what to do next")
	}
	return nil
}

// meansFor returns the sentence that applies to the command on line
// number, or "": none applies to a run, whose failure its reason explains.
func meansFor(lines []scriptLine, number int) string {
	sentence := ""
	for _, l := range lines {
		if l.Number == number && l.Name == "run" {
			return ""
		}
		if l.Number >= number {
			break
		}
		switch l.Name {
		case "means":
			if len(l.Args) == 1 {
				sentence = l.Args[0]
			}
		case "run":
			sentence = ""
		}
	}
	return sentence
}

// explainFailure makes the message of a failed check from its own message
// (msg, already reworded by plainMessage) and the sentence that applies to
// it. failure is the error of the trace command that failed, if one did.
func explainFailure(line scriptLine, msg, sentence string, failure error, verbose bool) string {
	if sentence == "" {
		return msg
	}
	if line.Name != "trace" {
		return msg + "\n" + sentence
	}
	var cf *checkFailure
	if errors.As(failure, &cf) {
		sentence = strings.ReplaceAll(sentence, "{found}", strconv.Itoa(cf.Found))
	}
	if verbose {
		return sentence + "\n(" + msg + ")"
	}
	return sentence
}
