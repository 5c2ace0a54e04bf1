package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/procbook/procbook/checker/internal/atomicfile"
	"github.com/procbook/procbook/checker/internal/grade"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// gradeFlags are the flags of grade and of grade merge.
type gradeFlags struct {
	format   string
	out      string
	feedback string
	jobs     int
	shard    string
	timeout  time.Duration
	cache    string
	noCache  bool
	partial  bool
	hints    int
	unsafe   bool // --unsafe-no-sandbox
}

var gradeOpts gradeFlags

func (g *gradeFlags) register(fs *flag.FlagSet) {
	*g = gradeFlags{}
	fs.StringVar(&g.format, "format", "json", "the gradebook's format: "+strings.Join(grade.Formats, ", "))
	fs.StringVar(&g.out, "out", "", "write the gradebook to this file (default: standard output)")
	fs.StringVar(&g.feedback, "feedback", "", "write a Markdown feedback file per student into this folder")
	fs.IntVar(&g.hints, "hints", -1, "with --feedback: give each failing exercise's first N hints (default: all)")
	fs.IntVar(&g.jobs, "jobs", runtime.NumCPU(), "submissions graded at once")
	fs.StringVar(&g.shard, "shard", "", "grade only the K-th of N slices of the class: K/N")
	fs.DurationVar(&g.timeout, "timeout", scenario.DefaultTimeout, "how long each run of a program may take before it is stopped")
	fs.StringVar(&g.cache, "cache", "", "keep grades in this folder, to regrade only what changed (default: the user's cache folder)")
	fs.BoolVar(&g.noCache, "no-cache", false, "grade everything afresh, and keep nothing")
	fs.BoolVar(&g.partial, "partial", false, "merge: join the shards given even if some are missing")
	fs.BoolVar(&g.unsafe, "unsafe-no-sandbox", false, "run the submissions unconfined, as your own user: only where no sandbox can be had, for code you trust")
}

// gradeOnlyFlags are the flags that mean something to grading and nothing
// to merge.
var gradeOnlyFlags = []string{"feedback", "hints", "jobs", "shard", "timeout", "cache", "no-cache", "unsafe-no-sandbox"}

var cmdGrade = &Command{
	Name:      "grade",
	UsageLine: "grade [--format F] [--out FILE] [--feedback DIR] [--jobs N] [--shard K/N] DIR\n       checker grade merge [--format F] [--out FILE] [--partial] FILE...",
	Short:     "grade a folder of submissions: a gradebook and feedback per student",
	Long: `Grade grades a whole class. Each entry of DIR is one student: a folder (a
copy of the workbook, or just its exercises folder) or a .zip or .tar.gz of
one; the student's id is the entry's name without its extension.

Only each student's exercises/qN sources are used; the tests, the scenarios,
the process library and go.mod are this workbook's, so no submission can
change them. Each exercise is built offline (a submission cannot add a
dependency) in a workspace of its own, and checked against its scenarios;
each run of a program is sandboxed: it sees nothing of the machine but its
own binary and a scratch folder, has no network, and is limited in memory,
processes, CPU time and file size (where Linux's user namespaces cannot be
had, grade refuses, and says how to get them, unless --unsafe-no-sandbox);
every scenario that passes earns the points the manifest gives it. A program
that loops, floods its output or leaves processes behind loses that
scenario's points, and everything it started is killed. A bad archive (a
path out of it, too big) gets the student an error grade; a link out of a
submission costs only the exercise it is in. An exercise whose sources
import os/exec, syscall, unsafe, plugin or net, or write files, is refused
before it is built: the trace the scenarios read must be the library's.

The gradebook goes to standard output, or to --out FILE, as --format says:
  json        (the default) every student, exercise and scenario, with status
              pass, fail, error or timeout; merge reads it back
  csv         a row per student, a column per exercise, the total: for a
              spreadsheet or an LMS import
  junit       JUnit XML, for CI dashboards
  gradescope  Gradescope's results.json: DIR must hold one submission
The same submissions give the same gradebook, byte for byte, apart from its
"graded_at" field (set SOURCE_DATE_EPOCH to fix that too).

Grades are cached by the hash of each exercise's sources and of this
workbook's tests and library: grading the class again regrades only what
changed (and everything, if a test changed). Timeouts are always checked
again, in case the machine was busy.

For a class too large for one machine, grade slices of it on several:
  checker grade --shard 1/3 --out part1.json DIR    (and 2/3, 3/3 elsewhere)
  checker grade merge --out gradebook.json part1.json part2.json part3.json
A student's slice depends on their id alone. merge refuses parts graded
against different tests, and a missing slice unless --partial.

Exit status: 0 when the gradebook was written, whatever the grades; 1 when
the checker failed on some exercises (the gradebook is written all the same)
or could not write it; 2 for bad usage.

See docs/instructors.md.`,
	SetFlags: func(fs *flag.FlagSet) { gradeOpts.register(fs) },
	Run:      runGrade,
}

