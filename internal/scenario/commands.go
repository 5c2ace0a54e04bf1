package scenario

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/procbook/procbook/internal/sandbox"
	"github.com/procbook/procbook/process"
)

// commands are the custom commands of the vocabulary, by name.
var commands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"run":     cmdRun,
	"trace":   cmdTrace,
	"inorder": cmdInorder,
	"quiz":    cmdQuiz,
	"means":   cmdMeans,
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
	sandbox   *sandbox.Limits // nil runs programs plainly
	envKeys   []string        // every variable the script's environment can hold
	last      *runResult      // the program run last; nil before the first run

	// The trace of the last run, read by the first trace command after it.
	traceOf *runResult
	events  []process.TraceEvent

	// Set by run when the program ended in a way that explains the
	// scenario's failure.
	status Status // Timeout, or "" for a plain failure
	reason string

	// The error of the trace command that failed, for the verdict.
	failure error
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
