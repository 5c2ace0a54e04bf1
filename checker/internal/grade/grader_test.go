package grade

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/procbook/procbook/checker/internal/grade/gradetest"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/workbook"
)

// fakeChecker stands in for the scenario runner: a program's main.go
// says what its verdict is to be ("PASS", "FAIL", "NOBUILD", "SLOW",
// "BROKEN"), and the checker counts what it was asked to check. Such
// sources are not Go, so the tests that use it turn the static policy off
// (noPolicy), which refuses a file it cannot parse.
type fakeChecker struct {
	t      *testing.T
	root   string
	mu     sync.Mutex
	checks []string // "student-source-hash exercise", one per call
}

func (f *fakeChecker) check(ctx context.Context, ex workbook.Exercise, opts scenario.Options) (*scenario.Result, error) {
	t := f.t
	if !opts.Offline || opts.Timeout != 3*time.Second {
		t.Errorf("options: %+v", opts)
	}
	// The build works from a copy of the instructor's workbook, never from
	// the workbook itself.
	mine, _ := os.ReadFile(filepath.Join(f.root, "go.mod"))
	copied, _ := os.ReadFile(filepath.Join(opts.Root, "go.mod"))
	if opts.Root == f.root || !strings.HasPrefix(string(copied), string(mine)) || len(mine) == 0 {
		t.Errorf("root %s: not a copy of %s", opts.Root, f.root)
	}
	if fi, err := os.Stat(opts.WorkDir); err != nil || !fi.IsDir() {
		t.Errorf("no workspace: %v", err)
	}
	// Only the exercise's sources may be there: never the submission's
	// go.mod, testdata or another exercise.
	var files []string
	filepath.WalkDir(opts.SourceDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(opts.SourceDir, p)
			files = append(files, rel)
		}
		return err
	})
	for _, f := range files {
		if f != "main.go" && f != "quiz.md" {
			t.Errorf("%s: unexpected source %s", ex.Name, f)
		}
	}
	main, _ := os.ReadFile(filepath.Join(opts.SourceDir, "main.go"))
	f.mu.Lock()
	f.checks = append(f.checks, ex.Name+" "+strings.TrimSpace(string(main)))
	f.mu.Unlock()

	res := &scenario.Result{Exercise: ex.Name, Status: scenario.Pass}
	verdict := strings.Fields(string(main) + " PASS")[0]
	switch verdict {
	case "BROKEN":
		return nil, errors.New("scenario: no go command in " + opts.WorkDir)
	case "NOBUILD":
		res.Status = scenario.Error
		res.Build = &scenario.BuildError{
			Output:      "# q\n" + opts.SourceDir + "/main.go:1:1: expected 'package', found NOBUILD\n",
			Diagnostics: []scenario.Diagnostic{{File: opts.SourceDir + "/main.go", Line: 1, Col: 1, Message: "expected 'package', found NOBUILD"}},
		}
		return res, nil
	}
	for i, sc := range ex.Scenarios {
		r := scenario.ScenarioResult{Name: sc.Name, Points: sc.Points, Status: scenario.Pass}
		switch {
		case verdict == "FAIL" && i == 0:
			res.Status, r.Status = scenario.Fail, scenario.Fail
			r.Message = "wrong output, in " + opts.WorkDir
			r.Expected, r.Actual = "[4, 16]\n", "[2, 4]\n"
		case verdict == "SLOW" && i == len(ex.Scenarios)-1:
			res.Status, r.Status = scenario.Timeout, scenario.Timeout
			r.Reason = "timed out after 3s"
		}
		res.Scenarios = append(res.Scenarios, r)
	}
	return res, nil
}