func runGrade(env *Env, args []string) int {
	set := map[string]bool{}
	env.Cmd.Flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !grade.ValidFormat(gradeOpts.format) {
		return usageError(env, "--format must be one of %s, not %q", strings.Join(grade.Formats, ", "), gradeOpts.format)
	}
	if len(args) > 0 && args[0] == "merge" {
		for _, name := range gradeOnlyFlags {
			if set[name] {
				return usageError(env, "--%s is for grading, not for merge", name)
			}
		}
		return runGradeMerge(env, args[1:])
	}
	if set["partial"] {
		return usageError(env, "--partial is for merge")
	}
	switch {
	case len(args) == 0:
		return usageError(env, "which class? Name the folder of submissions: checker grade DIR")
	case len(args) > 1:
		return usageError(env, "one class folder at a time, not %q", strings.Join(args, " "))
	case gradeOpts.jobs < 1:
		return usageError(env, "--jobs must be at least 1, not %d", gradeOpts.jobs)
	case gradeOpts.timeout <= 0:
		return usageError(env, "--timeout must be positive, not %v", gradeOpts.timeout)
	case set["cache"] && gradeOpts.noCache:
		return usageError(env, "--cache and --no-cache say opposite things")
	case set["hints"] && gradeOpts.feedback == "":
		return usageError(env, "--hints is for the feedback: give --feedback DIR too")
	}
	var shard grade.Shard
	if gradeOpts.shard != "" {
		s, err := grade.ParseShard(gradeOpts.shard)
		if err != nil {
			return usageError(env, "--shard: %v", strings.TrimPrefix(err.Error(), "grade: "))
		}
		shard = s
	}
	class := args[0]
	if fi, err := os.Stat(class); err != nil || !fi.IsDir() {
		return usageError(env, "%s is not a folder of submissions", class)
	}
	if gradeOpts.format == "gradescope" && shard.N > 1 {
		return usageError(env, "--format gradescope grades one submission; it has no use for --shard")
	}
	// Gradescope's one submission is counted before grading, not after.
	if gradeOpts.format == "gradescope" {
		if subs, err := grade.FindSubmissions(class); err == nil && len(subs) != 1 {
			fmt.Fprintf(env.Stderr, "checker grade: Gradescope's results.json is about one submission, and %s holds %d\n", class, len(subs))
			return exitFailed
		}
	}
	now, err := gradeClock()
	if err != nil {
		return usageError(env, "%v", err)
	}
	// Where the results go is checked now, not after grading the class.
	if err := checkOutputs(); err != nil {
		fmt.Fprintf(env.Stderr, "checker grade: %v\n", err)
		return exitFailed
	}

	opts := grade.Options{
		Root:    env.Root,
		Jobs:    gradeOpts.jobs,
		Timeout: gradeOpts.timeout,
		Shard:   shard,
		Now:     now,

		UnsafeNoSandbox: gradeOpts.unsafe,
	}
	if !gradeOpts.noCache {
		opts.Cache = openGradeCache(env, gradeOpts.cache, set["cache"])
	}
	bar := newGradeProgress(env.Stderr, isTerminal(env.Stderr))
	opts.Progress = bar.update

	gb, err := grade.Grade(env.Ctx, class, opts)
	bar.finish()
	if gb == nil {
		if env.Ctx.Err() != nil {
			fmt.Fprintln(env.Stderr, "checker grade: interrupted; nothing written")
			return exitFailed
		}
		fmt.Fprintf(env.Stderr, "checker grade: %v\n", trimGrade(err))
		return exitFailed
	}
	code := exitOK
	if err != nil {
		fmt.Fprintf(env.Stderr, "checker grade: the checker failed on some exercises, graded as errors:\n%v\n", trimGrade(err))
		fmt.Fprintln(env.Stderr, "Next: 'go run ./checker verify --solutions' checks that the checker works on this machine.")
		code = exitFailed
	}
	bar.summary(gb)
	if err := writeGradebook(env, gb); err != nil {
		fmt.Fprintf(env.Stderr, "checker grade: %v\n", trimGrade(err))
		return exitFailed
	}
	if gradeOpts.feedback != "" {
		if err := grade.WriteFeedback(gradeOpts.feedback, gb, workbook.All, gradeOpts.hints); err != nil {
			fmt.Fprintf(env.Stderr, "checker grade: %v\n", trimGrade(err))
			return exitFailed
		}
	}
	return code
}

