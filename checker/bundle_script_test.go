package main

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// The autograder bundle's script commands: unpack a zip as Gradescope
// does, and check a results.json against Gradescope's specification.
func init() {
	scriptCmds["gradeunzip"] = cmdGradeUnzip
	scriptCmds["gradescopevalid"] = cmdGradescopeValid
}

// gradeunzip ZIP DIR: unpacks ZIP into DIR, keeping the files' modes.
func cmdGradeUnzip(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gradeunzip ZIP DIR")
	}
	zr, err := zip.OpenReader(ts.MkAbs(args[0]))
	ts.Check(err)
	defer zr.Close()
	dir := ts.MkAbs(args[1])
	for _, f := range zr.File {
		if !filepath.IsLocal(f.Name) {
			ts.Fatalf("%s: entry %q leaves the zip's folder", args[0], f.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
		r, err := f.Open()
		ts.Check(err)
		data, err := io.ReadAll(r)
		r.Close()
		ts.Check(err)
		ts.Check(os.WriteFile(p, data, f.Mode().Perm()))
	}
}

// gradescopevalid FILE: FILE is a results.json that Gradescope's
// specification allows (the schema the grade package's tests use). The
// check is the schemacheck command's, run by go run: linked into this
// test binary, the schema library would cost every run of the checker in
// every transcript its start-up.
func cmdGradescopeValid(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gradescopevalid FILE")
	}
	schema, err := filepath.Abs(filepath.Join("internal", "grade", "testdata", "schema", "gradescope-results.schema.json"))
	ts.Check(err)
	file := ts.MkAbs(args[0])
	out, err := exec.Command("go", "run", "./internal/grade/gradetest/schemacheck", schema, file).CombinedOutput()
	switch {
	case err == nil:
	case strings.HasPrefix(string(out), file+": "):
		// schemacheck names the file it judged; go run gives every other
		// failure (a usage error, a schema that does not compile, a
		// build that fails) as exit 1 too, in other words.
		ts.Fatalf("%s breaks Gradescope's specification: %s", args[0], strings.TrimSpace(strings.TrimPrefix(string(out), file+": ")))
	default:
		ts.Fatalf("schemacheck: %v\n%s", err, out)
	}
}
