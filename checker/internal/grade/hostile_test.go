package grade

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/checker/internal/grade/gradetest"
	"github.com/procbook/procbook/internal/sandbox"
	"github.com/procbook/procbook/internal/scenario"
	"github.com/procbook/procbook/internal/testcache"
	"github.com/procbook/procbook/internal/workbook"
)

// The hostile class: each attack a submission made on a grader without a
// sandbox, as a tiny program graded for real (built, and run by the
// scenario runner) in a small workbook of one exercise, h, whose one
// scenario wants the program to print "ok". Every attacker tries its
// worst on the paths it is told (the workbook, the class, the cache, the
// grader's workspace, the gradebook) and on whatever /proc shows it.

// testPrograms is the program cache the grading tests keep from one run
// to the next (package testcache): the hostile programs they grade, where
// their sources are the same from run to run, are linked again only when
// they changed.
var testPrograms = testcache.Programs("grade")

// hostileExercise is the small workbook's one exercise.
var hostileExercise = workbook.Exercise{Name: "h", Scenarios: []workbook.Scenario{{Name: "h_ok", Points: 10, About: "prints ok"}}}

// sandboxedHostileWorkbook begins a test that grades the small workbook,
// whose one exercise is hostileExercise, in the sandbox: it skips the test
// where there is no sandbox, runs it in parallel, and returns the test's
// folder, dir, with the workbook written at root, dir/workbook.
func sandboxedHostileWorkbook(t *testing.T) (dir, root string) {
	t.Helper()
	if err := sandbox.Available(); err != nil {
		t.Skip(err)
	}
	t.Parallel()
	dir = t.TempDir()
	root = filepath.Join(dir, "workbook")
	writeFiles(t, root, map[string]string{
		"go.mod":              "module example.com/wb\n\ngo 1.24\n",
		"exercises/h/main.go": "package main\n\nfunc main() {}\n",
		"testdata/h_ok.txtar": "run h\ncmp stdout want.txt\n\n-- want.txt --\nok\n",
		"docs/q6.md":          "the guide\n",
	})
	return dir, root
}

// attack is the body of a hostile program's main, after it printed ok;
// wipe (every file under a folder overwritten, and one planted there) and
// the paths it is told are in scope.
const attackPrelude = `package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// targets are the workbook, the class, the cache, the grader's workspace
// and the gradebook.
var targets = []string{%s}

// wipe overwrites every file under dir, plants one, and deletes the guide;
// only under the test's own folder, should a sandbox ever fail.
func wipe(dir string) {
	if rel, err := filepath.Rel(filepath.Dir(targets[0]), dir); err != nil || !filepath.IsLocal(rel) {
		return
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			os.WriteFile(p, []byte("pwned"), 0o644)
		}
		return nil
	})
	os.WriteFile(filepath.Join(dir, "pwned"), []byte("pwned"), 0o644)
	os.Remove(filepath.Join(dir, "docs", "q6.md"))
}

// fromProc wipes the working folder and the binary's folder of every
// process it can see, its parent's first.
func fromProc() {
	dirs := []string{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range append([]fs.DirEntry{nil}, entries...) {
		name := fmt.Sprint(os.Getppid())
		if e != nil {
			name = e.Name()
		}
		if cwd, err := os.Readlink("/proc/" + name + "/cwd"); err == nil {
			dirs = append(dirs, cwd, filepath.Dir(cwd), filepath.Dir(filepath.Dir(cwd)))
		}
		if exe, err := os.Readlink("/proc/" + name + "/exe"); err == nil {
			dirs = append(dirs, filepath.Dir(exe))
		}
	}
	for _, d := range dirs {
		wipe(d)
	}
}

var _ = exec.Command
var _ = syscall.Getpid
var _ = time.Now

func main() {
`

