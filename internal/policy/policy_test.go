package policy

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/procbook/procbook/internal/stubs"
)

// check writes src as main.go of a fresh folder and checks it.
func check(t *testing.T, files map[string]string) error {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Check(dir)
}

func TestRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		src  string
		want string // a violation's text
	}{
		{"exec", `package main
import "os/exec"
func main() { exec.Command("true").Run() }`, "main.go:2:8: imports os/exec"},
		{"syscall", "package main\nimport \"syscall\"\nfunc main() { syscall.Exit(0) }", "imports syscall"},
		{"unsafe", "package main\nimport _ \"unsafe\"\nfunc main() {}", "imports unsafe"},
		{"net", "package main\nimport \"net/http\"\nfunc main() { http.Get(\"x\") }", "imports net/http"},
		{"x/sys", "package main\nimport \"golang.org/x/sys/unix\"\nfunc main() { unix.Getpid() }", "imports golang.org/x/sys/unix"},
		{"internal", "package main\nimport \"github.com/procbook/procbook/internal/scenario\"\nvar _ = scenario.Pass\nfunc main() {}", "imports github.com/procbook/procbook/internal/scenario"},
		{"cgo", "package main\nimport \"C\"\nfunc main() {}", "imports C"},
		{"race build", "//go:build linux && !race\n\npackage main\nfunc main() {}", "main.go:1:1: has a build constraint on race"},
		{"race build, old form", "// +build race\n\npackage main\nfunc main() {}", "has a build constraint on race"},
		{"dot", "package main\nimport . \"os\"\nfunc main() { Exit(0) }", "imports os with a dot"},
		{"forge", `package main
import ("fmt"; "os")
func main() {
	f, _ := os.OpenFile(os.Getenv("PROCBOOK_TRACE"), os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprintln(f, "{}")
}`, "main.go:4:10: uses os.OpenFile"},
		{"forge-name", `package main
import "os"
func main() { os.Getenv("PROCBOOK_TRACE") }`, "main.go:3:25: names PROCBOOK_TRACE"},
		{"pieces", `package main
import "os"
const a = "PROCBOOK_"
const b = a + "TRACE"
func main() { os.Getenv(b) }`, "names PROCBOOK_TRACE"},
		{"computed", `package main
import ("os"; "strings")
func main() { os.Getenv(strings.ToUpper("procbook_trace")) }`, "calls os.Getenv with a name that is not a constant"},
		{"renamed", `package main
import sys "os"
func main() { sys.NewFile(4, "report").Write(nil) }`, "uses os.NewFile"},
		{"value", `package main
import "os"
var open = os.Create
func main() { open("x") }`, "uses os.Create"},
		{"library", `package main
import ("os"; "github.com/procbook/procbook/process")
func main() { os.Getenv(process.TraceEnv) }`, "uses process.TraceEnv"},
		{"environ", `package main
import "os"
func main() { _ = os.Environ() }`, "uses os.Environ"},
		{"start", `package main
import "os"
func main() { os.StartProcess("/bin/sh", nil, nil) }`, "uses os.StartProcess"},
		{"fds", `package main
import "os"
func main() { os.ReadFile("/proc/self/fd/4") }`, "names /proc/self/fd"},
		{"shadow-field", `package main
import "os"
type cover struct{ os int }
func main() { f, _ := os.OpenFile("trace.jsonl", os.O_WRONLY, 0); f.Close() }`, "main.go:4:23: uses os.OpenFile"},
		{"shadow-param", `package main
import "os"
func label(os string) string { return os }
func main() { os.Create("x") }`, "declares os"},
		{"getenv-value", `package main
import "os"
func main() { g := os.Getenv; g("PROCBOOK_" + os.Args[0]) }`, "main.go:3:20: uses os.Getenv without calling it"},
		{"expand", `package main
import "os"
func main() { os.Expand("$x", func(s string) string { return s }) }`, "uses os.Expand"},
		{"testing", `package main
import "testing"
func main() { testing.Init() }`, "imports testing"},
		{"too-deep", "package main\nvar deep = " + strings.Repeat("(", 100001) + "0" + strings.Repeat(")", 100001) + "\nfunc main() {}\n", "main.go:2:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := check(t, map[string]string{"main.go": c.src})
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Check = %v, want an *Error", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("Check = %v\nwant it to say %q", err, c.want)
			}
			if !strings.Contains(err.Error(), "A submission may import the standard library") {
				t.Errorf("the message does not say what is allowed: %v", err)
			}
		})
	}
}

func TestRefusesForeignSources(t *testing.T) {
	err := check(t, map[string]string{"main.go": "package main\nfunc main() {}\n", "sys_amd64.s": "TEXT ·f(SB),0,$0\n"})
	if err == nil || !strings.Contains(err.Error(), "sys_amd64.s: holds .s code") {
		t.Errorf("Check = %v", err)
	}
}

func TestAllows(t *testing.T) {
	err := check(t, map[string]string{
		"main.go": `package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"

	"github.com/procbook/procbook/process"
)

const unitEnv = "PROCBOOK_UNIT"

type env struct{ os string }

func main() {
	process.Main()
	fmt.Println(os.Getenv(unitEnv), os.Getenv("HOME"), rand.IntN(3), strings.ToUpper("x"))
	fmt.Fprintln(os.Stderr, "to stderr")
	var e env
	_ = e.os
	b, _ := os.ReadFile("input.txt")
	os.Stdout.Write(b)
	os.Exit(0)
}
`,
		// Tests are not the policy's business.
		"main_test.go": "package main\nimport \"os/exec\"\nvar _ = exec.Command\n",
	})
	if err != nil {
		t.Errorf("Check = %v", err)
	}
}

// originalStubs writes the original stubs (not the learner's exercises/,
// which may hold anything) to folders of the test's and returns them.
func originalStubs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, name := range stubs.Names() {
		dir := filepath.Join(t.TempDir(), name)
		if err := stubs.Write(dir, name); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

// TestWorkbookKeepsToIt checks every program of the workbook: the stubs,
// the solutions and the antisolutions (which fail by what they do, not by
// what they use).
func TestWorkbookKeepsToIt(t *testing.T) {
	root := filepath.Join("..", "..")
	dirs := originalStubs(t)
	more, _ := filepath.Glob(filepath.Join(root, "solutions", "q*"))
	anti, _ := filepath.Glob(filepath.Join(root, "testdata", "anti", "q*"))
	dirs = append(append(dirs, more...), anti...)
	if len(dirs) < 12 {
		t.Fatalf("found only %v", dirs)
	}
	for _, d := range dirs {
		if err := Check(d); err != nil {
			t.Errorf("%s: %v", d, err)
		}
	}
}

func TestErrorUnder(t *testing.T) {
	e := &Error{Violations: []Violation{{File: "main.go", Line: 3, Col: 8, What: "imports os/exec", Why: "w"}}}
	got := e.Under("exercises/q3")
	if got.Violations[0].File != "exercises/q3/main.go" || e.Violations[0].File != "main.go" {
		t.Errorf("Under: %q, and the original became %q", got.Violations[0].File, e.Violations[0].File)
	}
}
