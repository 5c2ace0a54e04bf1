package grade

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/procbook/procbook/internal/sandbox"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// CheckFunc checks one exercise's sources against its scenarios; it is
// scenario.Check, and tests give a stand-in.
type CheckFunc func(ctx context.Context, ex workbook.Exercise, opts scenario.Options) (*scenario.Result, error)

// Options says how to grade a class.
type Options struct {
	Root      string              // the instructor's workbook: go.mod, process/, testdata/
	Exercises []workbook.Exercise // nil means workbook.All
	Jobs      int                 // submissions graded at once; <= 0 means runtime.NumCPU()
	Timeout   time.Duration       // per run of a program; 0 means scenario.DefaultTimeout
	OutputCap int64               // bytes kept per run; 0 means scenario.DefaultOutputCap
	Limits    Limits              // the zero Limits means DefaultLimits
	Cache     *Cache              // nil grades everything afresh
	Shard     Shard               // the zero Shard is the whole class
	TempDir   string              // where workspaces go; "" means os.TempDir()
	Check     CheckFunc           // nil means scenario.Check
	// Sandbox bounds each run of a program, each in a sandbox of its own;
	// the zero Limits means sandbox.DefaultLimits.
	Sandbox sandbox.Limits
	// UnsafeNoSandbox runs the programs unconfined, as the grader's user:
	// only for code the instructor trusts, or where no sandbox can be had.
	UnsafeNoSandbox bool
	// ProgramCache is a folder where the programs built are kept, so
	// that unchanged sources are not linked again
	// (scenario.Options.ProgramCache). It is used only with the sandbox,
	// which keeps every program out of its reach; "" keeps none.
	ProgramCache string
	// ProgramsKept is how many programs of each exercise and build mode
	// ProgramCache keeps (scenario.Options.ProgramsKept); 0 means the
	// scenario package's default.
	ProgramsKept int
	// Budget is the most time one exercise may take in all, build and
	// scenarios; 0 means two minutes plus four times Timeout per scenario.
	Budget time.Duration
	Now    func() time.Time // the clock for GradedAt; nil means time.Now
	// Progress, if set, is told each time an exercise is graded, from one
	// goroutine at a time.
	Progress func(Progress)
	// Inspect, if set, is shown each submission that could be read, once
	// its sources are copied out and before they are graded, from several
	// goroutines at once (submission times, similarity).
	Inspect func(Inspected)
	// Hidden, if set, adds the instructor's hidden scenarios and quiz
	// keys to the workbook that grading works from.
	Hidden *Hidden

	noPolicy bool // the sandbox's own tests let attacks through the static policy
}

// Progress is how far a grading run is.
type Progress struct {
	Done, Total int           // exercises graded, and to grade
	Cached      int           // of Done, how many came from the cache
	Students    int           // students in the run
	Elapsed     time.Duration // since the run began
}

// ToolError is the checker failing on an exercise for reasons of its own
// (no Go toolchain, a scenario file missing from the instructor's copy),
// as opposed to a student's program failing. Grade still grades the rest
// of the class and returns the gradebook with it.
type ToolError struct {
	Student, Exercise string
	Err               error
}

func (e *ToolError) Error() string {
	return fmt.Sprintf("grade: %s %s: %v", e.Student, e.Exercise, e.Err)
}

func (e *ToolError) Unwrap() error { return e.Err }

// Grade grades the class in the folder dir and returns its gradebook.
//
// Each submission is copied, exercises/qN sources only, into a workspace
// of its own, and each exercise is built offline and checked against the
// instructor's scenarios, several at once. Whatever a submission does (not
// compile, loop forever, flood its output, leave processes behind, be a
// malicious archive) costs that submission its points and nothing else.
//
// The error is for the grading itself failing: an unreadable class folder,
// a cancelled context. When the checker fails on some exercises the
// gradebook is returned all the same, with an error joining *ToolErrors.
//
// Each run of a program is sandboxed (package sandbox), unless
// opts.UnsafeNoSandbox: where no sandbox can be had, Grade refuses with an
// error that says how to get one.
func Grade(ctx context.Context, dir string, opts Options) (*Gradebook, error) {
	runsPrograms := opts.Check == nil // a stand-in for the scenario runner runs none
	g, err := newGrader(opts)
	if err != nil {
		return nil, err
	}
	if runsPrograms && !g.opts.UnsafeNoSandbox {
		if err := sandbox.Available(); err != nil {
			return nil, fmt.Errorf("grade: submissions are untrusted code, and %w", err)
		}
	}
	subs, err := FindSubmissions(dir)
	if err != nil {
		return nil, err
	}
	var mine []Submission
	for _, s := range subs {
		if g.opts.Shard.Holds(s.ID) {
			mine = append(mine, s)
		}
	}
	tmp, err := os.MkdirTemp(g.opts.TempDir, "procbook-grade-")
	if err != nil {
		return nil, fmt.Errorf("grade: workspace: %w", err)
	}
	defer os.RemoveAll(tmp)
	g.tmp = tmp
	// Grade against a copy of the workbook, hashed as copied.
	g.root = filepath.Join(tmp, "workbook")
	if err := snapshot(g.opts.Root, g.root); err != nil {
		return nil, err
	}
	if h := g.opts.Hidden; h != nil {
		if err := h.install(g.root); err != nil {
			return nil, err
		}
		g.opts.Exercises = h.Exercises(g.opts.Exercises)
	}
	if g.workbook, err = WorkbookHash(g.root); err != nil {
		return nil, err
	}
	return g.run(ctx, mine)
}