// attacks are the hostile submissions, by student id.
var attacks = map[string]string{
	// Wipes the instructor's workbook through /proc/<ppid>/cwd, and
	// everything else it can find or is told.
	"mallory-cwd": `	fmt.Println("ok")
	fromProc()
	for _, t := range targets {
		wipe(t)
	}
}`,
	// Prints a classmate's submission, hoping it reaches its feedback.
	"mallory-peek": `	b, err := os.ReadFile(filepath.Join(targets[1], "alice", "h", "main.go"))
	fmt.Printf("%s%v\n", b, err)
}`,
	// Rewrites every cache entry, so that a classmate's cached grade falls.
	"mallory-cache": `	fmt.Println("ok")
	wipe(targets[2])
}`,
	// Rewrites the scenarios of the grading snapshot, so that everyone
	// graded after it fails.
	"mallory-snapshot": `	fmt.Println("ok")
	m, _ := filepath.Glob(filepath.Join(targets[3], "procbook-grade-*", "workbook", "testdata", "*.txtar"))
	for _, f := range m {
		os.WriteFile(f, []byte("! run h\n"), 0o644)
	}
	wipe(targets[3])
}`,
	// Leaves a process that escaped its group and rewrites the gradebook
	// for seconds after grading ended.
	"mallory-daemon": `	if os.Getenv("DAEMON") == "1" {
		end := time.Now().Add(3 * time.Second)
		for time.Now().Before(end) {
			os.WriteFile(targets[4], []byte("{\"forged\": true}"), 0o644)
			wipe(targets[0])
			time.Sleep(20 * time.Millisecond)
		}
		return
	}
	cmd := exec.Command("/proc/self/exe")
	cmd.Env = append(os.Environ(), "DAEMON=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Start()
	fmt.Println("ok")
}`,
}

// hostileClass writes the class: two honest students and the attackers,
// each told the paths in targets.
func hostileClass(t *testing.T, class string, targets []string) {
	t.Helper()
	quoted := make([]string, len(targets))
	for i, p := range targets {
		quoted[i] = strconv.Quote(p)
	}
	prelude := fmt.Sprintf(attackPrelude, strings.Join(quoted, ", "))
	files := map[string]string{
		"alice/h/main.go": "package main\n\nimport \"fmt\"\n\n// alice's secret\nfunc main() { fmt.Println(\"ok\") }\n",
		"bob/h/main.go":   "package main\n\nimport \"fmt\"\n\n// bob's\nfunc main() { fmt.Println(\"ok\") }\n",
	}
	for id, body := range attacks {
		files[id+"/h/main.go"] = prelude + body + "\n"
	}
	writeFiles(t, class, files)
}

// snapshotFiles reads every file under dir, by path.
func snapshotFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			files[p] = string(b)
		}
		return nil
	})
	return files
}

