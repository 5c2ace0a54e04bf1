package scenario

import (
	"bufio"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/procbook/procbook/internal/sandbox"
	"github.com/procbook/procbook/internal/stubs"
	"github.com/procbook/procbook/internal/testcache"
	"github.com/procbook/procbook/internal/workbook"
)

// The proof of the whole book: every reference solution passes every
// scenario of its exercise, every untouched stub fails every one, every
// antisolution fails the scenarios it names, and the manifest, the
// scenario files and the quizzes agree with each other.

// TestWorkbookSolutionsPass checks solutions/<name> of every exercise
// against all of its scenarios.
func TestWorkbookSolutionsPass(t *testing.T) {
	root := repoRoot(t)
	for _, ex := range workbook.All {
		t.Run(ex.Name, func(t *testing.T) {
			t.Parallel()
			res := checkWorkbook(t, ex, filepath.Join(root, "solutions", ex.Name))
			for _, s := range res.Scenarios {
				if s.Status != Pass {
					t.Errorf("%s: %s: %s\n%s", s.Name, s.Status, explain(s), s.Log)
				}
			}
		})
	}
}

// TestWorkbookStubsFail checks the original stub of every exercise (the
// snapshot that 'checker reset' restores, not exercises/<name>, which is
// the learner's to change): each scenario must fail on its own, as a
// failure (the stub compiles and ends in time), so that no scenario passes
// by accident.
func TestWorkbookStubsFail(t *testing.T) {
	for _, ex := range workbook.All {
		t.Run(ex.Name, func(t *testing.T) {
			t.Parallel()
			res := checkWorkbook(t, ex, originalStub(t, ex.Name))
			for _, s := range res.Scenarios {
				if s.Status != Fail {
					t.Errorf("%s on the stub: %s, want fail: %s\n%s", s.Name, s.Status, explain(s), s.Log)
				}
			}
		})
	}
}

// TestWorkbookAntisolutionsFail checks every antisolution of
// testdata/anti against its exercise: each scenario its fails.txt names
// must fail (fail or time out: an antisolution compiles). Only those
// scenarios are run: the others may pass or fail, and would only take
// time.
func TestWorkbookAntisolutionsFail(t *testing.T) {
	root := repoRoot(t)
	for _, anti := range antisolutions(t, root) {
		t.Run(anti.dir, func(t *testing.T) {
			t.Parallel()
			ex := anti.exercise
			ex.Scenarios = slices.DeleteFunc(slices.Clone(ex.Scenarios), func(s workbook.Scenario) bool {
				return !slices.ContainsFunc(anti.fails, func(f mustFail) bool { return f.scenario == s.Name })
			})
			res := checkWorkbook(t, ex, antisolutionSource(t, root, anti))
			for _, s := range res.Scenarios {
				for _, f := range anti.fails {
					if f.scenario != s.Name {
						continue
					}
					switch {
					case s.Status != Fail && s.Status != Timeout:
						t.Errorf("%s: %s, want fail: %s\n%s", s.Name, s.Status, explain(s), s.Log)
					case !strings.Contains(s.Message, f.because):
						t.Errorf("%s fails, but not because %q: %s\n%s", s.Name, f.because, explain(s), s.Log)
					}
				}
			}
		})
	}
}

// fromSolution names the file of an antisolution's folder that lists the
// files it takes, unchanged, from its exercise's solution: the mistake is
// in the folder's own files, the rest is the solution's.
const fromSolution = "from_solution.txt"

