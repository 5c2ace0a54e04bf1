package progress_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/checker/internal/state"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/stubs"
	"github.com/procbook/procbook/internal/workbook"
)

// A Book over a workbook whose checks are stood in for: q1 passes, the
// others fail. The learner starts on q1; once it passes, q2 is current;
// choosing q5 makes it current.
func ExampleBook() {
	root, _ := os.MkdirTemp("", "workbook-")
	defer os.RemoveAll(root)
	for _, ex := range workbook.All {
		stub, _ := stubs.Stub(ex.Name)
		for _, f := range stub {
			p := filepath.Join(root, "exercises", ex.Name, f.Name)
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, f.Data, 0o644)
		}
	}
	store, _ := state.Open(root)
	run := func(ctx context.Context, ex workbook.Exercise) (*scenario.Result, error) {
		if ex.Name == "q1" {
			return &scenario.Result{Exercise: ex.Name, Status: scenario.Pass}, nil
		}
		return &scenario.Result{Exercise: ex.Name, Status: scenario.Fail}, nil
	}
	b := progress.New(root, store, run)

	stands, cur, _ := b.Find(context.Background())
	fmt.Println(stands[cur].Exercise.Name, stands[cur].Status)

	// The learner edits q1, which then passes.
	os.WriteFile(filepath.Join(root, "exercises", "q1", "more.go"), []byte("package main\n"), 0o644)
	stands, cur, _ = b.Find(context.Background())
	fmt.Println(stands[0].Status, "→", stands[cur].Exercise.Name)

	b.Choose(workbook.All[4])
	ex, _, _ := b.Current()
	fmt.Println(ex.Name, progress.CountDone(stands), "done")
	// Output:
	// q1 not started
	// done → q2
	// q5 1 done
}

// NextAfter is where n goes once the current exercise passes.
func ExampleNextAfter() {
	stands := []progress.Standing{{Status: progress.Done}, {Status: progress.Done}, {Status: progress.Failing}}
	fmt.Println(progress.NextAfter(stands, 0), progress.NextAfter(stands, 2))
	// Output: 2 -1
}