// classFixture makes an instructor's workbook and a class of six with
// every kind of submission; it returns the workbook's root and the class.
func classFixture(t *testing.T) (root, class string) {
	t.Helper()
	dir := t.TempDir()
	root, class = filepath.Join(dir, "workbook"), filepath.Join(dir, "class")
	writeFiles(t, root, map[string]string{
		"go.mod":                 "module github.com/procbook/procbook\n",
		"testdata/q3_square.txt": "the instructor's scenario",
	})
	writeFiles(t, class, map[string]string{
		// alice: the whole workbook, everything right, and tests of her own that are ignored.
		"alice/go.mod":                 "module evil\nrequire example.com/x v1.0.0\n",
		"alice/testdata/q3_square.txt": "always pass",
		"alice/exercises/q3/main.go":   "PASS alice",
		"alice/exercises/q3/quiz.md":   "answers",
		"alice/exercises/q6/main.go":   "PASS alice",
		// dan: only the exercises folder, q6 missing, q3 does not build.
		"dan/q3/main.go": "NOBUILD dan",
		// frank: the checker breaks on q6.
		"frank/q3/main.go": "PASS frank",
		"frank/q6/main.go": "BROKEN frank",
	})
	bob, err := gradetest.FromDir(filepath.Join(class, "alice"), "procbook-main")
	if err != nil {
		t.Fatal(err)
	}
	for i := range bob {
		if strings.HasSuffix(bob[i].Name, "q6/main.go") {
			bob[i].Body = "FAIL bob"
		}
		if strings.HasSuffix(bob[i].Name, "q3/main.go") {
			bob[i].Body = "SLOW bob"
		}
	}
	if err := gradetest.WriteZip(filepath.Join(class, "bob.zip"), bob); err != nil {
		t.Fatal(err)
	}
	slip := []gradetest.Entry{{Name: "exercises/q3/main.go", Body: "PASS"}, {Name: "../../../carol-was-here", Body: "x"}}
	if err := gradetest.WriteTarGz(filepath.Join(class, "carol.tar.gz"), slip); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, class, map[string]string{"erin/exercises/q3/main.go": "PASS erin"})
	if err := os.Symlink(filepath.Join(root, "testdata/q3_square.txt"), filepath.Join(class, "erin/exercises/q3/x.go")); err != nil {
		t.Fatal(err)
	}
	return root, class
}

// gradeFixture grades the class with a fake checker and returns the
// gradebook, written as JSON, and the checks the fake was asked for.
func gradeFixture(t *testing.T, root, class string, cache *Cache) ([]byte, *Gradebook, []string) {
	t.Helper()
	f := &fakeChecker{t: t, root: root}
	var last Progress
	gb, err := Grade(context.Background(), class, Options{
		Root: root, Exercises: testManifest, Jobs: 3, Timeout: 3 * time.Second,
		Cache: cache, TempDir: t.TempDir(), noPolicy: true, Check: f.check,
		Now:      func() time.Time { return time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC) },
		Progress: func(p Progress) { last = p },
	})
	var te *ToolError
	if !errors.As(err, &te) || te.Student != "frank" || te.Exercise != "q6" {
		t.Fatalf("Grade: got %v, want a ToolError for frank's q6", err)
	}
	if last.Done != last.Total || last.Total != 10 || last.Students != 6 {
		t.Errorf("last progress %+v, want 10 of 10 exercises of 6 students", last)
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, gb); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), gb, f.checks
}

