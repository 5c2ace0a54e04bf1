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

// gradeFlags are the flags of grade and of grade merge: each run of the
// command gets a value of its own, filled in by register.
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

	hidden        string
	deadline      string
	latePenalty   string
	similarity    bool
	similarityCSV string
}

func (g *gradeFlags) register(fs *flag.FlagSet) {
	*g = gradeFlags{}
	fs.StringVar(&g.format, "format", "json", "the gradebook's format: "+strings.Join(grade.Formats, ", "))
	fs.StringVar(&g.out, "out", "", "write the gradebook to this file, or folder for "+strings.Join(grade.DirFormats, " and ")+" (default: standard output)")
	fs.StringVar(&g.feedback, "feedback", "", "write a Markdown feedback file per student into this folder")
	fs.IntVar(&g.hints, "hints", -1, "with --feedback or --format html: give each failing exercise's first N hints (default: all)")
	fs.IntVar(&g.jobs, "jobs", runtime.NumCPU(), "submissions graded at once")
	fs.StringVar(&g.shard, "shard", "", "grade only the K-th of N slices of the class: K/N")
	fs.DurationVar(&g.timeout, "timeout", scenario.DefaultTimeout, "how long each run of a program may take before it is stopped")
	fs.StringVar(&g.cache, "cache", "", "keep grades in this folder, to regrade only what changed (default: the user's cache folder)")
	fs.BoolVar(&g.noCache, "no-cache", false, "grade everything afresh, and keep nothing")
	fs.BoolVar(&g.partial, "partial", false, "merge: join the shards given even if some are missing")
	fs.StringVar(&g.hidden, "hidden", "", "add the hidden scenarios (qN_name.txtar) and quiz keys (qN_name.answers.txt) of this folder")
	fs.StringVar(&g.deadline, "deadline", "", "the deadline, RFC 3339 or YYYY-MM-DD HH:MM local time: each submission's time is stated against it")
	fs.StringVar(&g.latePenalty, "late-penalty", "", "with --deadline: what lateness costs, like 10%/day,max=50%,grace=15m")
	fs.BoolVar(&g.similarity, "similarity", false, "point out pairs of students whose sources of an exercise are alike")
	fs.StringVar(&g.similarityCSV, "similarity-csv", "", "write the similar pairs to this CSV file (implies --similarity)")
	fs.BoolVar(&g.unsafe, "unsafe-no-sandbox", false, "run the submissions unconfined, as your own user: only where no sandbox can be had, for code you trust")
}

// gradeOnlyFlags are the flags that mean something to grading and nothing
// to merge.
var gradeOnlyFlags = []string{"feedback", "hints", "jobs", "shard", "timeout", "cache", "no-cache",
	"hidden", "deadline", "late-penalty", "similarity", "similarity-csv", "unsafe-no-sandbox"}

var cmdGrade = newGradeCommand()

