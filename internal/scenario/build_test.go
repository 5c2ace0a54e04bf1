package scenario

import (
	"path/filepath"
	"reflect"
	"testing"
)

func TestOverlayFor(t *testing.T) {
	pkg := t.TempDir()
	write(t, filepath.Join(pkg, "main.go"), "package main\n")
	write(t, filepath.Join(pkg, "old.go"), "package main\n")
	write(t, filepath.Join(pkg, "go.mod"), "module x\n")
	src := t.TempDir()
	write(t, filepath.Join(src, "main.go"), "package main\n")
	write(t, filepath.Join(src, "quiz.md"), "## 1. ?\n")
	write(t, filepath.Join(src, "go.mod"), "module mine\n")
	write(t, filepath.Join(src, "go.sum"), "")

	got, err := overlayFor(pkg, src)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		filepath.Join(pkg, "main.go"): filepath.Join(src, "main.go"),
		filepath.Join(pkg, "quiz.md"): filepath.Join(src, "quiz.md"),
		filepath.Join(pkg, "old.go"):  "",
		filepath.Join(pkg, "go.mod"):  "",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("overlay from another folder:\n got %v\nwant %v", got, want)
	}

	got, err = overlayFor(pkg, pkg)
	if err != nil {
		t.Fatal(err)
	}
	want = map[string]string{filepath.Join(pkg, "go.mod"): ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("overlay of the folder itself:\n got %v\nwant %v", got, want)
	}
}

func TestParseDiagnostics(t *testing.T) {
	root := "/book"
	src := "/home/me/q3"
	out := `# github.com/procbook/procbook/exercises/q3
/home/me/q3/main.go:8:14: cannot use "three" (untyped string constant) as int value in variable declaration
exercises/q3/square.go:3:2: "os" imported and not used
/home/me/q3/args.go:12:9: not enough return values
	have (int)
	want (int, error)
/elsewhere/x.go:1: something
`
	got := parseDiagnostics(out, root, src, filepath.Join(root, "exercises", "q3"))
	want := []Diagnostic{
		{File: "main.go", Line: 8, Col: 14, Message: `cannot use "three" (untyped string constant) as int value in variable declaration`},
		{File: "square.go", Line: 3, Col: 2, Message: `"os" imported and not used`},
		{File: "args.go", Line: 12, Col: 9, Message: "not enough return values\nhave (int)\nwant (int, error)"},
		{File: "/elsewhere/x.go", Line: 1, Message: "something"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestBlamesSource(t *testing.T) {
	root, src := "/book", "/home/me/q3"
	pkg := filepath.Join(root, "exercises", "q3")
	for _, c := range []struct {
		out  string
		want bool
	}{
		{"# github.com/procbook/procbook/exercises/q3\n/home/me/q3/main.go:8:14: undefined: x\n", true},
		{"exercises/q3/main.go:8:14: undefined: x\n", true},
		{"# github.com/procbook/procbook/process\nprocess/pool.go:8:2: could not import slices (open : no such file or directory)\n", false},
		{"no Go files in /book/exercises/q3\n", true},
	} {
		if got := blamesSource(c.out, root, src, pkg); got != c.want {
			t.Errorf("blamesSource(%q) = %v, want %v", c.out, got, c.want)
		}
	}
}