func TestGradeClass(t *testing.T) {
	root, class := classFixture(t)
	_, gb, _ := gradeFixture(t, root, class, nil)

	type row struct {
		ID, Error string
		Score     int
		Statuses  string
	}
	var got []row
	for _, s := range gb.Students {
		r := row{ID: s.ID, Score: s.Score}
		if s.Error != "" {
			r.Error = s.Error
		}
		for _, e := range s.Exercises {
			r.Statuses += fmt.Sprintf("%s:%s:%d ", e.Name, e.Status, e.Score)
		}
		got = append(got, r)
	}
	want := []row{
		{ID: "alice", Score: 6, Statuses: "q3:pass:4 q6:pass:2 "},
		// bob: q3's last scenario timed out and costs its point only.
		{ID: "bob", Score: 3, Statuses: "q3:timeout:3 q6:fail:0 "},
		{ID: "carol", Error: "grade: carol.tar.gz: ../../../carol-was-here: path leaves the submission", Statuses: "q3:error:0 q6:error:0 "},
		{ID: "dan", Score: 0, Statuses: "q3:error:0 q6:error:0 "},
		// erin: a link out costs the exercise it is in, and only that one.
		{ID: "erin", Statuses: "q3:error:0 q6:error:0 "},
		{ID: "frank", Score: 4, Statuses: "q3:pass:4 q6:error:0 "},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("grades (-want +got):\n%s", diff)
	}

	dan := gb.Students[3]
	if m := dan.Exercises[0].Message; m != "does not build: exercises/q3/main.go:1:1: expected 'package', found NOBUILD" {
		t.Errorf("dan's q3: message %q", m)
	}
	if d := dan.Exercises[0].Diagnostics; len(d) != 1 || d[0].String() != "exercises/q3/main.go:1:1: expected 'package', found NOBUILD" {
		t.Errorf("dan's q3: diagnostics %+v", d)
	}
	if m := dan.Exercises[1].Message; m != "the submission has no exercises/q6 folder" {
		t.Errorf("dan's q6: message %q", m)
	}
	erin := gb.Students[4]
	if m := erin.Exercises[0].Message; m != "erin: exercises/q3/x.go: link points outside the submission: -> "+filepath.Join(root, "testdata/q3_square.txt") {
		t.Errorf("erin's q3: message %q", m)
	}
	if m := erin.Exercises[1].Message; m != "the submission has no exercises/q6 folder" {
		t.Errorf("erin's q6: message %q", m)
	}
	bob := gb.Students[1]
	if m := bob.Exercises[1].Scenarios[0].Message; m != "wrong output, in $WORK" {
		t.Errorf("bob's failure names a temporary path: %q", m)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(class), "carol-was-here")); err == nil {
		t.Error("carol's archive wrote outside its folder")
	}
	if b := gb.Students[0].MaxScore; b != MaxScore(testManifest) {
		t.Errorf("max score %d, want %d", b, MaxScore(testManifest))
	}
}

func TestGradeIsIncrementalAndDeterministic(t *testing.T) {
	root, class := classFixture(t)
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	first, _, checks := gradeFixture(t, root, class, cache)
	if len(checks) != 7 {
		t.Errorf("first run: %d checks (%v), want 7", len(checks), checks)
	}

	// Nothing changed: only what was not cached is checked again, bob's
	// timeout and frank's broken check, and the gradebook is the same.
	again, _, checks := gradeFixture(t, root, class, cache)
	if diff := cmp.Diff([]string{"q3 SLOW bob", "q6 BROKEN frank"}, sorted(checks)); diff != "" {
		t.Errorf("second run's checks (-want +got):\n%s", diff)
	}
	if !bytes.Equal(first, again) {
		t.Errorf("the gradebook changed between runs:\n%s", cmp.Diff(string(first), string(again)))
	}

	// A student's change regrades that exercise of that student only.
	writeFiles(t, class, map[string]string{"alice/exercises/q6/main.go": "FAIL alice"})
	_, _, checks = gradeFixture(t, root, class, cache)
	if diff := cmp.Diff([]string{"q3 SLOW bob", "q6 BROKEN frank", "q6 FAIL alice"}, sorted(checks)); diff != "" {
		t.Errorf("after alice's change (-want +got):\n%s", diff)
	}

	// A change to the instructor's tests regrades everyone.
	writeFiles(t, root, map[string]string{"testdata/q3_square.txt": "a stricter scenario"})
	_, _, checks = gradeFixture(t, root, class, cache)
	if len(checks) != 7 {
		t.Errorf("after a test changed: %d checks (%v), want 7", len(checks), checks)
	}
}

func TestGradeShards(t *testing.T) {
	root, class := classFixture(t)
	var parts []*Gradebook
	for k := 1; k <= 2; k++ {
		gb, _ := Grade(context.Background(), class, Options{
			Root: root, Exercises: testManifest, Timeout: 3 * time.Second, Shard: Shard{K: k, N: 2},
			TempDir: t.TempDir(), noPolicy: true, Check: (&fakeChecker{t: t, root: root}).check,
		})
		if gb.Shard != fmt.Sprintf("%d/2", k) {
			t.Errorf("shard %d: gradebook says %q", k, gb.Shard)
		}
		parts = append(parts, gb)
	}
	whole, _ := Grade(context.Background(), class, Options{
		Root: root, Exercises: testManifest, Timeout: 3 * time.Second,
		TempDir: t.TempDir(), noPolicy: true, Check: (&fakeChecker{t: t, root: root}).check,
	})
	merged, err := Merge(parts, false)
	if err != nil {
		t.Fatal(err)
	}
	merged.GradedAt, whole.GradedAt = "", ""
	if diff := cmp.Diff(whole, merged); diff != "" {
		t.Errorf("merged shards differ from the whole class (-whole +merged):\n%s", diff)
	}
}