// TestGradeHostileClass grades the hostile class in the sandbox, with the
// static policy off so that the attacks run: nothing outside the sandbox
// changes, nothing survives grading, and the honest students' grades are
// what they are without the attackers.
func TestGradeHostileClass(t *testing.T) {
	dir, root := sandboxedHostileWorkbook(t)
	class, cacheDir, tmp := filepath.Join(dir, "class"), filepath.Join(dir, "cache"), filepath.Join(dir, "tmp")
	out := filepath.Join(dir, "gradebook.json")
	hostileClass(t, class, []string{root, class, cacheDir, tmp, out})
	for _, d := range []string{tmp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cache, err := OpenCache(cacheDir)
	if err != nil {
		t.Fatal(err)
	}
	// The attackers' sources name this run's folders, so a program cache
	// kept across runs would never hold them: the run has one of its own.
	opts := Options{
		Root: root, ProgramCache: filepath.Join(dir, "programs"), Exercises: []workbook.Exercise{hostileExercise}, Jobs: 2, Timeout: 10 * time.Second,
		Cache: cache, TempDir: tmp, noPolicy: true,
	}
	// alice is graded first, alone, so that her grade is in the cache the
	// attackers can see.
	alone := filepath.Join(dir, "alone")
	writeFiles(t, alone, map[string]string{"alice/h/main.go": snapshotFiles(t, class)[filepath.Join(class, "alice/h/main.go")]})
	if gb, err := Grade(context.Background(), alone, opts); err != nil || gb.Students[0].Score != 10 {
		t.Fatalf("alice alone: %v, %+v", err, gb)
	}

	before := map[string]map[string]string{"workbook": snapshotFiles(t, root), "class": snapshotFiles(t, class), "cache": snapshotFiles(t, cacheDir)}
	gb, err := Grade(context.Background(), class, opts)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, gb); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	// Nothing names the grader's workspace (what the programs print of
	// the paths they were told is theirs).
	if bytes.Contains(b.Bytes(), []byte(tmp)) {
		t.Errorf("the gradebook names a temporary path:\n%s", b.Bytes())
	}
	var fb bytes.Buffer
	for _, s := range gb.Students {
		Feedback(&fb, s, opts.Exercises, -1)
	}
	if bytes.Contains(fb.Bytes(), []byte(tmp+"/")) {
		t.Errorf("the feedback names a temporary path:\n%s", fb.Bytes())
	}

	// No process of the run is left: none has the workspace in its
	// environment (a graded program's PATH names its binary's folder).
	if left, err := gradetest.Survivors(tmp); err != nil {
		t.Error(err)
	} else if len(left) > 0 {
		t.Errorf("these processes outlived grading:%s", gradetest.Format(left))
	}
	time.Sleep(200 * time.Millisecond) // a survivor would have written meanwhile
	if got, _ := os.ReadFile(out); !bytes.Equal(got, b.Bytes()) {
		t.Errorf("the gradebook changed after grading:\n%s", got)
	}
	// Nothing the attackers were told of changed; the cache only gained
	// the class's new grades.
	for name, files := range before {
		dir := map[string]string{"workbook": root, "class": class, "cache": cacheDir}[name]
		after := snapshotFiles(t, dir)
		for p, data := range files {
			if after[p] != data {
				t.Errorf("%s: %s changed", name, p)
			}
		}
		for p := range after {
			if _, ok := files[p]; !ok && name != "cache" {
				t.Errorf("%s: %s appeared", name, p)
			}
		}
	}
	for _, s := range gb.Students {
		e := s.Exercises[0]
		want := map[string]int{"alice": 10, "bob": 10, "mallory-cwd": 10, "mallory-cache": 10, "mallory-snapshot": 10}
		if os.Getuid() != 0 {
			// The scenario's own files are the program's to change when
			// the grader is not root (one id to map): an attacker that
			// wipes its scratch folder fails its own scenario.
			delete(want, "mallory-cwd")
			delete(want, "mallory-snapshot")
		}
		if w, ok := want[s.ID]; ok && e.Score != w {
			t.Errorf("%s: %d points (%s: %s %s), want %d", s.ID, e.Score, e.Status, e.Message, e.Scenarios[0].Message, w)
		}
		if strings.Contains(e.Scenarios[0].Actual, "alice's secret") {
			t.Errorf("%s read alice's submission: %s", s.ID, e.Scenarios[0].Actual)
		}
	}
	daemon := gb.Students[slicesIndex(gb.Students, "mallory-daemon")].Exercises[0].Scenarios[0]
	if daemon.Status != Fail || !strings.Contains(daemon.Message, "left 1 process running") {
		t.Errorf("the daemon's scenario: %s: %s", daemon.Status, daemon.Message)
	}
}

// slicesIndex finds the student id among students.
func slicesIndex(students []Student, id string) int {
	for i, s := range students {
		if s.ID == id {
			return i
		}
	}
	panic("no student " + id)
}