// antisolutionSource returns the folder that holds anti's whole package:
// its own folder, or, where it takes files from the solution, a folder of
// the test's with those files and its own.
func antisolutionSource(t *testing.T, root string, anti antisolution) string {
	t.Helper()
	dir := filepath.Join(root, "testdata", "anti", anti.dir)
	list, err := os.ReadFile(filepath.Join(dir, fromSolution))
	if errors.Is(err, fs.ErrNotExist) {
		return dir
	}
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	copyInto := func(from, name string) {
		data, err := os.ReadFile(filepath.Join(from, name))
		if err != nil {
			t.Fatalf("testdata/anti/%s: %v", anti.dir, err)
		}
		if err := os.WriteFile(filepath.Join(src, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range strings.Fields(string(list)) {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("testdata/anti/%s: %s is both its own and listed in %s", anti.dir, name, fromSolution)
		}
		copyInto(filepath.Join(root, "solutions", anti.exercise.Name), name)
	}
	own, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range own {
		if e.Type().IsRegular() && e.Name() != fromSolution {
			copyInto(dir, e.Name())
		}
	}
	return src
}

// originalStub writes the original stub of exercise name, as the snapshot
// in package exercises holds it, to a folder of the test's and returns the
// folder. The learner's exercises/<name> may hold anything: half an
// answer, a whole one, code that does not compile.
func originalStub(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	if err := stubs.Write(dir, name); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkWorkbook runs Check on one exercise's sources and fails the test
// when the check itself could not be done or the program did not build.
func checkWorkbook(t *testing.T, ex workbook.Exercise, src string) *Result {
	t.Helper()
	if len(ex.Scenarios) == 0 {
		t.Fatalf("%s has no scenarios in the manifest", ex.Name)
	}
	// Under go test -race, the programs are built with -race too, so that
	// the solutions are proven free of data races as well.
	// Where a sandbox can be had, the programs run in one, as grading
	// runs them, so that the verdicts are proven to hold there too; and
	// they are built in batches, as grading builds them.
	res, err := Check(context.Background(), ex, Options{Root: repoRoot(t), SourceDir: src, Race: raceEnabled, Timeout: runTimeout, Sandbox: testSandbox(), ProgramCache: testPrograms, ProgramsKept: testcache.ProgramsKept, BatchBuilds: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Build != nil {
		t.Fatalf("%s does not build:\n%s", src, res.Build.Output)
	}
	if len(res.Scenarios) != len(ex.Scenarios) {
		t.Fatalf("%d scenario results for %d scenarios", len(res.Scenarios), len(ex.Scenarios))
	}
	return res
}

// testSandbox is the sandbox the workbook's tests run programs in: the
// grader's, where it can be had, and none elsewhere. Check lifts the limit
// on address space for a program built with -race.
func testSandbox() *sandbox.Limits {
	if sandbox.Available() != nil {
		return nil
	}
	lim := sandbox.DefaultLimits
	return &lim
}

// explain says why a scenario got its verdict.
func explain(s ScenarioResult) string {
	msg := s.Message
	if s.Reason != "" {
		msg += " (" + s.Reason + ")"
	}
	return msg
}

// antisolution is a folder of testdata/anti and what it must fail.
type antisolution struct {
	dir      string // "q3_serial"
	exercise workbook.Exercise
	fails    []mustFail
}

// mustFail is a line of fails.txt: a scenario, and what its message must
// say ("" for anything).
type mustFail struct {
	scenario, because string
}

// antisolutions reads testdata/anti: each folder is named
// <exercise>_<what>, and its fails.txt lists, one a line, the scenarios it
// must fail.
func antisolutions(t *testing.T, root string) []antisolution {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(root, "testdata", "anti"))
	if err != nil {
		t.Fatal(err)
	}
	var antis []antisolution
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		exName, _, _ := strings.Cut(e.Name(), "_")
		ex, ok := workbook.Lookup(exName)
		if !ok {
			t.Errorf("testdata/anti/%s: no exercise %q in the manifest", e.Name(), exName)
			continue
		}
		fails, err := readFails(filepath.Join(root, "testdata", "anti", e.Name(), "fails.txt"))
		if err != nil {
			t.Errorf("testdata/anti/%s: %v", e.Name(), err)
			continue
		}
		if len(fails) == 0 {
			t.Errorf("testdata/anti/%s: fails.txt names no scenario", e.Name())
		}
		for _, f := range fails {
			if !slices.ContainsFunc(ex.Scenarios, func(s workbook.Scenario) bool { return s.Name == f.scenario }) {
				t.Errorf("testdata/anti/%s: fails.txt names %s, which is not a scenario of %s", e.Name(), f.scenario, ex.Name)
			}
		}
		antis = append(antis, antisolution{dir: e.Name(), exercise: ex, fails: fails})
	}
	return antis
}

// readFails reads a fails.txt: scenario names, one a line, each maybe
// followed by a colon and words its failure's message must hold; blank
// lines and lines starting with # are ignored.
func readFails(name string) ([]mustFail, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var fails []mustFail
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		scenario, because, _ := strings.Cut(line, ":")
		fails = append(fails, mustFail{strings.TrimSpace(scenario), strings.TrimSpace(because)})
	}
	return fails, sc.Err()
}

// TestWorkbookManifestMatchesScenarios checks that every scenario file
// testdata/q*.txtar is in the manifest, under the exercise its name
// begins with, and every manifest scenario has its file; and that every
// exercise has at least one scenario, each worth points and described.
func TestWorkbookManifestMatchesScenarios(t *testing.T) {
	root := repoRoot(t)
	files, err := filepath.Glob(filepath.Join(root, "testdata", "q*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	inManifest := map[string]string{} // scenario → exercise
	for _, ex := range workbook.All {
		if len(ex.Scenarios) == 0 {
			t.Errorf("%s has no scenarios", ex.Name)
		}
		for _, s := range ex.Scenarios {
			if other, dup := inManifest[s.Name]; dup {
				t.Errorf("scenario %s is in both %s and %s", s.Name, other, ex.Name)
			}
			inManifest[s.Name] = ex.Name
			if !strings.HasPrefix(s.Name, ex.Name+"_") {
				t.Errorf("scenario %s of %s: its name must begin with %s_", s.Name, ex.Name, ex.Name)
			}
			if s.Points <= 0 {
				t.Errorf("scenario %s is worth %d points", s.Name, s.Points)
			}
			if strings.TrimSpace(s.About) == "" {
				t.Errorf("scenario %s says nothing About itself", s.Name)
			}
			if _, err := os.Stat(filepath.Join(root, "testdata", s.Name+".txtar")); err != nil {
				t.Errorf("scenario %s of %s has no file: %v", s.Name, ex.Name, err)
			}
		}
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txtar")
		if _, ok := inManifest[name]; !ok {
			t.Errorf("testdata/%s.txtar is in no exercise of the manifest", name)
		}
	}
}

// TestWorkbookScenariosVet checks every scenario file with Vet: its
// commands are in the vocabulary, their arguments well formed, and it
// runs the program of its own exercise.
func TestWorkbookScenariosVet(t *testing.T) {
	root := repoRoot(t)
	for _, ex := range workbook.All {
		for _, s := range ex.Scenarios {
			data, err := os.ReadFile(filepath.Join(root, "testdata", s.Name+".txtar"))
			if err != nil {
				continue // reported by TestWorkbookManifestMatchesScenarios
			}
			if err := Vet(s.Name+".txtar", data); err != nil {
				t.Error(err)
			}
			lines, err := parseScript(string(txtar.Parse(data).Comment), nil)
			if err != nil {
				continue // reported by Vet
			}
			checks := 0
			for _, l := range lines {
				switch l.Name {
				case "run":
					if len(l.Args) > 0 && l.Args[0] != ex.Name {
						t.Errorf("%s.txtar:%d: runs %s, not %s", s.Name, l.Number, l.Args[0], ex.Name)
					}
				case "stdout", "stderr", "cmp", "grep", "trace", "inorder", "quiz":
					checks++
				}
			}
			if checks == 0 {
				t.Errorf("%s.txtar checks nothing", s.Name)
			}
		}
	}
}

// TestWorkbookQuizzes checks every quiz against the answers its scenario
// gives: the quiz has questions with choices, the stub ticks no box, every
// question has an answer naming existing choices, and every choice is
// explained.
func TestWorkbookQuizzes(t *testing.T) {
	root := repoRoot(t)
	for _, ex := range workbook.All {
		t.Run(ex.Name, func(t *testing.T) {
			answers := quizAnswers(t, root, ex)
			if !ex.Quiz {
				if answers != "" {
					t.Errorf("%s is not marked Quiz in the manifest, yet one of its scenarios runs quiz", ex.Name)
				}
				return
			}
			if answers == "" {
				t.Fatalf("%s has a quiz and no scenario runs `quiz $SRC/quiz.md FILE` with FILE a section of the scenario", ex.Name)
			}
			data, err := os.ReadFile(filepath.Join(originalStub(t, ex.Name), "quiz.md"))
			if err != nil {
				t.Fatal(err)
			}
			qs, err := parseQuiz("quiz.md", string(data))
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range qs {
				if len(q.Ticked) > 0 {
					t.Errorf("exercises/%s/quiz.md: question %d has a box ticked already", ex.Name, q.Number)
				}
			}
			as, err := parseAnswers("answers", answers)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := markQuiz("quiz.md", qs, "answers", as); err != nil {
				t.Fatal(err)
			}
			for _, q := range qs {
				for _, a := range as {
					if a.Number != q.Number {
						continue
					}
					for i := range q.Choices {
						if a.Why[byte('a'+i)] == "" {
							t.Errorf("question %d: choice %c has no explanation", q.Number, 'a'+i)
						}
					}
				}
			}
		})
	}
}

// quizAnswers returns the answer section of the exercise's quiz scenario,
// or "" when no scenario of the exercise runs quiz.
func quizAnswers(t *testing.T, root string, ex workbook.Exercise) string {
	t.Helper()
	for _, s := range ex.Scenarios {
		data, err := os.ReadFile(filepath.Join(root, "testdata", s.Name+".txtar"))
		if err != nil {
			continue
		}
		a := txtar.Parse(data)
		lines, err := parseScript(string(a.Comment), nil)
		if err != nil {
			continue
		}
		for _, l := range lines {
			if l.Name != "quiz" || len(l.Args) != 2 {
				continue
			}
			if l.Args[0] != "$SRC/quiz.md" {
				t.Errorf("%s.txtar:%d: the quiz is $SRC/quiz.md, not %s", s.Name, l.Number, l.Args[0])
			}
			for _, f := range a.Files {
				if f.Name == l.Args[1] {
					return string(f.Data)
				}
			}
			t.Errorf("%s.txtar:%d: no section -- %s --", s.Name, l.Number, l.Args[1])
		}
	}
	return ""
}

// meansPending lists the exercises whose scenarios do not yet say what
// each of their checks means.
var meansPending []string

// TestWorkbookChecksSayWhatTheyMean checks that every check of every
// scenario (a comparison of output, a trace claim) has a means sentence in
// scope, so that a learner whose program fails it reads what the failure
// means and what to do next, not only the fact.
func TestWorkbookChecksSayWhatTheyMean(t *testing.T) {
	root := repoRoot(t)
	for _, ex := range workbook.All {
		if slices.Contains(meansPending, ex.Name) {
			continue
		}
		for _, s := range ex.Scenarios {
			data, err := os.ReadFile(filepath.Join(root, "testdata", s.Name+".txtar"))
			if err != nil {
				continue // reported by TestWorkbookManifestMatchesScenarios
			}
			lines, err := parseScript(string(txtar.Parse(data).Comment), nil)
			if err != nil {
				continue // reported by Vet
			}
			for _, l := range lines {
				switch l.Name {
				case "stdout", "stderr", "cmp", "grep", "trace", "inorder":
					if meansFor(lines, l.Number) == "" {
						t.Errorf("%s.txtar:%d: %s has no means before it (after the last run) to say what its failure means", s.Name, l.Number, l.Name)
					}
				}
			}
		}
	}
}
