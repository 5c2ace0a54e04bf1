package scenario

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/procbook/procbook/internal/sandbox"
	"github.com/procbook/procbook/process"
)

// Environment variables of a scenario, besides testscript's own.
const (
	srcEnv   = "SRC"         // the exercise's source folder
	traceLog = "trace.jsonl" // the trace, in $WORK
)

// scenarioSetup is what every scenario of one check is run with.
type scenarioSetup struct {
	binDir    string // holds the program, named after the exercise
	srcDir    string // the exercise's sources, absolute: $SRC
	timeout   time.Duration
	outputCap int64
	verbose   bool
	workRoot  string // each scenario's $WORK goes under it
	sandbox   *sandbox.Limits
}

// scenarioRun is a scenario that has run: its verdict, and where its
// $WORK was, so that files can still be read from it.
type scenarioRun struct {
	result  ScenarioResult
	workDir string
}

// runScenario runs the scenario in file against the program and judges
// it. It never fails: a scenario that cannot run is a result with
// Status Error.
func runScenario(ctx context.Context, setup scenarioSetup, file string) scenarioRun {
	name := strings.TrimSuffix(filepath.Base(file), ".txtar")
	start := time.Now()
	fail := func(msg string) scenarioRun {
		return scenarioRun{result: ScenarioResult{Name: name, Status: Error, Message: msg, Duration: time.Since(start)}}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fail("cannot read the scenario: " + err.Error())
	}
	archive := txtar.Parse(data)
	sections := map[string]string{}
	for _, f := range archive.Files {
		sections[f.Name] = string(f.Data)
	}
	lines, err := parseScript(string(archive.Comment), nil)
	if err != nil {
		return fail("the scenario is malformed: " + err.Error())
	}
	for _, l := range lines {
		if !inVocabulary(l.Name) {
			return fail(fmt.Sprintf("the scenario is malformed: line %d: %s is not in the vocabulary", l.Number, l.Name))
		}
	}
	root := filepath.Join(setup.workRoot, name)
	if err := os.RemoveAll(root); err != nil {
		return fail("cannot clear the scenario's work folder: " + err.Error())
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fail("cannot make the scenario's work folder: " + err.Error())
	}

	st := &scriptState{
		ctx:       ctx,
		timeout:   setup.timeout,
		outputCap: setup.outputCap,
		sandbox:   setup.sandbox,
	}
	params := testscript.Params{
		Files:              []string{file},
		WorkdirRoot:        root,
		Cmds:               commands,
		RequireUniqueNames: true,
		Setup: func(env *testscript.Env) error {
			if setup.binDir != "" { // "": the program did not build
				env.Setenv("PATH", setup.binDir+string(os.PathListSeparator)+env.Getenv("PATH"))
			}
			env.Setenv(srcEnv, setup.srcDir)
			env.Setenv(process.TraceEnv, filepath.Join(env.WorkDir, traceLog))
			st.envKeys = envKeys(env.Vars, lines)
			env.Values[stateKey{}] = st
			return nil
		},
	}
	if d, ok := ctx.Deadline(); ok {
		params.Deadline = d
	}
	r := &recorder{verbose: setup.verbose}
	r.Run(name, func(t testscript.T) { testscript.RunT(t, params) })

	workDir := filepath.Join(root, "script-"+name)
	log, failed, skipped, panicked := r.outcome()
	res := judgeScenario(verdictInput{
		name:     name,
		file:     file,
		log:      log,
		failed:   failed,
		skipped:  skipped,
		panicked: panicked,
		state:    st,
		lines:    lines,
		sections: sections,
		workDir:  workDir,
		srcDir:   setup.srcDir,
		verbose:  setup.verbose,
	})
	res.Duration = time.Since(start)
	return scenarioRun{result: res, workDir: workDir}
}

// envKeys lists every variable a script's environment can hold: those set
// up for it, and those its env commands set.
func envKeys(vars []string, lines []scriptLine) []string {
	seen := map[string]bool{}
	var keys []string
	add := func(k string) {
		if k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, kv := range vars {
		k, _, _ := strings.Cut(kv, "=")
		add(k)
	}
	for _, l := range lines {
		if l.Name != "env" {
			continue
		}
		for _, a := range l.Args {
			if k, _, ok := strings.Cut(a, "="); ok {
				add(k)
			}
		}
	}
	return keys
}
