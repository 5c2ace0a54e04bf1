package scenario

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/procbook/procbook/internal/testcache"
)

// testDir holds what the tests build once and share; TestMain removes it.
var testDir string

// testPrograms is the program cache the tests keep from one run to the
// next (package testcache): the solutions, stubs and antisolutions they
// build are linked again only when they changed.
var testPrograms = testcache.Programs("scenario")

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "procbook-scenario-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testDir = dir
	// go test runs this package beside the others, each with programs of
	// its own: fewer scenarios at once than grading, the machine's only
	// work, runs.
	scenarioSlots = make(chan struct{}, 2*runtime.NumCPU())
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// repoRoot returns the workbook's root: two folders up from this package.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

var fixture struct {
	once sync.Once
	exe  string
	err  error
}

// fixtureExe builds testdata/fixture once, as the program called fixture.
func fixtureExe(t testing.TB) string {
	t.Helper()
	fixture.once.Do(func() {
		src, err := filepath.Abs(filepath.Join("testdata", "fixture"))
		if err != nil {
			fixture.err = err
			return
		}
		fixture.exe, fixture.err = build(context.Background(), buildSpec{
			Root:   repoRoot(t),
			Name:   "fixture",
			Source: src,
			OutDir: filepath.Join(testDir, "fixture"),
			Cache:  testPrograms,
			Kept:   testcache.ProgramsKept,
		})
	})
	if fixture.err != nil {
		t.Fatalf("building the fixture: %v", fixture.err)
	}
	return fixture.exe
}

// scriptOptions adjusts how runScript runs a script.
type scriptOptions struct {
	timeout   time.Duration
	outputCap int64
	verbose   bool
}

// runScript runs script, the text of a txtar scenario, against the
// fixture program and returns the verdict.
func runScript(t *testing.T, script string, o scriptOptions) ScenarioResult {
	t.Helper()
	exe := fixtureExe(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "case.txtar")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	if o.timeout == 0 {
		o.timeout = DefaultTimeout
	}
	if o.outputCap == 0 {
		o.outputCap = DefaultOutputCap
	}
	setup := scenarioSetup{
		binDir:    filepath.Dir(exe),
		srcDir:    dir,
		timeout:   o.timeout,
		outputCap: o.outputCap,
		verbose:   o.verbose,
		workRoot:  filepath.Join(dir, "work"),
	}
	return runScenario(context.Background(), setup, file).result
}
