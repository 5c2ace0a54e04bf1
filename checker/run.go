package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/procbook/procbook/checker/internal/exercism"
	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/checker/internal/workspace"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// runFlags are the run command's flags.
type runFlags struct {
	checkFlags
	json  bool
	force bool
}

func (f *runFlags) register(fs *flag.FlagSet) {
	f.checkFlags.register(fs)
	fs.BoolVar(&f.json, "json", false, "print the result as results.json (Exercism's version 3)")
	fs.BoolVar(&f.force, "force", false, "check even if nothing changed since the recorded verdict")
}

var cmdRun = &Command{
	Name:      "run",
	UsageLine: "run [--json] [--force] [--timeout D] [--verbose] [qN]",
	Short:     "build and check one exercise",
	Long: `Run builds the exercise qN from exercises/qN and runs its scenarios.

For each scenario that fails it shows why: the compiler's errors with
file:line, or how the program ended (timed out, killed by a signal,
panicked, printed too much), and the expected and actual output as a line
diff (- expected, + printed). Then a hint, and what to do next.

When nothing that decides the verdict has changed since it was recorded
(the sources, the scenarios, the process library, the Go version), the
recorded verdict is shown at once, and says so; --force checks anyway.

Each run of the program is stopped after --timeout (5s by default); every
process it started is killed with it; its output is capped. The trace of
the last run is kept for 'checker timeline qN'.

With --json the result is printed in the shape of Exercism's results.json
(version 3) instead.

Without qN it works on the exercise you are on: the one you chose in
'checker list', else the first that does not pass.

Exit status: 0 when the exercise passes, 1 when it does not (or the tool
failed), 2 for bad usage.`,
	Bind: bind(runRun),
}

func runRun(env *Env, f *runFlags, args []string) int {
	ex, code, ok := exerciseArg(env, args)
	if !ok {
		return code
	}
	if err := f.valid(); err != nil {
		return usageError(env, "%v", err)
	}
	if !openBook(env, f.checkFlags) {
		return exitFailed
	}
	st, err := checkOrRecall(env, ex, f.force, !f.json)
	res := st.Result
	if err != nil {
		if f.json {
			printJSON(env, toolErrorResults(ex, err))
		}
		return toolError(env, err, "run 'go run ./checker run "+ex.Name+"' again")
	}
	if env.Ctx.Err() != nil {
		fmt.Fprintln(env.Stderr, "checker: interrupted")
		return exitFailed
	}
	if f.json {
		printJSON(env, toResults(env, res))
	} else {
		report(env, ex, res)
		if res.Status == scenario.Pass {
			passedNext(env, ex)
		} else {
			reportHint(env, ex)
			fmt.Fprintf(env.Stdout, "\nNext: edit exercises/%s/, then run %s again.\n", ex.Name, env.Paint.cmd("go run ./checker run "+ex.Name))
		}
	}
	if res.Status != scenario.Pass {
		return exitFailed
	}
	return exitOK
}

// passedNext says what to do after ex passed: look at its timeline, then
// the next exercise not done, from the records.
func passedNext(env *Env, ex workbook.Exercise) {
	if fi, err := os.Stat(env.Store.TracePath(ex.Name)); err == nil && fi.Size() > 0 {
		fmt.Fprintf(env.Stdout, "\nSee how its processes ran: %s.", env.Paint.cmd("go run ./checker timeline "+ex.Name))
	}
	for _, other := range workbook.All {
		if other.Name == ex.Name {
			continue
		}
		st, err := env.Book.Recorded(other)
		if err == nil && st.Status != progress.Done {
			fmt.Fprintf(env.Stdout, "\nNext: %s — %s: %s.\n", other.Name, other.Title, env.Paint.cmd("go run ./checker run "+other.Name))
			return
		}
	}
	fmt.Fprintf(env.Stdout, "\nNext: %s to see your progress.\n", env.Paint.cmd("go run ./checker"))
}

// toResults converts res to results.json, with each scenario's file as its
// test code.
func toResults(env *Env, res *scenario.Result) exercism.Results {
	ex, _ := workbook.Lookup(res.Exercise)
	files := map[string]string{}
	for _, s := range ex.Scenarios {
		if data, err := os.ReadFile(workspace.ScenarioFile(env.Root, s)); err == nil {
			files[s.Name] = string(data)
		}
	}
	return exercism.FromResult(res, func(name string) string { return files[name] })
}

// toolErrorResults is results.json for a check the tool could not make.
func toolErrorResults(ex workbook.Exercise, err error) exercism.Results {
	return exercism.Results{Exercise: ex.Name, Version: 3, Status: exercism.Error,
		Message: "tool error (not a problem with the exercise): " + err.Error(), Tests: []exercism.Test{}}
}

func printJSON(env *Env, v any) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		fmt.Fprintf(env.Stderr, "checker: %v\n", err)
		return
	}
	env.Stdout.Write(append(data, '\n'))
}
