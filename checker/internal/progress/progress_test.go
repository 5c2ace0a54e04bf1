package progress

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/procbook/procbook/checker/internal/state"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/stubs"
	"github.com/procbook/procbook/internal/workbook"
)

// fakeBook is a workbook in a temporary folder holding the original stubs,
// whose checks pass exactly when the exercise's folder has a file named
// SOLVED, counted in runs.
func fakeBook(t *testing.T) (*Book, *atomic.Int32) {
	t.Helper()
	root := t.TempDir()
	for _, ex := range workbook.All {
		stub, err := stubs.Stub(ex.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range stub {
			write(t, filepath.Join(root, "exercises", ex.Name, f.Name), string(f.Data))
		}
	}
	write(t, filepath.Join(root, "process", "process.go"), "package process\n")
	write(t, filepath.Join(root, "go.mod"), "module github.com/procbook/procbook\n")
	store, err := state.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int32
	run := func(ctx context.Context, ex workbook.Exercise) (*scenario.Result, error) {
		runs.Add(1)
		res := &scenario.Result{Exercise: ex.Name, Status: scenario.Fail}
		if _, err := os.Stat(filepath.Join(root, "exercises", ex.Name, "SOLVED")); err == nil {
			res.Status = scenario.Pass
		}
		return res, nil
	}
	return New(root, store, run), &runs
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func solve(t *testing.T, b *Book, name string) {
	write(t, filepath.Join(b.Root, "exercises", name, "SOLVED"), "")
}

func TestStartsOnTheFirstExercise(t *testing.T) {
	b, runs := fakeBook(t)
	stands, cur, err := b.Find(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if cur != 0 || stands[0].Status != NotStarted || runs.Load() != 0 {
		t.Fatalf("current %d, q1 %v, %d runs; want q1, not started, no check of an untouched stub", cur, stands[0].Status, runs.Load())
	}
	// Once checked, the stub's verdict is remembered with it.
	if _, err := b.Check(context.Background(), workbook.All[0]); err != nil {
		t.Fatal(err)
	}
	if st, err := b.Recorded(workbook.All[0]); err != nil || st.Status != NotStarted || st.Result == nil {
		t.Fatalf("the checked stub: %+v, %v; want not started, with its result", st, err)
	}
}

func TestFindChecksUntilOneIsNotDone(t *testing.T) {
	b, runs := fakeBook(t)
	solve(t, b, "q1")
	solve(t, b, "q2")
	write(t, filepath.Join(b.Root, "exercises", "q3", "extra.go"), "package main\n")
	solve(t, b, "q5") // after the current one: not checked
	stands, cur, err := b.Find(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if cur != 2 || stands[0].Status != Done || stands[1].Status != Done || stands[2].Status != Failing {
		t.Fatalf("current %d, standings %v %v %v; want q3 failing after q1, q2 done", cur, stands[0].Status, stands[1].Status, stands[2].Status)
	}
	if stands[4].Status != Unchecked || runs.Load() != 3 {
		t.Fatalf("q5 %v, %d runs; want q5 unchecked and 3 runs", stands[4].Status, runs.Load())
	}

	// Nothing changed: the records answer, nothing runs.
	st, ok, err := b.Unchanged(workbook.All[2])
	if err != nil || !ok || st.Status != Failing || st.Fresh || st.When.IsZero() {
		t.Fatalf("Unchanged(q3) = %+v, %v, %v; want the recorded failure", st, ok, err)
	}
	if _, _, err := b.Find(context.Background()); err != nil || runs.Load() != 3 {
		t.Fatalf("a second Find ran %d checks (err %v); want none", runs.Load()-3, err)
	}
	// A verdict recorded under another limit on each run does not answer.
	b.Timeout = time.Second
	if _, ok, _ := b.Unchanged(workbook.All[2]); ok {
		t.Fatal("a verdict recorded without a timeout answered for one with")
	}
	b.Check(context.Background(), workbook.All[2])
	if _, ok, _ := b.Unchanged(workbook.All[2]); !ok {
		t.Fatal("a verdict recorded with the same timeout did not answer")
	}
	// A change to a source, to the library or to Go makes the record stale.
	for _, change := range []func(){
		func() { write(t, filepath.Join(b.Root, "exercises", "q3", "extra.go"), "package main // edited\n") },
		func() { write(t, filepath.Join(b.Root, "process", "process.go"), "package process // edited\n") },
		func() { b.GoVersion = "go9.9" },
	} {
		b.Check(context.Background(), workbook.All[2])
		change()
		if _, ok, _ := b.Unchanged(workbook.All[2]); ok {
			t.Fatal("a record survived a change")
		}
	}
}

func TestChoiceComesFirstUntilDone(t *testing.T) {
	b, _ := fakeBook(t)
	if err := b.Choose(workbook.All[3]); err != nil {
		t.Fatal(err)
	}
	if ex, ok, err := b.Current(); err != nil || !ok || ex.Name != "q4" {
		t.Fatalf("Current = %s, %v, %v; want the chosen q4", ex.Name, ok, err)
	}
	solve(t, b, "q4")
	_, cur, err := b.Find(context.Background())
	if err != nil || cur != 4 {
		t.Fatalf("after q4 passed, current = %d, %v; want q5, the next after the choice", cur, err)
	}
	for _, name := range []string{"q5", "q6"} {
		solve(t, b, name)
	}
	if _, cur, _ := b.Find(context.Background()); cur != 0 {
		t.Fatalf("with q4..q6 done, current = %d; want q1 (wrapping round)", cur)
	}
	for _, name := range []string{"q1", "q2", "q3"} {
		solve(t, b, name)
	}
	if stands, cur, _ := b.Find(context.Background()); cur != -1 || CountDone(stands) != 6 {
		t.Fatalf("all solved: current %d, %d done; want -1, 6", cur, CountDone(stands))
	}
}

func TestSurvey(t *testing.T) {
	b, runs := fakeBook(t)
	for _, ex := range workbook.All {
		solve(t, b, ex.Name)
	}
	stands, err := b.Survey(context.Background(), false, 2)
	if err != nil || runs.Load() != 0 || stands[5].Status != Unchecked {
		t.Fatalf("Survey without checks: %v, %d runs, q6 %v", err, runs.Load(), stands[5].Status)
	}
	stands, err = b.Survey(context.Background(), true, 2)
	if err != nil || runs.Load() != 6 || CountDone(stands) != 6 {
		t.Fatalf("Survey: %v, %d runs, %d done; want 6, 6", err, runs.Load(), CountDone(stands))
	}
	broken := errors.New("go: not found")
	b.Run = func(context.Context, workbook.Exercise) (*scenario.Result, error) { return nil, broken }
	write(t, filepath.Join(b.Root, "exercises", "q2", "more.go"), "package main\n")
	if _, err := b.Survey(context.Background(), true, 2); !errors.Is(err, broken) {
		t.Fatalf("Survey with a broken tool: %v, want its error", err)
	}
}

func TestMissingExercise(t *testing.T) {
	b, _ := fakeBook(t)
	os.RemoveAll(filepath.Join(b.Root, "exercises", "q2"))
	var missing *MissingError
	if _, err := b.Check(context.Background(), workbook.All[1]); !errors.As(err, &missing) || missing.Name != "q2" {
		t.Fatalf("Check of a missing folder: %v, want a MissingError", err)
	}
}

func TestResetAndUndo(t *testing.T) {
	b, _ := fakeBook(t)
	q3 := workbook.All[2]
	dir := filepath.Join(b.Root, "exercises", "q3")
	if c, err := b.Reset(q3, time.Now()); err != nil || !c.Nothing {
		t.Fatalf("Reset of the stub = %+v, %v; want nothing done", c, err)
	}
	if _, err := b.Undo(q3, time.Now()); !errors.Is(err, ErrNoBackup) {
		t.Fatalf("Undo without a backup: %v, want ErrNoBackup", err)
	}
	write(t, filepath.Join(dir, "mine.go"), "package main // mine\n")
	solve(t, b, "q3")
	b.Check(context.Background(), q3)
	at := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	c, err := b.Reset(q3, at)
	if err != nil || c.Backup == "" || strings.Join(c.Removed, ",") != "SOLVED,mine.go" {
		t.Fatalf("Reset = %+v, %v; want a backup, SOLVED and mine.go removed", c, err)
	}
	if st, _ := b.Recorded(q3); st.Status != NotStarted || b.Store.LoadResult("q3") != nil {
		t.Fatalf("after Reset q3 is %v with a record %v; want the stub, forgotten", st.Status, b.Store.LoadResult("q3") != nil)
	}

	c, err = b.Undo(q3, at.Add(time.Minute))
	if err != nil || c.Restored == "" || c.Backup != "" {
		t.Fatalf("Undo over the stub = %+v, %v; want the backup back and no new one", c, err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "mine.go")); err != nil || string(data) != "package main // mine\n" {
		t.Fatalf("after Undo mine.go = %q, %v", data, err)
	}
	if c, err := b.Undo(q3, at.Add(2*time.Minute)); err != nil || !c.Nothing {
		t.Fatalf("a second Undo with the backup in place = %+v, %v; want nothing done", c, err)
	}

	// Undo over new work saves that work first: nothing is lost.
	write(t, filepath.Join(dir, "mine.go"), "package main // newer\n")
	c, err = b.Undo(q3, at.Add(3*time.Minute))
	if err != nil || c.Backup == "" {
		t.Fatalf("Undo over new work = %+v, %v; want it saved first", c, err)
	}
	if data, _ := os.ReadFile(filepath.Join(c.Backup, "mine.go")); string(data) != "package main // newer\n" {
		t.Fatalf("the new work's backup holds %q", data)
	}
}

func TestNextAfter(t *testing.T) {
	st := func(s ...Status) []Standing {
		out := make([]Standing, len(s))
		for i := range s {
			out[i].Status = s[i]
		}
		return out
	}
	for _, tt := range []struct {
		stands  []Standing
		i, want int
	}{
		{st(Done, Failing, Done), 0, 1},
		{st(Failing, Done, Done), 1, 0},
		{st(Done, Done, Unchecked), 0, 2},
		{st(Failing, Done, Done), 0, -1}, // only i itself is not done
	} {
		if got := NextAfter(tt.stands, tt.i); got != tt.want {
			t.Errorf("NextAfter(%v, %d) = %d, want %d", tt.stands, tt.i, got, tt.want)
		}
	}
}
