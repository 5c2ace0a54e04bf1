package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/santhosh-tekuri/jsonschema/v6"
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
// specification allows (the schema the grade package's tests use).
func cmdGradescopeValid(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gradescopevalid FILE")
	}
	schema, err := filepath.Abs(filepath.Join("internal", "grade", "testdata", "schema", "gradescope-results.schema.json"))
	ts.Check(err)
	s, err := jsonschema.NewCompiler().Compile(schema)
	ts.Check(err)
	b, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	ts.Check(err)
	if err := s.Validate(doc); err != nil {
		ts.Fatalf("%s breaks Gradescope's specification: %s", args[0], strings.TrimSpace(err.Error()))
	}
}
