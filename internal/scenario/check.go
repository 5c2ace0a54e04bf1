package scenario

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/procbook/procbook/internal/workbook"
)

// scenarioSlots bounds the scenarios running at once, over every Check of
// the process. Their programs start several processes each, but spend
// most of their time waiting (sleeping for a "unit", joining children),
// so three times as many as the machine has cores keeps the cores busy
// without making the programs that do compute late for their timeouts
// (twice as many left a third of a core idle while a class was graded;
// four times as many made q2's four children, which contend for one lock,
// spend more CPU than they saved).
var scenarioSlots = make(chan struct{}, 3*runtime.NumCPU())

// Check builds the exercise and runs its scenarios. Its error is for the
// tool breaking (no Go toolchain, a missing scenario file); a learner's
// program that fails, times out or does not compile is a Result. When ctx
// is cancelled, the running programs are killed and Check returns the
// scenarios judged so far with ctx's error.
func Check(ctx context.Context, ex workbook.Exercise, opts Options) (*Result, error) {
	start := time.Now()
	opts, err := opts.withDefaults(ex)
	if err != nil {
		return nil, err
	}
	if len(ex.Scenarios) == 0 {
		return nil, fmt.Errorf("scenario: %s has no scenarios in the manifest: there is nothing to check", ex.Name)
	}
	files := make([]string, len(ex.Scenarios))
	for i, sc := range ex.Scenarios {
		files[i] = filepath.Join(opts.ScenarioDir, sc.Name+".txtar")
		if _, err := os.Stat(files[i]); err != nil {
			return nil, fmt.Errorf("scenario: %s: scenario %s: %w", ex.Name, sc.Name, err)
		}
	}

	work := opts.WorkDir
	if work == "" {
		work, err = os.MkdirTemp("", "procbook-"+ex.Name+"-")
		if err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
		defer os.RemoveAll(work)
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}

	res := &Result{Exercise: ex.Name}
	defer func() { res.Duration = time.Since(start) }()
	exe, err := build(ctx, buildSpec{Root: opts.Root, Name: ex.Name, Source: opts.SourceDir, OutDir: work, Offline: opts.Offline, Cache: opts.ProgramCache, Kept: opts.ProgramsKept, Batch: opts.BatchBuilds})
	var buildErr *BuildError
	switch {
	case errors.As(err, &buildErr):
		res.Build = buildErr
	case err != nil:
		return nil, err
	}

	binDir := ""
	if res.Build == nil {
		binDir = filepath.Dir(exe)
	}
	setup := scenarioSetup{
		binDir:    binDir,
		srcDir:    opts.SourceDir,
		timeout:   opts.Timeout,
		outputCap: opts.OutputCap,
		verbose:   opts.Verbose,
		workRoot:  filepath.Join(work, "scenarios"),
		sandbox:   opts.Sandbox,
	}
	racing := raceScenarios(ex, opts.Race)
	raceSetup := setup
	if res.Build == nil && slices.Contains(racing, true) {
		// The race detector's build, for the scenarios that run it. It
		// is built from the same sources; one that builds only without
		// the detector does not build. It is built alone: the other
		// exercises seldom need one, so a batch would only wait.
		rexe, err := build(ctx, buildSpec{Root: opts.Root, Name: ex.Name, Source: opts.SourceDir, OutDir: filepath.Join(work, "race"), Offline: opts.Offline, Race: true, Cache: opts.ProgramCache, Kept: opts.ProgramsKept})
		switch {
		case errors.As(err, &buildErr):
			res.Build = buildErr
		case err != nil:
			return nil, err
		default:
			raceSetup.binDir = filepath.Dir(rexe)
		}
		// The detector makes a program several times slower; and it
		// reserves terabytes of address space for its shadow memory, so
		// no limit on address space holds it.
		raceSetup.timeout *= RaceSlowdown
		if opts.Sandbox != nil {
			lim := *opts.Sandbox
			lim.Memory = 0
			raceSetup.sandbox = &lim
		}
	}
	runs := make([]scenarioRun, len(files))
	var wg sync.WaitGroup
	for i, file := range files {
		// A program that does not compile fails every scenario that runs
		// it; the others (a quiz reads the sources) are judged all the
		// same, and their points do not depend on the program.
		if res.Build != nil && runsProgram(file) {
			runs[i] = scenarioRun{result: ScenarioResult{Status: Error, Message: "the program does not compile"}}
			continue
		}
		setup := setup
		if racing[i] {
			setup = raceSetup
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case scenarioSlots <- struct{}{}:
			case <-ctx.Done():
				runs[i] = scenarioRun{result: ScenarioResult{Status: Error, Message: "the check was cancelled"}}
				return
			}
			defer func() { <-scenarioSlots }()
			runs[i] = runScenario(ctx, setup, file)
		}()
	}
	wg.Wait()
	failRaced(ex, runs, racing, files)

	for i, sc := range ex.Scenarios {
		r := runs[i].result
		r.Name, r.About, r.Points = sc.Name, sc.About, sc.Points
		res.Scenarios = append(res.Scenarios, r)
	}
	res.Status = overall(res.Scenarios)
	if res.Build != nil {
		res.Status = Error
	}
	if opts.TraceOut != "" {
		if err := copyLastTrace(runs, opts.TraceOut); err != nil {
			return res, err
		}
	}
	return res, ctx.Err()
}