// grader is one grading run.
type grader struct {
	opts     Options // opts.Root is the instructor's workbook, links resolved
	root     string  // the copy of it that grading works from
	workbook string  // its hash
	tmp      string  // the run's workspace, removed at the end
	start    time.Time

	mu       sync.Mutex
	progress Progress
	toolErrs []error
	tampered bool // the snapshot changed during the run
	raceOnce sync.Once
	race     bool               // programs can be built with the race detector
	flights  map[string]*flight // exercises being graded now, by cache key
}

// verdictOptions writes out, on one line, the options of opts that can
// change a verdict: part of every cache key, and of every gradebook, so
// that merge can refuse shards graded differently.
func (o Options) verdictOptions() string {
	s := fmt.Sprintf("timeout %v; output %d bytes; ", o.Timeout, o.OutputCap)
	if o.UnsafeNoSandbox {
		return s + "no sandbox"
	}
	l := o.Sandbox
	return s + fmt.Sprintf("sandbox: memory %d bytes, %d processes, cpu %v, files %d bytes; run: memory %d bytes, scratch %d bytes, %d files",
		l.Memory, l.Processes, l.CPU, l.FileSize, l.TotalMemory, l.ScratchBytes, l.ScratchFiles)
}

// newGrader fills in the defaults of opts.
func newGrader(opts Options) (*grader, error) {
	if opts.Exercises == nil {
		opts.Exercises = workbook.All
	}
	if opts.Jobs <= 0 {
		opts.Jobs = runtime.NumCPU()
	}
	if opts.Timeout <= 0 {
		opts.Timeout = scenario.DefaultTimeout
	}
	if opts.OutputCap <= 0 {
		opts.OutputCap = scenario.DefaultOutputCap
	}
	if opts.Limits == (Limits{}) {
		opts.Limits = DefaultLimits
	}
	if opts.Check == nil {
		opts.Check = scenario.Check
	}
	if opts.Sandbox == (sandbox.Limits{}) {
		opts.Sandbox = sandbox.DefaultLimits
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	root, err := filepath.Abs(opts.Root)
	if err == nil {
		root, err = filepath.EvalSymlinks(root)
	}
	if err != nil {
		return nil, fmt.Errorf("grade: the workbook: %w", err)
	}
	if fi, err := os.Stat(filepath.Join(root, "go.mod")); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("grade: %s is not a workbook: no go.mod", root)
	}
	opts.Root = root
	return &grader{opts: opts, start: time.Now()}, nil
}

// prepared is a submission made ready to grade: its sources copied out,
// exercise by exercise.
type prepared struct {
	sub     Submission
	srcDir  string            // holds one folder per exercise found
	hashes  map[string]string // exercise name -> hash of its sources
	missing map[string]bool   // exercises the submission has no folder for
	broken  map[string]error  // exercises with an entry refused (a link out): an *EntryError
	err     error             // the submission cannot be graded at all
}

// run grades the submissions subs, in order of id.
func (g *grader) run(ctx context.Context, subs []Submission) (*Gradebook, error) {
	preps := make([]*prepared, len(subs))
	g.parallel(len(subs), func(i int) {
		preps[i] = g.prepare(subs[i], filepath.Join(g.tmp, fmt.Sprint(i)))
	})

	exs := g.opts.Exercises
	students := make([]Student, len(subs))
	total := 0
	for i, p := range preps {
		if p.err != nil {
			students[i] = erroredStudent(p.sub.ID, exs, p.err)
			continue
		}
		students[i] = Student{ID: p.sub.ID, Exercises: make([]Exercise, len(exs))}
		total += len(exs)
	}
	g.progress = Progress{Total: total, Students: len(subs)}
	g.report(false, false)

	// Jobs submissions at a time, and all the exercises of each at once:
	// the scenario runner bounds the builds and the runs on the machine's
	// cores, and with several exercises waiting, a core is never idle while
	// one exercise builds and another sleeps in its scenarios.
	g.parallel(len(subs), func(i int) {
		if preps[i].err != nil {
			return
		}
		var wg sync.WaitGroup
		for j, ex := range exs {
			wg.Go(func() {
				if ctx.Err() != nil {
					return
				}
				e, cached := g.gradeExercise(ctx, preps[i], ex, filepath.Join(g.tmp, fmt.Sprint(i), "work", ex.Name))
				students[i].Exercises[j] = e
				g.report(true, cached)
			})
		}
		wg.Wait()
	})
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("grade: %w", err)
	}
	if g.tampered {
		return nil, fmt.Errorf("%w: no grade of this run can be trusted; grade again (and keep the sandbox on)", ErrSnapshotChanged)
	}
	for i := range students {
		students[i].total()
	}
	sortStudents(students)
	gb := &Gradebook{
		GradedAt: g.opts.Now().UTC().Format(time.RFC3339),
		Workbook: g.workbook,
		Options:  g.opts.verdictOptions(),
		Students: students,
	}
	if !g.opts.Shard.Whole() {
		gb.Shard = g.opts.Shard.String()
	}
	g.opts.Hidden.mark(gb)
	return gb, errors.Join(g.toolErrs...)
}

