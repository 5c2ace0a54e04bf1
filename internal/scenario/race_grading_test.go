package scenario

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/procbook/procbook/internal/testcache"
	"github.com/procbook/procbook/internal/workbook"
)

// TestRaceScenarios pins which scenarios run the race detector's build:
// none without it, the marked ones where the manifest marks some, and all
// where it marks none.
func TestRaceScenarios(t *testing.T) {
	marked := workbook.Exercise{Scenarios: []workbook.Scenario{{Name: "a"}, {Name: "b", Race: true}}}
	unmarked := workbook.Exercise{Scenarios: []workbook.Scenario{{Name: "a"}, {Name: "b"}}}
	for _, c := range []struct {
		ex   workbook.Exercise
		race bool
		want string
	}{
		{marked, false, "--"},
		{marked, true, "-r"},
		{unmarked, true, "rr"},
		{unmarked, false, "--"},
	} {
		got := ""
		for _, r := range raceScenarios(c.ex, c.race) {
			got += map[bool]string{true: "r", false: "-"}[r]
		}
		if got != c.want {
			t.Errorf("raceScenarios(%v, %v) = %s, want %s", c.ex.Scenarios, c.race, got, c.want)
		}
	}
}

// TestCheckRaceFailsEveryRun checks q2 whose goroutine part sleeps instead
// of waiting (right in most runs, by luck) with the race detector: the
// scenarios that run its build find the race, and every other scenario
// that runs the program fails for it too, whatever the ordinary build
// printed; the quiz, which does not run the program, keeps its verdict.
func TestCheckRaceFailsEveryRun(t *testing.T) {
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("no race detector here (cgo is off)")
	}
	t.Parallel()
	root := repoRoot(t)
	src := t.TempDir()
	sol := filepath.Join(root, "solutions", "q2")
	entries, err := os.ReadDir(sol)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(sol, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "counter.go" {
			s := strings.Replace(string(data), "\twg.Wait()\n", "\ttime.Sleep(50 * time.Millisecond) // not a wait: a data race\n", 1)
			s = strings.Replace(s, "\t\"sync\"\n", "\t\"sync\"\n\t\"time\"\n", 1)
			if s == string(data) {
				t.Fatal("solutions/q2/counter.go has no wg.Wait() to replace")
			}
			data = []byte(s)
		}
		if err := os.WriteFile(filepath.Join(src, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ex, _ := workbook.Lookup("q2")
	res, err := Check(context.Background(), ex, Options{Root: root, SourceDir: src, Race: true, Timeout: runTimeout, Sandbox: testSandbox(), ProgramCache: testPrograms, ProgramsKept: testcache.ProgramsKept})
	if err != nil {
		t.Fatal(err)
	}
	if res.Build != nil {
		t.Fatalf("does not build:\n%s", res.Build.Output)
	}
	for i, s := range res.Scenarios {
		sc := ex.Scenarios[i]
		switch {
		case sc.Name == "q2_quiz":
			if s.Status != Pass {
				t.Errorf("%s: %s, want pass: %s", s.Name, s.Status, explain(s))
			}
		case sc.Race:
			if s.Status != Fail || !strings.Contains(s.Message, "q2 has a data race") {
				t.Errorf("%s: %s: %s; want the race detector's verdict", s.Name, s.Status, explain(s))
			}
		default:
			if s.Status != Fail || !strings.Contains(s.Message, "the race detector found a data race in scenario q2_") || s.Reason != raceReason {
				t.Errorf("%s: %s: %s; want it failed for the data race", s.Name, s.Status, explain(s))
			}
		}
	}
}