func TestGradeCancelled(t *testing.T) {
	root, class := classFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Grade(ctx, class, Options{Root: root, Exercises: testManifest, TempDir: t.TempDir(),
		noPolicy: true, Check: (&fakeChecker{t: t, root: root}).check})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestGradeNoClass(t *testing.T) {
	root, _ := classFixture(t)
	_, err := Grade(context.Background(), filepath.Join(root, "nope"), Options{Root: root, Exercises: testManifest})
	if err == nil || !strings.Contains(err.Error(), "grade: reading the class") {
		t.Errorf("got %v", err)
	}
}

func sorted(s []string) []string {
	s = append([]string{}, s...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

func TestGradeSharesIdenticalExercises(t *testing.T) {
	for _, tt := range []struct {
		verdict string
		checks  int
	}{
		{"PASS", 1}, // graded once, shared by the other three
		{"SLOW", 4}, // a timeout is not shared: each checks its own
	} {
		t.Run(tt.verdict, func(t *testing.T) {
			dir := t.TempDir()
			root, class := filepath.Join(dir, "workbook"), filepath.Join(dir, "class")
			writeFiles(t, root, map[string]string{"go.mod": "module m\n"})
			for _, id := range []string{"a", "b", "c", "d"} {
				writeFiles(t, class, map[string]string{id + "/q3/main.go": tt.verdict + " same"})
			}
			cache, err := OpenCache(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			f := &fakeChecker{t: t, root: root}
			slow := func(ctx context.Context, ex workbook.Exercise, opts scenario.Options) (*scenario.Result, error) {
				time.Sleep(50 * time.Millisecond) // long enough for the others to wait for this one
				return f.check(ctx, ex, opts)
			}
			gb, err := Grade(context.Background(), class, Options{
				Root: root, Exercises: testManifest[:1], Jobs: 4, Timeout: 3 * time.Second,
				Cache: cache, TempDir: t.TempDir(), noPolicy: true, Check: slow,
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(f.checks) != tt.checks {
				t.Errorf("%d checks, want %d", len(f.checks), tt.checks)
			}
			for _, s := range gb.Students {
				if s.Exercises[0].Score != gb.Students[0].Exercises[0].Score {
					t.Errorf("%s: score %d, unlike %s's", s.ID, s.Exercises[0].Score, gb.Students[0].ID)
				}
			}
		})
	}
}

// TestGradeStuckRunner gives a scenario runner that ignores its context
// and never returns: the class is graded all the same, that exercise an
// error of the checker's, and the run does not hang.
func TestGradeStuckRunner(t *testing.T) {
	dir := t.TempDir()
	root, class := filepath.Join(dir, "workbook"), filepath.Join(dir, "class")
	writeFiles(t, root, map[string]string{"go.mod": "module m\n"})
	writeFiles(t, class, map[string]string{"a/q3/main.go": "STUCK", "b/q3/main.go": "PASS"})
	f := &fakeChecker{t: t, root: root}
	release := make(chan struct{})
	defer close(release)
	check := func(ctx context.Context, ex workbook.Exercise, opts scenario.Options) (*scenario.Result, error) {
		if main, _ := os.ReadFile(filepath.Join(opts.SourceDir, "main.go")); string(main) == "STUCK" {
			<-release
			return nil, errors.New("released")
		}
		return f.check(ctx, ex, opts)
	}
	done := make(chan struct{})
	var gb *Gradebook
	var err error
	go func() {
		defer close(done)
		gb, err = Grade(context.Background(), class, Options{
			Root: root, Exercises: testManifest[:1], Timeout: 3 * time.Second, Budget: time.Second, // b passes at once; a second is room for a busy machine
			TempDir: t.TempDir(), noPolicy: true, Check: check,
		})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Grade hangs on a stuck scenario runner")
	}
	var te *ToolError
	if !errors.As(err, &te) || te.Student != "a" || !strings.Contains(te.Error(), "did not stop") {
		t.Fatalf("got %v, want a ToolError for a's stuck runner", err)
	}
	if a, b := gb.Students[0].Exercises[0], gb.Students[1].Exercises[0]; a.Status != Error || b.Status != Pass {
		t.Errorf("a: %s, b: %s; want error and pass", a.Status, b.Status)
	}
}

// TestGradeLeavesTheWorkbookAlone gives a check that writes into the
// workbook it is given, as go build -mod=mod may rewrite go.mod: the
// instructor's own copy is untouched.
func TestGradeLeavesTheWorkbookAlone(t *testing.T) {
	root, class := classFixture(t)
	writeFiles(t, root, map[string]string{"exercises/q3/main.go": "package main // the stub", ".git/config": "x"})
	before, err := hashTree(root)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeChecker{t: t, root: root}
	check := func(ctx context.Context, ex workbook.Exercise, opts scenario.Options) (*scenario.Result, error) {
		if _, err := os.Stat(filepath.Join(opts.Root, "exercises/q3/main.go")); err != nil {
			t.Errorf("the copy lacks the exercise's package: %v", err)
		}
		if _, err := os.Stat(filepath.Join(opts.Root, ".git")); err == nil {
			t.Errorf("the copy has the workbook's hidden files")
		}
		res, err := f.check(ctx, ex, opts)
		f.mu.Lock() // one rewrite at a time, as f.check reads go.mod too
		defer f.mu.Unlock()
		gomod, ferr := os.OpenFile(filepath.Join(opts.Root, "go.mod"), os.O_APPEND|os.O_WRONLY, 0)
		if ferr != nil {
			t.Fatal(ferr)
		}
		gomod.WriteString("// rewritten\n")
		gomod.Close()
		return res, err
	}
	Grade(context.Background(), class, Options{Root: root, Exercises: testManifest, Timeout: 3 * time.Second, TempDir: t.TempDir(), noPolicy: true, Check: check})
	after, err := hashTree(root)
	if err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Error("grading changed the instructor's workbook")
	}
}

// TestGradeBadLinkCostsItsExercise grades archives whose one bad link is
// inside an exercise, or outside the exercises (a virtual environment's
// link to the system's Python): the first costs that exercise only, the
// second nothing.
func TestGradeBadLinkCostsItsExercise(t *testing.T) {
	dir := t.TempDir()
	root, class := filepath.Join(dir, "workbook"), filepath.Join(dir, "class")
	writeFiles(t, root, map[string]string{"go.mod": "module github.com/procbook/procbook\n"})
	both := []gradetest.Entry{{Name: "exercises/q3/main.go", Body: "PASS"}, {Name: "exercises/q6/main.go", Body: "PASS"}}
	for name, extra := range map[string]gradetest.Entry{
		"inside.zip":     {Name: "exercises/q3/data.go", Link: "/etc/passwd"},
		"outside.tar.gz": {Name: "venv/bin/python", Link: "/usr/bin/python3"},
	} {
		entries := append(append([]gradetest.Entry{}, both...), extra)
		write := gradetest.WriteZip
		if strings.HasSuffix(name, ".tar.gz") {
			write = gradetest.WriteTarGz
		}
		if err := os.MkdirAll(class, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := write(filepath.Join(class, name), entries); err != nil {
			t.Fatal(err)
		}
	}
	f := &fakeChecker{t: t, root: root}
	gb, err := Grade(context.Background(), class, Options{Root: root, Exercises: testManifest, Timeout: 3 * time.Second, TempDir: t.TempDir(), noPolicy: true, Check: f.check})
	if err != nil {
		t.Fatal(err)
	}
	inside, outside := gb.Students[0], gb.Students[1]
	if q3, q6 := inside.Exercises[0], inside.Exercises[1]; inside.Error != "" || q3.Status != Error ||
		!strings.Contains(q3.Message, "exercises/q3/data.go: link points outside the submission") || q6.Status != Pass {
		t.Errorf("inside: %q; q3 %s %q; q6 %s", inside.Error, q3.Status, q3.Message, q6.Status)
	}
	if outside.Error != "" || outside.Score != outside.MaxScore {
		t.Errorf("outside: %q, %d of %d", outside.Error, outside.Score, outside.MaxScore)
	}
}

// TestGradeBadEntryCostsItsExercise grades archives, of both kinds, whose
// one entry is of a kind that has no place in a submission (a fifo, a
// device), or a link out: inside an exercise, however the archiver wrote
// its name ("./exercises/…", backslashes), it costs that exercise only,
// with a message naming it; outside the exercises, nothing.
func TestGradeBadEntryCostsItsExercise(t *testing.T) {
	dir := t.TempDir()
	root, class := filepath.Join(dir, "workbook"), filepath.Join(dir, "class")
	writeFiles(t, root, map[string]string{"go.mod": "module github.com/procbook/procbook\n"})
	if err := os.MkdirAll(class, 0o755); err != nil {
		t.Fatal(err)
	}
	fifo, char, block := fs.ModeNamedPipe, fs.ModeDevice|fs.ModeCharDevice, fs.ModeDevice
	cases := []struct {
		student string
		prefix  string // of every name, as archivers write them
		bad     gradetest.Entry
		message string // q3's, or "" when it costs nothing
	}{
		{"zipfifo.zip", "", gradetest.Entry{Name: "exercises/q3/pipe", Type: fifo}, "zipfifo.zip: exercises/q3/pipe: a named pipe (fifo): a submission holds only files, folders and links"},
		{"tarfifo.tar.gz", "", gradetest.Entry{Name: "exercises/q3/pipe", Type: fifo}, "tarfifo.tar.gz: exercises/q3/pipe: a named pipe (fifo): a submission holds only files, folders and links"},
		{"dotted.tar.gz", "./", gradetest.Entry{Name: "exercises/q3/tty", Type: char}, "dotted.tar.gz: ./exercises/q3/tty: a character device: a submission holds only files, folders and links"},
		{"wrapped.zip", "procbook-main/", gradetest.Entry{Name: "exercises/q3/disk", Type: block}, "wrapped.zip: procbook-main/exercises/q3/disk: a block device: a submission holds only files, folders and links"},
		{"windows.zip", "", gradetest.Entry{Name: `exercises\q3\pipe`, Type: fifo}, `windows.zip: exercises\q3\pipe: a named pipe (fifo): a submission holds only files, folders and links`},
		{"dottedlink.tar.gz", "./", gradetest.Entry{Name: "exercises/q3/data.go", Link: "/etc/passwd"}, "dottedlink.tar.gz: ./exercises/q3/data.go: link points outside the submission: -> /etc/passwd"},
		{"outzip.zip", "", gradetest.Entry{Name: "venv/run/pipe", Type: fifo}, ""},
		{"outtar.tar.gz", "./", gradetest.Entry{Name: "venv/dev/null", Type: char}, ""},
	}
	for _, c := range cases {
		entries := []gradetest.Entry{
			{Name: c.prefix + "exercises/q3/main.go", Body: "PASS"},
			{Name: c.prefix + "exercises/q6/main.go", Body: "PASS"},
			c.bad,
		}
		entries[2].Name = c.prefix + entries[2].Name
		write := gradetest.WriteZip
		if strings.HasSuffix(c.student, ".tar.gz") {
			write = gradetest.WriteTarGz
		}
		if err := write(filepath.Join(class, c.student), entries); err != nil {
			t.Fatal(err)
		}
	}
	f := &fakeChecker{t: t, root: root}
	gb, err := Grade(context.Background(), class, Options{Root: root, Exercises: testManifest, Timeout: 3 * time.Second, TempDir: t.TempDir(), noPolicy: true, Check: f.check})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Student{}
	for _, s := range gb.Students {
		got[s.ID] = s
	}
	for _, c := range cases {
		_, id := archiveKind(c.student)
		s := got[id]
		q3, q6 := s.Exercises[0], s.Exercises[1]
		switch {
		case s.Error != "":
			t.Errorf("%s: the whole submission failed: %s", c.student, s.Error)
		case c.message == "" && s.Score != s.MaxScore:
			t.Errorf("%s: %d of %d for an entry outside the exercises; q3 %s %q", c.student, s.Score, s.MaxScore, q3.Status, q3.Message)
		case c.message != "" && (q3.Status != Error || !strings.HasSuffix(q3.Message, c.message) || q6.Status != Pass):
			t.Errorf("%s: q3 %s %q, want an error ending %q; q6 %s", c.student, q3.Status, q3.Message, c.message, q6.Status)
		}
	}
}