// runGradeMerge joins the gradebooks named by args into one.
func runGradeMerge(env *Env, args []string) int {
	if len(args) == 0 {
		return usageError(env, "merge what? Name the gradebooks: checker grade merge part1.json part2.json")
	}
	var books []*grade.Gradebook
	for _, name := range args {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(env.Stderr, "checker grade merge: %v\n", err)
			return exitFailed
		}
		gb, err := grade.ReadJSON(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(env.Stderr, "checker grade merge: %s: %v\n", name, trimGrade(err))
			return exitFailed
		}
		books = append(books, gb)
	}
	gb, err := grade.Merge(books, gradeOpts.partial)
	if err != nil {
		fmt.Fprintf(env.Stderr, "checker grade merge: %v\n", trimGrade(err))
		return exitFailed
	}
	if err := writeGradebook(env, gb); err != nil {
		fmt.Fprintf(env.Stderr, "checker grade merge: %v\n", trimGrade(err))
		return exitFailed
	}
	return exitOK
}

// writeGradebook writes gb in the chosen format to --out, whole or not at
// all, or to standard output.
func writeGradebook(env *Env, gb *grade.Gradebook) error {
	if gradeOpts.out == "" {
		return grade.Write(env.Stdout, gb, gradeOpts.format, workbook.All)
	}
	return atomicfile.WriteFunc(gradeOpts.out, func(w io.Writer) error {
		return grade.Write(w, gb, gradeOpts.format, workbook.All)
	})
}

// checkOutputs makes sure that the gradebook's folder exists and that the
// feedback folder can be made, before any grading.
func checkOutputs() error {
	if gradeOpts.out != "" {
		dir := filepath.Dir(gradeOpts.out)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return fmt.Errorf("--out %s: no folder %s to write it in", gradeOpts.out, dir)
		}
	}
	if gradeOpts.feedback != "" {
		if err := os.MkdirAll(gradeOpts.feedback, 0o755); err != nil {
			return fmt.Errorf("--feedback: %w", err)
		}
	}
	return nil
}

// openGradeCache opens the grade cache in dir, or in the default folder.
// A default cache that cannot be made is only a warning: grading goes on
// without it. A folder the instructor named must work.
func openGradeCache(env *Env, dir string, named bool) *grade.Cache {
	if dir == "" {
		d, err := grade.DefaultCacheDir()
		if err != nil {
			fmt.Fprintf(env.Stderr, "checker grade: warning: %v; grading without a cache\n", trimGrade(err))
			return nil
		}
		dir = d
	}
	c, err := grade.OpenCache(dir)
	if err != nil {
		if named {
			fmt.Fprintf(env.Stderr, "checker grade: warning: %v; grading without a cache\n", trimGrade(err))
		} else {
			fmt.Fprintf(env.Stderr, "checker grade: warning: %v; grading without a cache (--cache DIR names another folder)\n", trimGrade(err))
		}
		return nil
	}
	return c
}

// gradeClock is the clock for the gradebook's graded_at: the time now, or
// SOURCE_DATE_EPOCH when it is set, for builds that must be reproducible.
func gradeClock() (func() time.Time, error) {
	epoch := os.Getenv("SOURCE_DATE_EPOCH")
	if epoch == "" {
		return time.Now, nil
	}
	secs, err := strconv.ParseInt(epoch, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("SOURCE_DATE_EPOCH must be a number of seconds, not %q", epoch)
	}
	t := time.Unix(secs, 0).UTC()
	return func() time.Time { return t }, nil
}

// trimGrade drops the package prefix of the grade package's errors, which
// the command's own prefix replaces.
func trimGrade(err error) string {
	var lines []string
	for _, l := range strings.Split(err.Error(), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "grade: "))
	}
	return strings.Join(lines, "\n")
}
