package grade

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/procbook/procbook/internal/policy"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// buildBudget is the time an exercise may take to build before its
// scenarios' own timeouts count: a cold build of the process library.
const buildBudget = 2 * time.Minute

// stopGrace is how long a scenario runner is given to return once its
// exercise's time is up, before grading goes on without it.
const stopGrace = 10 * time.Second

// budget is the most time one exercise may take in all, its build and all
// its scenarios; past it the exercise is a timeout. Each run of the program
// has its own, much shorter, timeout in the scenario runner: this one only
// catches a runner that hangs, and is as long as a race build needs.
func (g *grader) budget(ex workbook.Exercise) time.Duration {
	if g.opts.Budget > 0 {
		return g.opts.Budget
	}
	return buildBudget + time.Duration(4*(len(ex.Scenarios)+1))*g.opts.Timeout*scenario.RaceSlowdown
}

// gradeExercise grades one exercise of a prepared submission, in the
// workspace work, and reports whether the grade came from the cache.
func (g *grader) gradeExercise(ctx context.Context, p *prepared, ex workbook.Exercise, work string) (Exercise, bool) {
	if p.missing[ex.Name] {
		return erroredExercise(ex, Error, fmt.Sprintf("the submission has no exercises/%s folder", ex.Name)), false
	}
	if err := p.broken[ex.Name]; err != nil {
		return erroredExercise(ex, Error, strings.TrimPrefix(err.Error(), "grade: ")), false
	}
	key := g.cacheKey(ex.Name, p.hashes[ex.Name])
	if g.opts.Cache == nil {
		e, _ := g.checkExercise(ctx, p, ex, work)
		return e, false
	}
	if e, ok := g.opts.Cache.Get(key); ok {
		return e, true
	}
	return g.shared(ctx, key, func() (Exercise, bool) {
		e, ok := g.checkExercise(ctx, p, ex, work)
		if ok && cacheable(e) {
			// A cache that cannot be written costs the next run time,
			// not this run its grade: the error is dropped.
			_ = g.opts.Cache.Put(key, e)
		}
		return e, ok && cacheable(e)
	})
}

// flight is an exercise being graded, whose grade other students with the
// same sources wait for.
type flight struct {
	done     chan struct{}
	ex       Exercise
	reusable bool // the grade may be shared
}

// shared grades an exercise by calling check, unless another student's
// exercise with the same key is being graded at this moment: then it waits
// for that grade and reports it as from the cache. check says whether its
// grade may be reused; one that may not (a timeout) is not shared: the
// waiter checks its own.
func (g *grader) shared(ctx context.Context, key string, check func() (Exercise, bool)) (Exercise, bool) {
	g.mu.Lock()
	if f, ok := g.flights[key]; ok {
		g.mu.Unlock()
		select {
		case <-f.done:
			if f.reusable {
				return f.ex, true
			}
		case <-ctx.Done():
			return Exercise{}, false
		}
		e, _ := check()
		return e, false
	}
	f := &flight{done: make(chan struct{})}
	if g.flights == nil {
		g.flights = map[string]*flight{}
	}
	g.flights[key] = f
	g.mu.Unlock()

	f.ex, f.reusable = check()
	close(f.done)
	g.mu.Lock()
	delete(g.flights, key)
	g.mu.Unlock()
	return f.ex, false
}

// checkExercise builds and checks one exercise of a submission, in the
// workspace work, and kills whatever the program left running. It reports
// whether the grade is the program's own, that is neither the checker's
// failure nor a cancelled run's.
func (g *grader) checkExercise(ctx context.Context, p *prepared, ex workbook.Exercise, work string) (Exercise, bool) {
	if err := os.MkdirAll(work, 0o755); err != nil {
		return g.toolError(p, ex, err), false
	}
	defer os.RemoveAll(work)

	src := filepath.Join(p.srcDir, ex.Name)
	// The trace is checked, not trusted: a program that could write it,
	// or start processes around the library, earns nothing.
	var refused *policy.Error
	switch err := g.policy(src); {
	case errors.As(err, &refused):
		return erroredExercise(ex, Error, "not run: "+refused.Under("exercises/"+ex.Name).Error()), true
	case err != nil:
		return g.toolError(p, ex, err), false
	}

	budget := g.budget(ex)
	cctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	sopts := scenario.Options{
		Root:      g.root,
		SourceDir: src,
		Timeout:   g.opts.Timeout,
		OutputCap: g.opts.OutputCap,
		WorkDir:   work,
		Offline:   true,
		// A submission's exercises are checked at once: their programs
		// are built by one go command.
		BatchBuilds: true,
	}
	sopts.Race = g.raceDetector() && startsGoroutines(src)
	if !g.opts.UnsafeNoSandbox {
		lim := g.opts.Sandbox
		sopts.Sandbox = &lim
		sopts.ProgramCache = g.opts.ProgramCache
		sopts.ProgramsKept = g.opts.ProgramsKept
	}
	res, stuck, err := g.runCheck(cctx, ex, sopts, min(stopGrace, budget))
	reap(work) // whatever the program left running dies with its workspace
	// The snapshot is out of every sandbox's sight; it is checked all the
	// same, so that a grade made against changed tests is never given.
	if serr := g.checkSnapshot(); serr != nil {
		return g.toolError(p, ex, serr), false
	}

	clean := scrubber(map[string]string{
		work:        "$WORK",
		src:         "exercises/" + ex.Name,
		g.root:      "$ROOT",
		g.opts.Root: "$ROOT",
		g.tmp:       "$TMP",
	})
	switch {
	case ctx.Err() != nil:
		return erroredExercise(ex, Error, "grading was cancelled"), false // the whole run is, and its gradebook is dropped
	case stuck:
		return g.toolError(p, ex, fmt.Errorf("the scenario runner did not stop within %v of the exercise's time, %v", min(stopGrace, budget), budget)), false
	case cctx.Err() != nil:
		return erroredExercise(ex, Timeout, fmt.Sprintf("grading stopped after %v", budget)), true
	case err != nil:
		return g.toolError(p, ex, fmt.Errorf("%s", clean(err.Error()))), false
	case res == nil:
		return g.toolError(p, ex, fmt.Errorf("the scenario runner gave no result")), false
	}
	return score(ex, res, clean), true
}

