package main

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/checker/internal/grade/gradetest"
	"github.com/procbook/procbook/internal/sandbox"
	"github.com/procbook/procbook/internal/stubs"
	"github.com/procbook/procbook/internal/testcache"
	"github.com/procbook/procbook/internal/workbook"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain makes the checker a command of the scripts, as cmd/go's tests
// do: the test binary, run as "checker", is the checker, one that keeps
// as many programs as the book's tests do (package testcache).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"checker": func() {
		programsKept = testcache.ProgramsKept
		main()
	}})
}

// TestScripts runs the scripts in testdata/ over a fixture workbook: each
// script's $WORK gets a copy of the real workbook's go.mod, go.sum,
// process/, testdata/ and solutions/, and exercises/ holding the original
// stubs; the script edits exercises from there.
func TestScripts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs programs")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	goEnv := goEnvVars(t)
	// The scripts share one program cache, kept from one run of the tests
	// to the next: most build the same stubs and solutions, and need not
	// link them again. Each script still has caches of its own for
	// everything else.
	programs := testcache.Programs("checker")
	if programs == "" {
		programs = t.TempDir()
	}
	goEnv = append(goEnv, programCacheEnv+"="+programs)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata",
		RequireUniqueNames:  true,
		Setup:               func(e *testscript.Env) error { return setupWorkbook(e, root, goEnv) },
		Cmds:                scriptCmds,
		Deadline:            deadline(t),
		RequireExplicitExec: false,

		// [sandbox]: grade can sandbox programs here (it refuses to
		// grade otherwise).
		Condition: func(cond string) (bool, error) {
			if cond == "sandbox" {
				return sandbox.Available() == nil, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

func deadline(t *testing.T) time.Time {
	d, _ := t.Deadline()
	return d
}

// goEnvVars are the go command's settings the scripts need to share the
// build and module caches with the test's own go command, offline.
func goEnvVars(t *testing.T) []string {
	out, err := exec.Command("go", "env", "-json", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	var m map[string]string
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	vars := []string{"GOPROXY=off", "GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local"}
	for k, v := range m {
		vars = append(vars, k+"="+v)
	}
	return vars
}

// fixtureParts are what of the workbook a fixture copies, and of them only
// what workbook.CheckInput keeps: no script reads the book's own tests,
// test data or antisolutions. Its exercises are written from the original
// stubs, not copied, so that the scripts see stubs even in a workbook whose
// exercises are being worked on.
var fixtureParts = []string{"go.mod", "go.sum", "process", "testdata", "solutions", "exercises/go.mod", "exercises/go.sum"}

func setupWorkbook(e *testscript.Env, root string, goEnv []string) error {
	if err := makeWorkbook(e.WorkDir, root); err != nil {
		return err
	}
	for _, kv := range goEnv {
		k, v, _ := strings.Cut(kv, "=")
		e.Setenv(k, v)
	}
	// Caches of the checker's own (not Go's) stay within the script.
	e.Setenv("XDG_CACHE_HOME", filepath.Join(e.WorkDir, ".cache"))
	e.Setenv("NO_COLOR", "")
	e.Setenv("PROCBOOK_ROOT", "")
	e.Setenv("PROCBOOK_TRACE", "")
	return nil
}

// makeWorkbook makes a fixture workbook in dir from the one at root.
func makeWorkbook(dir, root string) error {
	for _, part := range fixtureParts {
		checkInput := func(rel string, isDir bool) bool { return workbook.CheckInput(filepath.Join(part, rel), isDir) }
		if err := copyFiles(filepath.Join(root, part), filepath.Join(dir, part), checkInput); err != nil {
			return err
		}
	}
	for _, ex := range workbook.All {
		if err := stubs.Write(filepath.Join(dir, "exercises", ex.Name), ex.Name); err != nil {
			return err
		}
	}
	return nil
}

// copyTree copies the regular files under src to dst, skipping hidden
// ones and test binaries: a student's copy of a folder.
func copyTree(src, dst string) error {
	return copyFiles(src, dst, func(rel string, isDir bool) bool {
		name := filepath.Base(rel)
		return rel == "." || !strings.HasPrefix(name, ".") && (isDir || !strings.HasSuffix(name, ".test"))
	})
}

// copyFiles copies the regular files under src (or src itself) to dst,
// leaving out the files and folders that keep, given their paths relative
// to src, does not keep.
func copyFiles(src, dst string, keep func(rel string, isDir bool) bool) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if !keep(rel, d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err // src is a file: its folder is not walked
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// scriptCmds are the scripts' own commands.
var scriptCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"exits":       cmdExits,
	"treehash":    cmdTreeHash,
	"resultsv3":   cmdResultsV3,
	"subst":       cmdSubst,
	"pidsgone":    cmdPidsGone,
	"nonerunning": cmdNoneRunning,
	"glob":        cmdGlob,
	"waitfor":     cmdWaitFor,
}

// exits CODE PROG [ARGS...]: runs PROG, which must exit with CODE; its
// output is then stdout and stderr, as after exec.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE PROG [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// treehash DIR FILE: writes a digest of every file under DIR (names and
// contents) to FILE, to prove with cmp that a command changed nothing.
func cmdTreeHash(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: treehash DIR FILE")
	}
	dir := ts.MkAbs(args[0])
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		lines = append(lines, fmt.Sprintf("%x  %s", sha256.Sum256(data), filepath.ToSlash(rel)))
		return nil
	})
	ts.Check(err)
	sort.Strings(lines)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(strings.Join(lines, "\n")+"\n"), 0o644))
}