// parallel calls f(0) … f(n-1) on at most opts.Jobs goroutines, in order
// of starting, and returns when all are done.
func (g *grader) parallel(n int, f func(i int)) {
	var eg errgroup.Group
	eg.SetLimit(max(1, g.opts.Jobs))
	for i := range n {
		eg.Go(func() error { f(i); return nil }) // waits here for a free slot: the order holds
	}
	eg.Wait()
}

// report counts one more exercise graded, if done, and from the cache, if
// cached, and tells opts.Progress.
func (g *grader) report(done, cached bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if done {
		g.progress.Done++
	}
	if cached {
		g.progress.Cached++
	}
	g.progress.Elapsed = time.Since(g.start)
	if g.opts.Progress != nil {
		g.opts.Progress(g.progress)
	}
}

// prepare unpacks a submission if it is an archive, finds its exercises
// and copies each one's sources into dir/src, hashing them.
func (g *grader) prepare(sub Submission, dir string) *prepared {
	p := &prepared{sub: sub, srcDir: filepath.Join(dir, "src"), hashes: map[string]string{}, missing: map[string]bool{}, broken: map[string]error{}}
	if sub.Err != nil {
		p.err = sub.Err
		return p
	}
	if err := os.MkdirAll(p.srcDir, 0o755); err != nil {
		p.err = fmt.Errorf("grade: workspace: %w", err)
		return p
	}
	root := sub.Path
	var refused []*EntryError
	if sub.Kind != kindDir {
		root = filepath.Join(dir, "unpacked")
		defer os.RemoveAll(root) // only the copied sources are kept
		if err := os.MkdirAll(root, 0o755); err != nil {
			p.err = fmt.Errorf("grade: workspace: %w", err)
			return p
		}
		var err error
		if refused, err = unpack(sub.Path, root, g.opts.Limits); err != nil {
			p.err = err
			return p
		}
	}
	root, err := filepath.EvalSymlinks(root)
	if err != nil {
		p.err = fmt.Errorf("grade: %s: %w", filepath.Base(sub.Path), err)
		return p
	}
	names := make([]string, len(g.opts.Exercises))
	for i, ex := range g.opts.Exercises {
		names[i] = ex.Name
	}
	exDir, err := findExercises(filepath.Base(sub.Path), root, names)
	if err != nil {
		p.err = err
		return p
	}
	// An entry refused costs the exercise it is in, and nothing outside
	// the exercises. Its name is compared as unpacking wrote it, without
	// an archiver's "./" or backslashes.
	for _, e := range refused {
		for _, name := range names {
			dir, err := filepath.Rel(root, filepath.Join(exDir, name))
			if err == nil && strings.HasPrefix(entryPath(e.Entry)+"/", filepath.ToSlash(dir)+"/") && p.broken[name] == nil {
				p.broken[name] = e
			}
		}
	}
	for _, name := range names {
		src := filepath.Join(exDir, name)
		var entryErr *EntryError
		if ok, err := isDirIn(filepath.Base(sub.Path), root, src); errors.As(err, &entryErr) {
			p.broken[name] = err
			continue
		} else if err != nil {
			p.err = err
			return p
		} else if !ok {
			p.missing[name] = true
			continue
		}
		dst := filepath.Join(p.srcDir, name)
		if err := copySources(filepath.Base(sub.Path), root, src, dst, g.opts.Limits); errors.As(err, &entryErr) {
			p.broken[name] = err
			continue
		} else if err != nil {
			p.err = err
			return p
		}
		h, err := hashTree(dst)
		if err != nil {
			p.err = fmt.Errorf("grade: workspace: %w", err)
			return p
		}
		p.hashes[name] = h
	}
	if g.opts.Inspect != nil {
		in := Inspected{Submission: sub, Root: root, ExercisesDir: exDir, Sources: map[string]string{}}
		for _, name := range names {
			if !p.missing[name] {
				in.Found = append(in.Found, name)
				in.Sources[name] = filepath.Join(p.srcDir, name)
			}
		}
		g.opts.Inspect(in)
	}
	return p
}