// withDefaults fills in the options left empty and checks the others.
func (o Options) withDefaults(ex workbook.Exercise) (Options, error) {
	if ex.Name == "" {
		return o, errors.New("scenario: the exercise has no name")
	}
	if o.Root == "" {
		return o, errors.New("scenario: Options.Root is empty: say where the workbook is")
	}
	root, err := filepath.Abs(o.Root)
	if err != nil {
		return o, fmt.Errorf("scenario: %w", err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return o, fmt.Errorf("scenario: %s is not the workbook: %w", root, err)
	}
	o.Root = root
	if o.SourceDir == "" {
		o.SourceDir = filepath.Join(root, "exercises", ex.Name)
	}
	if o.SourceDir, err = filepath.Abs(o.SourceDir); err != nil {
		return o, fmt.Errorf("scenario: %w", err)
	}
	if fi, err := os.Stat(o.SourceDir); err != nil {
		return o, fmt.Errorf("scenario: the sources of %s: %w", ex.Name, err)
	} else if !fi.IsDir() {
		return o, fmt.Errorf("scenario: the sources of %s: %s is not a folder", ex.Name, o.SourceDir)
	}
	if o.ScenarioDir == "" {
		o.ScenarioDir = filepath.Join(root, "testdata")
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Timeout < 0 {
		return o, fmt.Errorf("scenario: negative timeout %v", o.Timeout)
	}
	if o.OutputCap == 0 {
		o.OutputCap = DefaultOutputCap
	}
	if o.OutputCap < 0 {
		return o, fmt.Errorf("scenario: negative output cap %d", o.OutputCap)
	}
	return o, nil
}

// overall is the exercise's status: the worst of its scenarios'.
func overall(scenarios []ScenarioResult) Status {
	worst := Pass
	for _, s := range scenarios {
		worst = Worst(worst, s.Status)
	}
	return worst
}

// raceScenarios says, for each of the exercise's scenarios, whether it
// runs the race detector's build: none without race, else the scenarios
// the manifest marks, or all of them where it marks none.
func raceScenarios(ex workbook.Exercise, race bool) []bool {
	racing := make([]bool, len(ex.Scenarios))
	if !race {
		return racing
	}
	marked := slices.ContainsFunc(ex.Scenarios, func(sc workbook.Scenario) bool { return sc.Race })
	for i, sc := range ex.Scenarios {
		racing[i] = sc.Race || !marked
	}
	return racing
}

// failRaced fails every scenario that ran the ordinary build of the
// program when one that ran the race detector's found a data race: a
// racy program is right only by luck, and the ordinary build, which
// cannot tell, would grade identical copies differently from run to
// run. The race detector's verdict is the same every time.
func failRaced(ex workbook.Exercise, runs []scenarioRun, racing []bool, files []string) {
	raced := ""
	for i, r := range runs {
		if racing[i] && r.result.Reason == raceReason {
			raced = ex.Scenarios[i].Name
			break
		}
	}
	if raced == "" {
		return
	}
	for i := range runs {
		if racing[i] || !runsProgram(files[i]) {
			continue
		}
		runs[i].result = ScenarioResult{
			Status:  Fail,
			Message: fmt.Sprintf("not run: the race detector found a data race in scenario %s (its report is there); a program with a data race is right only by luck, so no scenario that runs it passes: make main wait for every goroutine (a sync.WaitGroup) before it reads what they changed", raced),
			Reason:  raceReason,
		}
	}
}

// runsProgram reports whether the scenario in file runs the program: one
// that cannot be read or parsed is taken to, and fails when it is run.
func runsProgram(file string) bool {
	data, err := os.ReadFile(file)
	if err != nil {
		return true
	}
	lines, err := parseScript(string(txtar.Parse(data).Comment), nil)
	if err != nil {
		return true
	}
	for _, l := range lines {
		if l.Name == "run" {
			return true
		}
	}
	return false
}

// copyLastTrace copies the trace of the last scenario that left one to
// dst.
func copyLastTrace(runs []scenarioRun, dst string) error {
	for i := len(runs) - 1; i >= 0; i-- {
		if runs[i].workDir == "" {
			continue
		}
		src, err := openTrace(filepath.Join(runs[i].workDir, traceLog))
		if err == nil && src == nil {
			continue
		}
		if err != nil {
			return fmt.Errorf("scenario: copying the trace: %w", err)
		}
		defer src.Close()
		out, err := os.Create(dst)
		if err != nil {
			return fmt.Errorf("scenario: copying the trace: %w", err)
		}
		if _, err := io.Copy(out, src); err != nil {
			out.Close()
			return fmt.Errorf("scenario: copying the trace: %w", err)
		}
		if err := out.Close(); err != nil {
			return fmt.Errorf("scenario: copying the trace: %w", err)
		}
		return nil
	}
	return nil
}