// TestGradeRefusesAForgedTrace grades a q3 that starts no process but
// appends start and exit events to the trace itself: the static policy
// refuses it before it is built, saying what it used, and it earns
// nothing.
func TestGradeRefusesAForgedTrace(t *testing.T) {
	dir := t.TempDir()
	root, class := filepath.Join(dir, "workbook"), filepath.Join(dir, "class")
	writeFiles(t, root, map[string]string{"go.mod": "module m\n"})
	writeFiles(t, class, map[string]string{"forger/q3/main.go": `package main

import (
	"fmt"
	"os"
)

func main() {
	f, _ := os.OpenFile(os.Getenv("PROCBOOK_TRACE"), os.O_APPEND|os.O_WRONLY, 0)
	for i := range 10 {
		fmt.Fprintf(f, "{\"event\":\"start\",\"pid\":%d,\"ppid\":1}\n", 100+i)
	}
	fmt.Println("[4, 16, 9, 25, 36, 49, 25, 25, 49, 64]")
}
`})
	check := func(context.Context, workbook.Exercise, scenario.Options) (*scenario.Result, error) {
		t.Error("the forger's program was checked")
		return nil, errors.New("checked")
	}
	gb, err := Grade(context.Background(), class, Options{Root: root, Exercises: testManifest[:1], TempDir: t.TempDir(), Check: check})
	if err != nil {
		t.Fatal(err)
	}
	e := gb.Students[0].Exercises[0]
	if e.Status != Error || e.Score != 0 ||
		!strings.Contains(e.Message, "exercises/q3/main.go:9:10: uses os.OpenFile") || !strings.Contains(e.Message, "names PROCBOOK_TRACE") {
		t.Errorf("%s, %d points: %s", e.Status, e.Score, e.Message)
	}
}

// TestGradeSnapshotEditedMidRun gives a check that rewrites a scenario of
// the snapshot, as a program run without a sandbox could: the run fails
// rather than give grades made against other tests.
func TestGradeSnapshotEditedMidRun(t *testing.T) {
	root, class := classFixture(t)
	f := &fakeChecker{t: t, root: root}
	check := func(ctx context.Context, ex workbook.Exercise, opts scenario.Options) (*scenario.Result, error) {
		res, err := f.check(ctx, ex, opts)
		os.WriteFile(filepath.Join(opts.Root, "testdata", "q3_square.txt"), []byte("edited"), 0o644)
		return res, err
	}
	gb, err := Grade(context.Background(), class, Options{Root: root, Exercises: testManifest, Timeout: 3 * time.Second, TempDir: t.TempDir(), noPolicy: true, Check: check})
	if gb != nil || !errors.Is(err, ErrSnapshotChanged) {
		t.Errorf("Grade = %v, %v; want no gradebook and ErrSnapshotChanged", gb, err)
	}
}

// TestGradeRaceIsCaughtEveryTime grades a program whose goroutine changes
// a variable that main reads without waiting for it, right most runs by
// luck: built with the race detector, it fails every time, saying why,
// and the class's gradebook is the same on every grading.
func TestGradeRaceIsCaughtEveryTime(t *testing.T) {
	dir, root := sandboxedHostileWorkbook(t)
	class := filepath.Join(dir, "class")
	writeFiles(t, class, map[string]string{"racy/h/main.go": `package main

import (
	"fmt"
	"time"
)

func main() {
	word := ""
	go func() { word = "ok" }()
	time.Sleep(10 * time.Millisecond) // not a wait: the race is there all the same
	fmt.Println(word)
}
`})
	g := &grader{}
	if !g.raceDetector() {
		t.Skip("no race detector here (cgo is off)")
	}
	writeFiles(t, class, map[string]string{"right/h/main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"ok\") }\n"})
	// Graded twice, with no grade cache, the class gets the same
	// gradebook, byte for byte.
	var books [2][]byte
	for i := range books {
		gb, err := Grade(context.Background(), class, Options{
			Root: root, ProgramCache: testPrograms, ProgramsKept: testcache.ProgramsKept, Exercises: []workbook.Exercise{hostileExercise}, Timeout: 20 * time.Second, TempDir: t.TempDir(),
			Now: func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) },
		})
		if err != nil {
			t.Fatal(err)
		}
		s := gb.Students[0].Exercises[0].Scenarios[0]
		if s.Status != Fail || !strings.Contains(s.Message, "h has a data race") {
			t.Errorf("%s: %s", s.Status, s.Message)
		}
		var b bytes.Buffer
		if err := WriteJSON(&b, gb); err != nil {
			t.Fatal(err)
		}
		books[i] = b.Bytes()
	}
	if !bytes.Equal(books[0], books[1]) {
		t.Errorf("two gradings of one class differ:\n%s\n%s", books[0], books[1])
	}
}
