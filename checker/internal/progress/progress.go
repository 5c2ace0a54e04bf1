// Package progress is the learner's progress through the workbook, as a
// model the checker's commands draw and never compute themselves: where
// each exercise stands (not started, failing, done, or changed since its
// last check), which exercise the learner is on, and the moves that change
// that — a check, a choice of exercise, a reset and its undoing.
//
// A verdict is remembered with the fingerprint of everything that decided
// it (the learner's sources, the scenarios, the process library, the Go
// version), so a check of an exercise where nothing changed can be answered
// from the record instead of building and running it again.
package progress

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/procbook/procbook/checker/internal/state"
	"github.com/procbook/procbook/checker/internal/workspace"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// Status is where a learner stands on an exercise.
type Status int

const (
	NotStarted Status = iota // the sources are the original stub
	Failing                  // changed, and not passing
	Done                     // passes
	Unchecked                // changed since the last check, and not checked now
)

func (s Status) String() string {
	return [...]string{"not started", "failing", "done", "changed, not checked"}[s]
}

// Standing is an exercise's status and, when known, the result it comes
// from.
type Standing struct {
	Exercise workbook.Exercise
	Status   Status
	Result   *scenario.Result // nil for Unchecked, and for NotStarted without a record that holds
	Fresh    bool             // Result was computed by this Book, not read from the record
	When     time.Time        // when Result was computed
}

// Points returns the points of the scenarios the standing's result passed.
func (s Standing) Points() int {
	if s.Result == nil {
		return 0
	}
	n := 0
	for _, sc := range s.Result.Scenarios {
		if sc.Status == scenario.Pass {
			n += sc.Points
		}
	}
	return n
}

// Runner builds and checks the learner's sources of ex. Its error is the
// tool's: a learner's program that fails in any way is a Result. It is
// the one part of a check the model does not do itself, so that tests can
// stand in for the build.
type Runner func(ctx context.Context, ex workbook.Exercise) (*scenario.Result, error)

// Book is the learner's progress through one workbook.
type Book struct {
	Root      string
	Store     *state.Store
	Exercises []workbook.Exercise // in the workbook's order
	Run       Runner

	// GoVersion is the version of Go that builds the programs, part of
	// every fingerprint: a new Go may change a verdict.
	GoVersion string

	// Timeout is the limit on each run that Run applies, recorded with
	// each verdict: a verdict recorded under another limit does not answer
	// for an unchanged exercise (Unchanged). Zero: any.
	Timeout time.Duration
}

// New returns the progress through the workbook at root, remembered in
// store, whose exercises are checked by run.
func New(root string, store *state.Store, run Runner) *Book {
	return &Book{Root: root, Store: store, Exercises: workbook.All, Run: run, GoVersion: runtime.Version()}
}

// MissingError is an exercise whose folder is gone: the learner's doing,
// not the tool's, and put right by Reset.
type MissingError struct {
	Name string // the exercise
}

func (e *MissingError) Error() string {
	return "exercises/" + e.Name + " is missing"
}