func newGradeCommand() *Command {
	var g gradeFlags
	return &Command{
		Name:      "grade",
		UsageLine: "grade [--format F] [--out FILE] [--feedback DIR] [--jobs N] [--shard K/N] [--hidden DIR]\n             [--deadline TIME [--late-penalty RULE]] [--similarity] DIR\n       checker grade merge [--format F] [--out FILE] [--partial] FILE...",
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

The gradebook goes to standard output, or to --out FILE (a folder, for
surefire and exercism), as --format says:
  json        (the default) every student, exercise and scenario, with status
              pass, fail, error or timeout; merge reads it back
  csv         a row per student, a column per exercise, the total: for a
              spreadsheet
  canvas      the CSV Canvas's gradebook import reads
  moodle      the CSV Moodle's grade import reads, with feedback
  junit       JUnit XML (Ant's and Jenkins' schemas), for CI dashboards
  surefire    a folder of Maven Surefire reports, TEST-<student>.xml
  gradescope  Gradescope's results.json: DIR must hold one submission
              ('checker gradescope-bundle' writes the whole autograder)
  exercism    a folder of Exercism results.json, <student>/<exercise>/
  html        one page to look at: the class's summary, a histogram of the
              totals, each exercise's pass rate, each student's feedback
The same submissions give the same gradebook, byte for byte, apart from its
"graded_at" field (set SOURCE_DATE_EPOCH to fix that too) and the times in
the JUnit and Gradescope formats.

--hidden DIR adds the instructor's own tests, which the students' copy does
not have: qN_name.txtar scenarios (a new name adds a scenario worth the
points of its "# points: N" line, 1 without; a name the manifest has
replaces that scenario) and qN_name.answers.txt quiz keys (which replace
that quiz's answers.txt). They count like the others; feedback names them
and their verdict, never what they check, and Gradescope shows them after
the due date.

--deadline TIME states each submission's time against the deadline: its
last git commit's time, else its archive's, else its newest exercise
file's; --late-penalty RULE takes a share off a late score, for example
10%/day,max=50%,grace=15m (per started minute, hour, day or week late, or
a flat 20%). The gradebook keeps the score before the penalty too.

--similarity points out pairs of students whose sources of an exercise are
identical, the same once names, layout and comments are set aside, or
share most of their code beyond the stub they were given: in the
gradebook, in the html report, and as CSV with --similarity-csv FILE. It
is a pointer for a human to read both programs, never a verdict.

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
		SetFlags: g.register,
		Run:      g.run,
	}
}

func (g *gradeFlags) run(env *Env, args []string) int {
	set := map[string]bool{}
	env.Cmd.Flags.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !grade.ValidFormat(g.format) {
		return usageError(env, "--format must be one of %s, not %q", strings.Join(grade.Formats, ", "), g.format)
	}
	if len(args) > 0 && args[0] == "merge" {
		for _, name := range gradeOnlyFlags {
			if set[name] {
				return usageError(env, "--%s is for grading, not for merge", name)
			}
		}
		return g.runMerge(env, args[1:])
	}
	if set["partial"] {
		return usageError(env, "--partial is for merge")
	}
	switch {
	case len(args) == 0:
		return usageError(env, "which class? Name the folder of submissions: checker grade DIR")
	case len(args) > 1:
		return usageError(env, "one class folder at a time, not %q", strings.Join(args, " "))
	case g.jobs < 1:
		return usageError(env, "--jobs must be at least 1, not %d", g.jobs)
	case g.timeout <= 0:
		return usageError(env, "--timeout must be positive, not %v", g.timeout)
	case set["cache"] && g.noCache:
		return usageError(env, "--cache and --no-cache say opposite things")
	case set["hints"] && g.feedback == "" && g.format != "html":
		return usageError(env, "--hints is for the feedback: give --feedback DIR or --format html too")
	case set["late-penalty"] && g.deadline == "":
		return usageError(env, "--late-penalty needs the deadline: give --deadline TIME too")
	}
	var hidden *grade.Hidden
	if g.hidden != "" {
		h, err := grade.LoadHidden(g.hidden, workbook.All)
		if err != nil {
			return usageError(env, "--hidden: %v", strings.TrimPrefix(trimGrade(err), "hidden tests: "))
		}
		hidden = h
	}
	extras, err := g.extras(env.Root)
	if err != nil {
		return usageError(env, "%v", err)
	}
	var shard grade.Shard
	if g.shard != "" {
		s, err := grade.ParseShard(g.shard)
		if err != nil {
			return usageError(env, "--shard: %v", strings.TrimPrefix(err.Error(), "grade: "))
		}
		shard = s
	}
	class := args[0]
	if fi, err := os.Stat(class); err != nil || !fi.IsDir() {
		return usageError(env, "%s is not a folder of submissions", class)
	}
	if g.format == "gradescope" && shard.N > 1 {
		return usageError(env, "--format gradescope grades one submission; it has no use for --shard")
	}
	if grade.IsDirFormat(g.format) && g.out == "" {
		return usageError(env, "--format %s writes a folder of files: name it with --out DIR", g.format)
	}
	// Gradescope's one submission is counted before grading, not after.
	if g.format == "gradescope" {
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
	if err := g.checkOutputs(); err != nil {
		fmt.Fprintf(env.Stderr, "checker grade: %v\n", err)
		return exitFailed
	}

	opts := grade.Options{
		Root:    env.Root,
		Jobs:    g.jobs,
		Timeout: g.timeout,
		Shard:   shard,
		Now:     now,

		UnsafeNoSandbox: g.unsafe,
		ProgramCache:    programCache(),
		ProgramsKept:    programsKept,
	}
	if !g.noCache {
		opts.Cache = openGradeCache(env, g.cache, set["cache"])
	}
	bar := newGradeProgress(env.Stderr, isTerminal(env.Stderr))
	opts.Progress = bar.update
	opts.Hidden = hidden
	opts.Inspect = extras.inspect()

	start := time.Now()
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
	gb.Elapsed = time.Since(start)
	extras.apply(gb)
	bar.summary(gb)
	if extras.similar != nil {
		fmt.Fprintf(env.Stderr, "checker grade: %s; %s\n", pairsFound(len(gb.Similar)), grade.SimilarityNote)
		if g.similarityCSV != "" {
			err := atomicfile.WriteFunc(g.similarityCSV, func(w io.Writer) error { return grade.WriteSimilarity(w, gb.Similar) })
			if err != nil {
				fmt.Fprintf(env.Stderr, "checker grade: --similarity-csv: %v\n", err)
				return exitFailed
			}
		}
	}
	if err := g.writeGradebook(env, gb); err != nil {
		fmt.Fprintf(env.Stderr, "checker grade: %v\n", trimGrade(err))
		return exitFailed
	}
	if g.feedback != "" {
		if err := grade.WriteFeedback(g.feedback, gb, workbook.All, g.hints); err != nil {
			fmt.Fprintf(env.Stderr, "checker grade: %v\n", trimGrade(err))
			return exitFailed
		}
	}
	return code
}

// runGradeMerge joins the gradebooks named by args into one.
func (g *gradeFlags) runMerge(env *Env, args []string) int {
	if len(args) == 0 {
		return usageError(env, "merge what? Name the gradebooks: checker grade merge part1.json part2.json")
	}
	if grade.IsDirFormat(g.format) && g.out == "" {
		return usageError(env, "--format %s writes a folder of files: name it with --out DIR", g.format)
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
	gb, err := grade.Merge(books, g.partial)
	if err != nil {
		fmt.Fprintf(env.Stderr, "checker grade merge: %v\n", trimGrade(err))
		return exitFailed
	}
	if err := g.writeGradebook(env, gb); err != nil {
		fmt.Fprintf(env.Stderr, "checker grade merge: %v\n", trimGrade(err))
		return exitFailed
	}
	return exitOK
}

// gradeExtras are what a grading run works out besides the grades, as the
// flags ask: the submissions' times against a deadline, and similar pairs.
type gradeExtras struct {
	deadline time.Time
	policy   grade.LatePolicy
	times    *grade.SubmissionTimes // nil without --deadline
	similar  *grade.Similarity      // nil without --similarity
}

// extras reads --deadline, --late-penalty and --similarity. The stubs of
// the workbook at root are what every student was given, which
// similarity sets aside.
func (g *gradeFlags) extras(root string) (*gradeExtras, error) {
	x := &gradeExtras{}
	if g.deadline != "" {
		d, err := parseDeadline(g.deadline)
		if err != nil {
			return nil, fmt.Errorf("--deadline: %v", err)
		}
		p, err := grade.ParseLatePolicy(g.latePenalty)
		if err != nil {
			return nil, fmt.Errorf("--late-penalty: %v", strings.TrimPrefix(err.Error(), "grade: "))
		}
		x.deadline, x.policy, x.times = d, p, &grade.SubmissionTimes{}
	}
	if g.similarity || g.similarityCSV != "" {
		x.similar = &grade.Similarity{Base: map[string]string{}}
		for _, ex := range workbook.All {
			x.similar.Base[ex.Name] = filepath.Join(root, "exercises", ex.Name)
		}
	}
	return x, nil
}

// inspect is the grade.Options.Inspect that collects the extras, or nil.
func (x *gradeExtras) inspect() func(grade.Inspected) {
	if x.times == nil && x.similar == nil {
		return nil
	}
	return func(in grade.Inspected) {
		if x.times != nil {
			x.times.Inspect(in)
		}
		if x.similar != nil {
			x.similar.Inspect(in)
		}
	}
}

// apply puts the extras in the gradebook: the late penalties, the pairs.
func (x *gradeExtras) apply(gb *grade.Gradebook) {
	if x.times != nil {
		grade.ApplyLateness(gb, x.times.Times(), x.deadline, x.policy)
	}
	if x.similar != nil {
		gb.Similar = x.similar.Pairs()
	}
}

// writeGradebook writes gb in the chosen format to --out, whole or not at
// all, or to standard output; a folder format into the folder --out.
func (g *gradeFlags) writeGradebook(env *Env, gb *grade.Gradebook) error {
	if grade.IsDirFormat(g.format) {
		return grade.WriteDir(g.out, gb, g.format, workbook.All, scenarioText(env.Root))
	}
	write := func(w io.Writer) error {
		if g.format == "html" {
			return grade.WriteHTML(w, gb, workbook.All, g.hints)
		}
		return grade.Write(w, gb, g.format, workbook.All)
	}
	if g.out == "" {
		return write(env.Stdout)
	}
	return atomicfile.WriteFunc(g.out, write)
}

// scenarioText returns a scenario's file in the workbook at root, for the
// formats that quote it (Exercism's test_code), or "".
func scenarioText(root string) func(name string) string {
	return func(name string) string {
		b, err := os.ReadFile(filepath.Join(root, "testdata", name+".txtar"))
		if err != nil {
			return ""
		}
		return string(b)
	}
}

// pairsFound says how many similar pairs there are.
func pairsFound(n int) string {
	switch n {
	case 0:
		return "no similar submissions"
	case 1:
		return "1 pair of similar submissions"
	}
	return fmt.Sprintf("%d pairs of similar submissions", n)
}

// parseDeadline reads --deadline: RFC 3339 ("2026-12-01T23:59:00+01:00"),
// or a date and time in the local time zone ("2026-12-01 23:59").
func parseDeadline(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: give RFC 3339 (2026-12-01T23:59:00Z) or YYYY-MM-DD HH:MM, local time", s)
}

// checkOutputs makes sure, before any grading, that the gradebook's folder
// exists (or is made, for a format that is a folder of files), that the
// feedback folder can be made, and that the similarity CSV's folder
// exists.
func (g *gradeFlags) checkOutputs() error {
	if g.out != "" && grade.IsDirFormat(g.format) {
		if err := os.MkdirAll(g.out, 0o755); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
	} else if g.out != "" {
		dir := filepath.Dir(g.out)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return fmt.Errorf("--out %s: no folder %s to write it in", g.out, dir)
		}
	}
	if g.feedback != "" {
		if err := os.MkdirAll(g.feedback, 0o755); err != nil {
			return fmt.Errorf("--feedback: %w", err)
		}
	}
	if g.similarityCSV != "" {
		dir := filepath.Dir(g.similarityCSV)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return fmt.Errorf("--similarity-csv %s: no folder %s to write it in", g.similarityCSV, dir)
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
