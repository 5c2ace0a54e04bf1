package scenario

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/procbook/procbook/internal/testcache"
	"github.com/procbook/procbook/internal/workbook"
)

// fixtureExercise is an exercise whose program is testdata/fixture and
// whose scenarios are in testdata/scenarios.
var fixtureExercise = workbook.Exercise{
	Name: "fixture",
	Scenarios: []workbook.Scenario{
		{Name: "fixture_children", Points: 2, About: "three children"},
		{Name: "fixture_echo", Points: 1, About: "a comparison that fails"},
		{Name: "fixture_loop", Points: 1, About: "a program that never ends"},
	},
}

func fixtureOptions(t *testing.T) Options {
	return Options{
		Root:        repoRoot(t),
		SourceDir:   filepath.Join("testdata", "fixture"),
		ScenarioDir: filepath.Join("testdata", "scenarios"),
		Timeout:     time.Second,

		ProgramCache: testPrograms,
		ProgramsKept: testcache.ProgramsKept,
	}
}

func TestCheckJudgesEachScenario(t *testing.T) {
	t.Parallel()
	opts := fixtureOptions(t)
	opts.TraceOut = filepath.Join(t.TempDir(), "trace.jsonl")
	opts.WorkDir = t.TempDir()
	res, err := Check(context.Background(), fixtureExercise, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Exercise != "fixture" || res.Status != Timeout || res.Build != nil {
		t.Errorf("exercise %q, status %s, build %v", res.Exercise, res.Status, res.Build)
	}
	want := []struct {
		status Status
		points int
	}{{Pass, 2}, {Fail, 1}, {Timeout, 1}}
	if len(res.Scenarios) != len(want) {
		t.Fatalf("%d scenario results, want %d", len(res.Scenarios), len(want))
	}
	for i, s := range res.Scenarios {
		sc := fixtureExercise.Scenarios[i]
		if s.Name != sc.Name || s.About != sc.About || s.Points != want[i].points || s.Status != want[i].status {
			t.Errorf("scenario %d: %+v", i, s)
		}
		if s.Duration <= 0 {
			t.Errorf("%s: no duration", s.Name)
		}
	}
	echo := res.Scenarios[1]
	if echo.Expected != "goodbye\n" || echo.Actual != "hello\n" {
		t.Errorf("echo: expected %q, actual %q", echo.Expected, echo.Actual)
	}
	if !strings.Contains(echo.Log, "FAIL: fixture_echo.txtar:3: ") || strings.Contains(echo.Log, "WORK=") {
		t.Errorf("echo's transcript:\n%s", echo.Log)
	}
	if loop := res.Scenarios[2]; loop.Reason != "timed out after 1s" {
		t.Errorf("loop: reason %q", loop.Reason)
	}
	// The last scenario that left a trace is fixture_loop's (empty: the
	// loop starts nothing), so TraceOut gets that one.
	if _, err := os.Stat(opts.TraceOut); err != nil {
		t.Errorf("no trace copied: %v", err)
	}
}

func TestCheckTraceOut(t *testing.T) {
	t.Parallel()
	ex := fixtureExercise
	ex.Scenarios = ex.Scenarios[:1]
	opts := fixtureOptions(t)
	opts.TraceOut = filepath.Join(t.TempDir(), "trace.jsonl")
	if _, err := Check(context.Background(), ex, opts); err != nil {
		t.Fatal(err)
	}
	events, err := readTrace(opts.TraceOut)
	if err != nil {
		t.Fatal(err)
	}
	starts := 0
	for _, e := range events {
		if e.Event == "start" {
			starts++
		}
	}
	if starts != 3 {
		t.Errorf("the copied trace has %d start events, want 3", starts)
	}
}

func TestCheckBuildError(t *testing.T) {
	t.Parallel()
	opts := fixtureOptions(t)
	opts.SourceDir = filepath.Join("testdata", "broken")
	opts.Offline = true
	res, err := Check(context.Background(), fixtureExercise, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Error || res.Build == nil {
		t.Fatalf("status %s, build %v", res.Status, res.Build)
	}
	if len(res.Build.Diagnostics) != 1 {
		t.Fatalf("diagnostics %+v\noutput:\n%s", res.Build.Diagnostics, res.Build.Output)
	}
	d := res.Build.Diagnostics[0]
	if d.File != "main.go" || d.Line != 8 || d.Col != 14 || !strings.Contains(d.Message, `cannot use "three"`) {
		t.Errorf("diagnostic %+v", d)
	}
	if !strings.HasPrefix(res.Build.Error(), "scenario: the program does not compile") {
		t.Errorf("Error() = %q", res.Build.Error())
	}
	for _, s := range res.Scenarios {
		if s.Status != Error || s.Message != "the program does not compile" {
			t.Errorf("%s: %s %q", s.Name, s.Status, s.Message)
		}
	}
}

func TestCheckStudentCopyCannotChangeTheModule(t *testing.T) {
	t.Parallel()
	// A learner's copy with a go.mod of its own and a file importing a
	// module the workbook does not require: the workbook's module is used,
	// and, offline, the missing module is a build error, not a download.
	dir := t.TempDir()
	copyFile(t, filepath.Join("testdata", "fixture", "main.go"), filepath.Join(dir, "main.go"))
	write(t, filepath.Join(dir, "go.mod"), "module example.com/mine\n\ngo 1.21\n")
	write(t, filepath.Join(dir, "extra.go"), "package main\n\nimport _ \"example.com/not/required\"\n")
	opts := fixtureOptions(t)
	opts.SourceDir = dir
	opts.Offline = true
	res, err := Check(context.Background(), fixtureExercise, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Build == nil {
		t.Fatalf("built, status %s", res.Status)
	}
	if !strings.Contains(res.Build.Output, "example.com/not/required") {
		t.Errorf("output:\n%s", res.Build.Output)
	}
	want := []Diagnostic{{File: "extra.go", Line: 3, Col: 10,
		Message: "package example.com/not/required is neither in the standard library nor in the workbook's module: an exercise can import only those (it cannot add a dependency)"}}
	if diff := cmp.Diff(want, res.Build.Diagnostics); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if !slices.Equal(res.Build.Foreign, []string{"example.com/not/required"}) {
		t.Errorf("Foreign = %q", res.Build.Foreign)
	}
}

func TestCheckForeignImportsFromTheSources(t *testing.T) {
	t.Parallel()
	// What the build would read decides: a test file and a file for
	// another system may import anything; a package of the standard
	// library, of the workbook or of a module its go.mod requires is
	// there; a module path outside go.mod, a standard-looking path that is
	// not in the standard library and a workbook path with no folder are
	// not.
	dir := t.TempDir()
	copyFile(t, filepath.Join("testdata", "fixture", "main.go"), filepath.Join(dir, "main.go"))
	write(t, filepath.Join(dir, "a_test.go"), "package main\n\nimport _ \"example.com/in/a/test\"\n")
	write(t, filepath.Join(dir, "other.go"), "//go:build plan9\n\npackage main\n\nimport _ \"example.com/on/plan9\"\n")
	write(t, filepath.Join(dir, "known.go"), "package main\n\nimport (\n\t_ \"net/http\"\n\t_ \"github.com/procbook/procbook/process\"\n\t_ \"github.com/google/go-cmp/cmp\"\n)\n")
	write(t, filepath.Join(dir, "unknown.go"), "package main\n\nimport (\n\t_ \"fmtx\"\n\t_ \"github.com/procbook/procbook/nosuch\"\n\t_ \"github.com/acme/fancy\"\n)\n")
	opts := fixtureOptions(t)
	opts.SourceDir = dir
	opts.Offline = true
	res, err := Check(context.Background(), fixtureExercise, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Build == nil {
		t.Fatalf("built, status %s", res.Status)
	}
	want := []string{"fmtx", "github.com/procbook/procbook/nosuch", "github.com/acme/fancy"}
	if !slices.Equal(res.Build.Foreign, want) {
		t.Errorf("Foreign = %q, want %q\n%s", res.Build.Foreign, want, res.Build.Output)
	}
	for i, d := range res.Build.Diagnostics {
		if d.File != "unknown.go" || d.Line != 4+i {
			t.Errorf("diagnostic %d: %+v", i, d)
		}
	}
}

func TestCheckOptionErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		ex   workbook.Exercise
		edit func(*Options)
		want string
	}{
		{"no root", fixtureExercise, func(o *Options) { o.Root = "" }, "scenario: Options.Root is empty"},
		{"not the workbook", fixtureExercise, func(o *Options) { o.Root = t.TempDir() }, "is not the workbook"},
		{"no sources", fixtureExercise, func(o *Options) { o.SourceDir = "/nonexistent" }, "scenario: the sources of fixture: "},
		{"no exercise name", workbook.Exercise{}, func(*Options) {}, "scenario: the exercise has no name"},
		{"no scenarios", workbook.Exercise{Name: "fixture"}, func(*Options) {}, "scenario: fixture has no scenarios in the manifest"},
		{"negative timeout", fixtureExercise, func(o *Options) { o.Timeout = -time.Second }, "scenario: negative timeout"},
		{"missing scenario", workbook.Exercise{Name: "fixture", Scenarios: []workbook.Scenario{{Name: "nosuch"}}},
			func(*Options) {}, "scenario: fixture: scenario nosuch: "},
	}
	for _, c := range cases {
		opts := fixtureOptions(t)
		c.edit(&opts)
		_, err := Check(context.Background(), c.ex, opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

func TestCheckCancelled(t *testing.T) {
	t.Parallel()
	ex := fixtureExercise
	ex.Scenarios = ex.Scenarios[2:] // the loop
	opts := fixtureOptions(t)
	opts.Timeout = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	var res *Result
	var err error
	go func() {
		defer close(done)
		res, err = Check(ctx, ex, opts)
	}()
	time.Sleep(time.Second) // long enough to build (warm) and start
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Check did not return after its context was cancelled")
	}
	if err != context.Canceled {
		t.Errorf("err = %v", err)
	}
	if res != nil && len(res.Scenarios) == 1 && res.Scenarios[0].Status == Pass {
		t.Errorf("a cancelled scenario passed")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	write(t, to, string(data))
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheckNotAProgram(t *testing.T) {
	t.Parallel()
	opts := fixtureOptions(t)
	opts.SourceDir = filepath.Join("testdata", "notmain")
	res, err := Check(context.Background(), fixtureExercise, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Error || res.Build == nil || !strings.Contains(res.Build.Output, "the package is not a program") {
		t.Fatalf("status %s, build %+v", res.Status, res.Build)
	}
}

// TestCheckBuildErrorStillJudgesTheQuiz checks q1's solution with a file
// that does not compile added: the quiz, which reads the sources and runs
// nothing, passes all the same; every scenario that runs the program is
// an error.
func TestCheckBuildErrorStillJudgesTheQuiz(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	src := t.TempDir()
	for _, f := range []string{"args.go", "main.go", "parallel.go", "primes.go", "quiz.md"} {
		b, err := os.ReadFile(filepath.Join(root, "solutions", "q1", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(src, f), b, 0o644)
	}
	os.WriteFile(filepath.Join(src, "broken.go"), []byte("package main\n\nvar x int = \"three\"\n"), 0o644)
	ex, _ := workbook.Lookup("q1")
	res, err := Check(context.Background(), ex, Options{Root: root, SourceDir: src, Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Error || res.Build == nil {
		t.Fatalf("status %s, build %v", res.Status, res.Build)
	}
	for _, s := range res.Scenarios {
		want := Error
		if s.Name == "q1_quiz" {
			want = Pass
		}
		if s.Status != want {
			t.Errorf("%s: %s (%s), want %s", s.Name, s.Status, s.Message, want)
		}
	}
}