// Fingerprint returns a digest of everything that decides ex's verdict:
// the learner's sources and the scenarios (workspace.Fingerprint), the
// process library with the module's go.mod and go.sum, and the Go version.
func (b *Book) Fingerprint(ex workbook.Exercise) (string, error) {
	fp, err := workspace.Fingerprint(b.Root, ex, workspace.ExerciseDir(b.Root, ex))
	if err != nil {
		return "", err
	}
	lib, err := workspace.ReadFiles(filepath.Join(b.Root, "process"))
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "exercise %s\x00go %s\x00", fp, b.GoVersion)
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(b.Root, name))
		if err != nil && !os.IsNotExist(err) {
			return "", fmt.Errorf("progress: %w", err)
		}
		lib["../"+name] = data
	}
	names := make([]string, 0, len(lib))
	for n := range lib {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(h, "lib/%s\x00%d\x00", n, len(lib[n]))
		h.Write(lib[n])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Recorded returns ex's standing from what is on disk, without checking:
// not started if untouched, else the recorded result if nothing it was
// computed from has changed, else unchanged. A stub's standing carries its
// recorded result too, when it still holds, so that its verdict can be
// shown without a check.
func (b *Book) Recorded(ex workbook.Exercise) (Standing, error) {
	untouched, err := workspace.Untouched(b.Root, ex)
	if err != nil {
		return Standing{}, err
	}
	if untouched {
		st := Standing{Exercise: ex, Status: NotStarted}
		if rec, ok, err := b.Unchanged(ex); err == nil && ok {
			st.Result, st.When = rec.Result, rec.When
		}
		return st, nil
	}
	rec := b.Store.LoadResult(ex.Name)
	if rec == nil {
		return Standing{Exercise: ex, Status: Unchecked}, nil
	}
	fp, err := b.Fingerprint(ex)
	if err != nil {
		return Standing{}, err
	}
	if fp != rec.Fingerprint {
		return Standing{Exercise: ex, Status: Unchecked}, nil
	}
	st := standingOf(ex, rec.Result, false)
	st.When = rec.When
	return st, nil
}

// Unchanged returns ex's recorded standing when nothing it was computed
// from has changed, and false when a check would have to run: it is what
// lets a check of an unchanged exercise answer at once.
func (b *Book) Unchanged(ex workbook.Exercise) (Standing, bool, error) {
	rec := b.Store.LoadResult(ex.Name)
	if rec == nil {
		return Standing{}, false, nil
	}
	if b.Timeout != 0 && rec.Timeout != b.Timeout {
		return Standing{}, false, nil
	}
	fp, err := b.Fingerprint(ex)
	if err != nil || fp != rec.Fingerprint {
		return Standing{}, false, err
	}
	st := standingOf(ex, rec.Result, false)
	st.When = rec.When
	return st, true, nil
}

// Check checks ex whatever its record says and records the result with
// the fingerprint of what was checked, unless the check was interrupted
// or the sources changed while it ran.
func (b *Book) Check(ctx context.Context, ex workbook.Exercise) (Standing, error) {
	src := workspace.ExerciseDir(b.Root, ex)
	if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
		return Standing{}, &MissingError{Name: ex.Name}
	}
	before, err := b.Fingerprint(ex)
	if err != nil {
		return Standing{}, err
	}
	res, err := b.Run(ctx, ex)
	if err != nil {
		return Standing{}, err
	}
	st := standingOf(ex, res, true)
	st.When = time.Now().UTC()
	if ctx.Err() != nil {
		return st, nil // interrupted: the verdict is not one to remember
	}
	// A save during the check may or may not have been built: record the
	// result only if the sources did not change meanwhile.
	if after, err := b.Fingerprint(ex); err == nil && after == before {
		rec := state.Record{Exercise: ex.Name, Fingerprint: before, When: st.When, Timeout: b.Timeout, Result: res}
		if err := b.Store.SaveResult(rec); err != nil {
			return st, &RecordError{Err: err}
		}
	}
	return st, nil
}

// RecordError is a check whose result could not be remembered: the
// verdict stands, only the next check will have to run again.
type RecordError struct{ Err error }

func (e *RecordError) Error() string { return "could not record the result: " + e.Err.Error() }
func (e *RecordError) Unwrap() error { return e.Err }

// Standing returns ex's standing, checking it when the record cannot say.
func (b *Book) Standing(ctx context.Context, ex workbook.Exercise) (Standing, error) {
	st, err := b.Recorded(ex)
	if err != nil || st.Status != Unchecked {
		return st, err
	}
	return b.Check(ctx, ex)
}