// resultsV3 is Exercism's results.json, version 3, as the checker must
// write it: unknown fields are refused, except procbook's "exercise".
type resultsV3 struct {
	Exercise string `json:"exercise"`
	Version  *int   `json:"version"`
	Status   string `json:"status"`
	Message  string `json:"message"`
	Tests    *[]struct {
		Name     string  `json:"name"`
		Status   string  `json:"status"`
		Message  string  `json:"message"`
		Output   string  `json:"output"`
		TestCode *string `json:"test_code"`
	} `json:"tests"`
}

// resultsv3 [-list] FILE STATUS...: FILE (stdout, stderr or a file) holds a
// results.json v3 document, or with -list a list of them, whose statuses
// are STATUS... in order.
func cmdResultsV3(ts *testscript.TestScript, neg bool, args []string) {
	list := len(args) > 0 && args[0] == "-list"
	if list {
		args = args[1:]
	}
	if neg || len(args) < 2 {
		ts.Fatalf("usage: resultsv3 [-list] FILE STATUS...")
	}
	data := ts.ReadFile(args[0])
	var docs []json.RawMessage
	if list {
		dec := json.NewDecoder(strings.NewReader(data))
		ts.Check(dec.Decode(&docs))
	} else {
		docs = []json.RawMessage{json.RawMessage(data)}
	}
	if len(docs) != len(args)-1 {
		ts.Fatalf("%d documents, want %d", len(docs), len(args)-1)
	}
	for i, raw := range docs {
		var r resultsV3
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			ts.Fatalf("document %d: %v", i, err)
		}
		switch {
		case r.Version == nil || *r.Version != 3:
			ts.Fatalf("document %d: version is not 3", i)
		case r.Status != args[i+1]:
			ts.Fatalf("document %d: status %q, want %q", i, r.Status, args[i+1])
		case r.Tests == nil:
			ts.Fatalf("document %d: no tests list", i)
		case r.Status == "error" && r.Message == "":
			ts.Fatalf("document %d: status error without a message", i)
		}
		for _, tt := range *r.Tests {
			if tt.Name == "" || tt.TestCode == nil || (tt.Status != "pass" && tt.Status != "fail" && tt.Status != "error") {
				ts.Fatalf("document %d: bad test %+v", i, tt)
			}
			if tt.Status != "pass" && tt.Message == "" {
				ts.Fatalf("document %d: test %s is %s without a message", i, tt.Name, tt.Status)
			}
			if len([]rune(tt.Output)) > 500 {
				ts.Fatalf("document %d: test %s: output longer than 500 characters", i, tt.Name)
			}
		}
		if r.Status == "pass" {
			for _, tt := range *r.Tests {
				if tt.Status != "pass" {
					ts.Fatalf("document %d passes with test %s %s", i, tt.Name, tt.Status)
				}
			}
		}
	}
}

// subst FILE: expands $VARS of the script's environment in FILE, so that a
// program under test can be told where $WORK is.
func cmdSubst(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: subst FILE")
	}
	data := ts.ReadFile(args[0])
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(os.Expand(data, ts.Getenv)), 0o644))
}

// pidsgone FILE: no process listed in FILE (one pid a line) is left five
// seconds at most after the command that started them ended: none runs,
// and none is a zombie its parent has not reaped (gradetest.SurvivorsOf
// says what counts). Those left are killed.
func cmdPidsGone(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: pidsgone FILE")
	}
	var pids []int
	for _, f := range strings.Fields(ts.ReadFile(args[0])) {
		pid, err := strconv.Atoi(f)
		ts.Check(err)
		pids = append(pids, pid)
	}
	if len(pids) == 0 {
		ts.Fatalf("%s lists no pid", args[0])
	}
	left, err := gradetest.SurvivorsOf(pids)
	noSurvivors(ts, left, err)
}

// nonerunning DIR: no process of the machine has DIR in its environment
// (a graded program's PATH and trace name its workspace) any more, five
// seconds at most after the command that started them ended, nor is one
// a zombie its parent has not reaped (gradetest.Survivors says what
// counts). Those left are killed.
func cmdNoneRunning(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: nonerunning DIR")
	}
	left, err := gradetest.Survivors(ts.MkAbs(args[0]))
	noSurvivors(ts, left, err)
}

// noSurvivors fails the script if processes were left, naming them. Where
// processes cannot be looked for, it says so in the log, and passes.
func noSurvivors(ts *testscript.TestScript, left []gradetest.Survivor, err error) {
	if errors.Is(err, errors.ErrUnsupported) {
		ts.Logf("not checked: %v", err)
		return
	}
	ts.Check(err)
	if len(left) > 0 {
		ts.Fatalf("%v after the command that started them ended, these processes are left:%s", gradetest.Wait, gradetest.Format(left))
	}
}

// glob PATTERN: some file matches PATTERN.
func cmdGlob(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: glob PATTERN")
	}
	m, err := filepath.Glob(ts.MkAbs(args[0]))
	ts.Check(err)
	if (len(m) > 0) == neg {
		ts.Fatalf("glob %s: %d matches", args[0], len(m))
	}
}

// waitfor FILE REGEXP: waits, up to a minute, until FILE holds a match of
// REGEXP (the output of a program started in the background).
func cmdWaitFor(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitfor FILE REGEXP")
	}
	re := regexp.MustCompile(args[1])
	end := time.Now().Add(time.Minute)
	for {
		data, _ := os.ReadFile(ts.MkAbs(args[0]))
		if re.Match(data) {
			return
		}
		if time.Now().After(end) {
			ts.Fatalf("%s: no match for %q after a minute; it holds:\n%s", args[0], args[1], data)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