// raceDetector reports whether programs can be built with the race
// detector here: it needs cgo. Asked of the go command once per run.
func (g *grader) raceDetector() bool {
	g.raceOnce.Do(func() {
		out, err := exec.Command("go", "env", "CGO_ENABLED").Output()
		g.race = err == nil && strings.TrimSpace(string(out)) == "1"
	})
	return g.race
}

// checkSnapshot checks that the snapshot of the workbook grading works
// from is as it was copied; once it is not, every grade after is suspect,
// and the run fails.
func (g *grader) checkSnapshot() error {
	h, err := WorkbookHash(g.root)
	if err == nil && h == g.workbook {
		return nil
	}
	g.mu.Lock()
	g.tampered = true
	g.mu.Unlock()
	return ErrSnapshotChanged
}

// policy checks the sources in src against the policy on submissions.
func (g *grader) policy(src string) error {
	if g.opts.noPolicy {
		return nil
	}
	return policy.Check(src)
}

// toolError records that the checker itself failed on an exercise, and
// returns the exercise's grade: an error worth nothing.
func (g *grader) toolError(p *prepared, ex workbook.Exercise, err error) Exercise {
	g.mu.Lock()
	g.toolErrs = append(g.toolErrs, &ToolError{Student: p.sub.ID, Exercise: ex.Name, Err: err})
	g.mu.Unlock()
	return erroredExercise(ex, Error, "the checker failed: "+err.Error())
}

// cacheable reports whether a grade may be reused by the next run, or
// shared with another student. A timeout is not: it may come from a
// machine that was busy, and is worth checking again.
func cacheable(e Exercise) bool {
	if e.Status == Timeout {
		return false
	}
	for _, s := range e.Scenarios {
		if s.Status == Timeout {
			return false
		}
	}
	return true
}

// scrubber returns a function that replaces each path of paths (the keys)
// with its stand-in (the value), so that no grade holds a temporary path:
// the gradebook stays the same from run to run, and a cached grade reads
// the same for every student with the same sources.
func scrubber(paths map[string]string) func(string) string {
	var pairs []string
	for p, standIn := range paths {
		if p == "" {
			continue
		}
		pairs = append(pairs, p, standIn)
	}
	// Longer paths first, so that a path inside another is replaced whole.
	for i := 0; i < len(pairs); i += 2 {
		for j := i + 2; j < len(pairs); j += 2 {
			if len(pairs[j]) > len(pairs[i]) {
				pairs[i], pairs[i+1], pairs[j], pairs[j+1] = pairs[j], pairs[j+1], pairs[i], pairs[i+1]
			}
		}
	}
	r := strings.NewReplacer(pairs...)
	return r.Replace
}

// runCheck calls opts.Check, and waits for it no longer than grace after
// ctx is done: a runner that does not stop then is left behind (stuck),
// so that one exercise can never hang the class.
func (g *grader) runCheck(ctx context.Context, ex workbook.Exercise, opts scenario.Options, grace time.Duration) (res *scenario.Result, stuck bool, err error) {
	type outcome struct {
		res *scenario.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := g.opts.Check(ctx, ex, opts)
		done <- outcome{res, err}
	}()
	select {
	case o := <-done:
		return o.res, false, o.err
	case <-ctx.Done():
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case o := <-done:
		return o.res, false, o.err
	case <-t.C:
		return nil, true, nil
	}
}