// Survey returns every exercise's standing; with check, those whose
// record cannot say are checked, at most limit at a time. The first tool
// error stops the others.
func (b *Book) Survey(ctx context.Context, check bool, limit int) ([]Standing, error) {
	stands := make([]Standing, len(b.Exercises))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(limit, 1))
	for i, ex := range b.Exercises {
		st, err := b.Recorded(ex)
		if err != nil {
			g.Wait()
			return nil, err
		}
		stands[i] = st
		if st.Status != Unchecked || !check {
			continue
		}
		g.Go(func() error {
			st, err := b.Check(gctx, ex)
			if _, unrecorded := err.(*RecordError); unrecorded {
				err = nil // the verdict stands
			}
			stands[i] = st
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return stands, nil
}

// Index returns the position of exercise name in the workbook, or -1.
func (b *Book) Index(name string) int {
	for i, ex := range b.Exercises {
		if ex.Name == name {
			return i
		}
	}
	return -1
}

// order is the order in which the exercises are considered for being the
// current one: from the learner's choice (or the first) onwards, then
// those before it.
func (b *Book) order() []int {
	from := max(b.Index(b.Store.Current()), 0)
	n := len(b.Exercises)
	order := make([]int, n)
	for k := range n {
		order[k] = (from + k) % n
	}
	return order
}

// CurrentIn returns the exercise the learner is on, given every standing:
// the one they chose if it is not done, else the first not done after it
// (wrapping round), and -1 when every exercise is done.
func (b *Book) CurrentIn(stands []Standing) int {
	for _, i := range b.order() {
		if stands[i].Status != Done {
			return i
		}
	}
	return -1
}

// NextAfter returns the first exercise not done after exercise i among
// stands, wrapping round, or -1 when every other one is done: where
// rustlings' n goes once the current exercise passes.
func NextAfter(stands []Standing, i int) int {
	for k := 1; k < len(stands); k++ {
		j := (i + k) % len(stands)
		if stands[j].Status != Done {
			return j
		}
	}
	return -1
}

// Find works out every exercise's standing and which one the learner is on
// (CurrentIn). Exercises are checked, in the order they are considered,
// while their record cannot say and until the current one is found; the
// others keep their recorded standing. After an interruption the
// standings may be incomplete.
func (b *Book) Find(ctx context.Context) ([]Standing, int, error) {
	stands := make([]Standing, len(b.Exercises))
	for i, ex := range b.Exercises {
		st, err := b.Recorded(ex)
		if err != nil {
			return nil, -1, err
		}
		stands[i] = st
	}
	for _, i := range b.order() {
		if stands[i].Status == Unchecked {
			st, err := b.Check(ctx, b.Exercises[i])
			if _, unrecorded := err.(*RecordError); err != nil && !unrecorded {
				return nil, -1, err
			}
			if ctx.Err() != nil {
				return stands, -1, nil
			}
			stands[i] = st
		}
		if stands[i].Status != Done {
			return stands, i, nil
		}
	}
	return stands, -1, nil
}

// Current returns, from the records alone (nothing is checked), the
// exercise the learner is on: the one a command works on when none is
// named. All done gives false.
func (b *Book) Current() (workbook.Exercise, bool, error) {
	stands := make([]Standing, len(b.Exercises))
	for i, ex := range b.Exercises {
		st, err := b.Recorded(ex)
		if err != nil {
			return workbook.Exercise{}, false, err
		}
		stands[i] = st
	}
	i := b.CurrentIn(stands)
	if i < 0 {
		return workbook.Exercise{}, false, nil
	}
	return b.Exercises[i], true, nil
}

// Choose makes ex the exercise the learner works on, as rustlings' list
// does when one continues from an exercise.
func (b *Book) Choose(ex workbook.Exercise) error {
	return b.Store.SetCurrent(ex.Name)
}

// CountDone counts the exercises done among stands.
func CountDone(stands []Standing) int {
	n := 0
	for _, st := range stands {
		if st.Status == Done {
			n++
		}
	}
	return n
}

func standingOf(ex workbook.Exercise, res *scenario.Result, fresh bool) Standing {
	st := Standing{Exercise: ex, Status: Failing, Result: res, Fresh: fresh}
	if res.Status == scenario.Pass {
		st.Status = Done
	}
	return st
}
