// Package policy checks, without building or running it, that a
// submission keeps to what a workbook program needs: the standard library
// without the packages that reach around the process library (os/exec,
// syscall, unsafe, plugin, net, cgo), the process library itself, and no
// writing anywhere but its standard output and error. Scenarios trust the
// process library's trace to tell who did the work; a program that could
// write the trace itself, or start processes behind the library's back,
// could forge it. The policy makes that impossible for a program that
// keeps to it, and the grader refuses a program that does not.
//
// The check reads the sources with go/parser and folds their constants
// with go/types (no import is loaded: it takes milliseconds), so a name
// spelled in pieces ("PROCBOOK_" + "TRACE") is still seen.
package policy

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build/constraint"
	"go/constant"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ProcessLibrary is the one package outside the standard library a
// submission may import.
const ProcessLibrary = "github.com/procbook/procbook/process"

// forbiddenImports are standard packages a submission may not import, each
// with why; a path listed covers the packages under it.
var forbiddenImports = map[string]string{
	"os/exec":     "it starts processes behind the process library's back",
	"syscall":     "it reaches the system around the process library",
	"unsafe":      "it reaches around Go's types",
	"plugin":      "it loads code that was not submitted",
	"net":         "a program of the workbook has no use for the network",
	"runtime/cgo": "it links C code",
	"C":           "it links C code",
	"log/syslog":  "a program of the workbook has no use for the network",
	"testing":     "it is for tests, and writes files of its own (profiles, coverage) where its flags say",
}

// forbiddenCalls are functions a submission may not use, even without
// calling them, by package: each writes the file system, or hands the
// program a descriptor, a process or the environment's every variable.
var forbiddenCalls = map[string]map[string]string{
	"os": {
		"StartProcess": "it starts processes behind the process library's back",
		"NewFile":      "it opens a descriptor the program did not open, such as the process library's",
		"Environ":      "it reads the process library's variables",
		"Clearenv":     "it changes the process library's variables",
		"Create":       "a program writes only to its standard output and error",
		"CreateTemp":   "a program writes only to its standard output and error",
		"OpenFile":     "a program writes only to its standard output and error",
		"WriteFile":    "a program writes only to its standard output and error",
		"Remove":       "a program writes only to its standard output and error",
		"RemoveAll":    "a program writes only to its standard output and error",
		"Rename":       "a program writes only to its standard output and error",
		"Truncate":     "a program writes only to its standard output and error",
		"Link":         "a program writes only to its standard output and error",
		"Symlink":      "a program writes only to its standard output and error",
		"Chmod":        "a program writes only to its standard output and error",
		"Chown":        "a program writes only to its standard output and error",
		"Lchown":       "a program writes only to its standard output and error",
		"Chtimes":      "a program writes only to its standard output and error",
		"Mkdir":        "a program writes only to its standard output and error",
		"MkdirAll":     "a program writes only to its standard output and error",
		"MkdirTemp":    "a program writes only to its standard output and error",
		"CopyFS":       "a program writes only to its standard output and error",
		"OpenRoot":     "a program writes only to its standard output and error",
		"OpenInRoot":   "a program writes only to its standard output and error",
		"Expand":       "it reads variables by names the check cannot see",
		"ExpandEnv":    "it reads variables by names the check cannot see",
	},
	"io/ioutil": {
		"WriteFile": "a program writes only to its standard output and error",
		"TempFile":  "a program writes only to its standard output and error",
		"TempDir":   "a program writes only to its standard output and error",
	},
	ProcessLibrary: {
		"TraceEnv": "the trace is the process library's to write",
	},
}

// envFuncs take the name of an environment variable: it must be a
// constant, so that the check can see which.
var envFuncs = map[string]bool{"Getenv": true, "LookupEnv": true, "Setenv": true, "Unsetenv": true}

// libraryVars are the process library's own environment variables and
// descriptor paths: a constant that holds one names what a program may not
// touch.
var libraryVars = []string{"PROCBOOK_TRACE", "PROCBOOK_CHILD", "PROCBOOK_WORKER", "PROCBOOK_SHARED", "/proc/self/fd", "/dev/fd/"}

// foreignSources are the files, besides .go ones, that go build would
// compile into the package: assembly and C can make system calls.
var foreignSources = []string{".s", ".S", ".sx", ".c", ".cc", ".cpp", ".cxx", ".m", ".h", ".hh", ".hpp", ".hxx", ".f", ".F", ".for", ".f90", ".syso", ".swig", ".swigcxx"}

// Violation is one use of what the policy forbids.
type Violation struct {
	File      string // relative to the folder checked
	Line, Col int
	What      string // "imports os/exec", "uses os.OpenFile"
	Why       string
}

func (v Violation) String() string {
	pos := v.File
	if v.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", v.File, v.Line, v.Col)
	}
	return fmt.Sprintf("%s: %s (%s)", pos, v.What, v.Why)
}

// Error is a program that breaks the policy: every violation, in order of
// file and position.
type Error struct {
	Violations []Violation
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("the program uses what a submission may not")
	for i, v := range e.Violations {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more", len(e.Violations)-3)
			break
		}
		sep := ": "
		if i > 0 {
			sep = "; "
		}
		b.WriteString(sep + v.String())
	}
	b.WriteString(". A submission may import the standard library, without os/exec, syscall, unsafe, plugin and net, and " +
		ProcessLibrary + ", and writes only to its standard output and error.")
	return b.String()
}

// Under names every violation's file as under the folder dir, slash
// separated ("exercises/q3"): Check names them relative to the folder it
// checked, and the learner and the gradebook know the exercise by its
// place in the workbook.
func (e *Error) Under(dir string) *Error {
	under := &Error{Violations: slices.Clone(e.Violations)}
	for i := range under.Violations {
		under.Violations[i].File = path.Join(dir, under.Violations[i].File)
	}
	return under
}

// Check checks the Go package in dir (its .go files, tests left out). It
// returns an *Error listing what breaks the policy, nil when nothing does,
// or another error when dir cannot be read. A file that does not parse is
// a violation: go/parser gives up on some files the compiler builds (too
// deeply nested), and a file the check cannot read is one it cannot vouch
// for.
func Check(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("policy: %w", err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	var vs []Violation
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() {
			continue
		}
		if slices.Contains(foreignSources, filepath.Ext(name)) {
			vs = append(vs, Violation{File: name, What: "holds " + filepath.Ext(name) + " code", Why: "only Go code is built"})
			continue
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			vs = append(vs, unparsed(name, err))
			continue
		}
		files = append(files, f)
	}
	info := constants(fset, files)
	for _, f := range files {
		vs = append(vs, checkFile(fset, dir, f, info)...)
	}
	vs = append(vs, libraryNames(fset, dir, info)...)
	if len(vs) == 0 {
		return nil
	}
	slices.SortFunc(vs, func(a, b Violation) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	vs = slices.CompactFunc(vs, func(a, b Violation) bool { return a.File == b.File && a.Line == b.Line && a.Col == b.Col })
	return &Error{Violations: vs}
}

// unparsed is the violation of a file that go/parser could not read, at
// the parser's first complaint.
func unparsed(name string, err error) Violation {
	v := Violation{File: name, What: "cannot be read by the check", Why: "fix it so that it parses: " + err.Error()}
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		v.Line, v.Col = list[0].Pos.Line, list[0].Pos.Column
		v.Why = "fix it so that it parses: " + list[0].Msg
	}
	return v
}

// violation makes a Violation at pos.
func violation(fset *token.FileSet, dir string, pos token.Pos, what, why string) Violation {
	p := fset.Position(pos)
	name, err := filepath.Rel(dir, p.Filename)
	if err != nil {
		name = filepath.Base(p.Filename)
	}
	return Violation{File: filepath.ToSlash(name), Line: p.Line, Col: p.Column, What: what, Why: why}
}

// checkFile checks one file's imports and the package members it uses.
func checkFile(fset *token.FileSet, dir string, f *ast.File, info *types.Info) []Violation {
	vs := raceConstraints(fset, dir, f)
	names := map[string]string{} // the name a file gives an import -> its path
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if why := importRule(p); why != "" {
			vs = append(vs, violation(fset, dir, imp.Pos(), "imports "+p, why))
			continue
		}
		name := defaultName(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "." {
			vs = append(vs, violation(fset, dir, imp.Pos(), "imports "+p+" with a dot", "a dot import hides what the program uses"))
			continue
		}
		names[name] = p
	}
	// Each identifier that names a package: its local declarations cannot
	// hide it without the check seeing a selector on something else, so a
	// selector pkg.Name whose pkg is an import's name, and is not declared
	// in the file, is a use of that package's member. So that no
	// declaration can hide a guarded package from the check, a file may
	// not declare the name it imports one under.
	declared := declaredNames(f)
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := defaultName(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if forbiddenCalls[p] != nil && declared[name] {
			vs = append(vs, violation(fset, dir, imp.Pos(), "declares "+name+", the name it imports "+p+" under",
				"the check must see every use of "+p+": rename what you declared"))
		}
	}
	// A function that takes a variable's name may be used only by calling
	// it, so that the check sees the name.
	called := map[*ast.SelectorExpr]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				called[sel] = true
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || called[sel] || !envFuncs[sel.Sel.Name] {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && !declared[id.Name] && names[id.Name] == "os" {
			vs = append(vs, violation(fset, dir, sel.Pos(), "uses os."+sel.Sel.Name+" without calling it",
				"the check must see which variable it is given: call it with a constant name"))
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || declared[id.Name] {
			return true
		}
		p, ok := names[id.Name]
		if !ok {
			return true
		}
		if why, bad := forbiddenCalls[p][sel.Sel.Name]; bad {
			vs = append(vs, violation(fset, dir, sel.Pos(), "uses "+path.Base(p)+"."+sel.Sel.Name, why))
		}
		return true
	})
	// The functions that take a variable's name must be given a constant.
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || declared[id.Name] || names[id.Name] != "os" || !envFuncs[sel.Sel.Name] {
			return true
		}
		if tv := info.Types[call.Args[0]]; tv.Value == nil {
			vs = append(vs, violation(fset, dir, call.Pos(), "calls os."+sel.Sel.Name+" with a name that is not a constant",
				"the check must see which variable it is: the process library's are its own"))
		}
		return true
	})
	return vs
}

// raceConstraints refuses a build constraint on the race tag: grading
// checks with the race detector's build the same program it grades with
// the ordinary one, and a file built with one and not the other would make
// them two programs.
func raceConstraints(fset *token.FileSet, dir string, f *ast.File) []Violation {
	var vs []Violation
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			if !constraint.IsGoBuild(c.Text) && !constraint.IsPlusBuild(c.Text) {
				continue
			}
			expr, err := constraint.Parse(c.Text)
			if err != nil {
				continue // the go command refuses it itself
			}
			if hasTag(expr, "race") {
				vs = append(vs, violation(fset, dir, c.Pos(), "has a build constraint on race", "the race detector checks the same program that is graded: a file built only with it, or only without it, would make them two programs"))
			}
		}
	}
	return vs
}

// hasTag reports whether the constraint names tag anywhere in it.
func hasTag(x constraint.Expr, tag string) bool {
	switch x := x.(type) {
	case *constraint.TagExpr:
		return x.Tag == tag
	case *constraint.NotExpr:
		return hasTag(x.X, tag)
	case *constraint.AndExpr:
		return hasTag(x.X, tag) || hasTag(x.Y, tag)
	case *constraint.OrExpr:
		return hasTag(x.X, tag) || hasTag(x.Y, tag)
	}
	return false
}

// importRule says why a package may not be imported, or "" when it may.
func importRule(p string) string {
	if p == ProcessLibrary {
		return ""
	}
	first, _, _ := strings.Cut(p, "/")
	if strings.Contains(first, ".") {
		return "only the standard library and the process library may be imported"
	}
	for q, why := range forbiddenImports {
		if p == q || strings.HasPrefix(p, q+"/") {
			return why
		}
	}
	return ""
}

// defaultName is the name an import has when it is not renamed: its last
// element, without a major version ("math/rand/v2" is rand).
func defaultName(p string) string {
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	return base
}

// declaredNames lists every name the file declares anywhere in scope
// (variables, parameters, functions, types, labels; not struct fields or
// interface methods): a selector on one of them is not on a package.
func declaredNames(f *ast.File) map[string]bool {
	names := map[string]bool{}
	// A struct's fields and an interface's methods are not in scope as
	// plain names: they hide nothing.
	members := map[*ast.Field]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.StructType:
			for _, fl := range n.Fields.List {
				members[fl] = true
			}
		case *ast.InterfaceType:
			for _, fl := range n.Methods.List {
				members[fl] = true
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for _, id := range n.Names {
				names[id.Name] = true
			}
		case *ast.Field:
			if members[n] {
				break
			}
			for _, id := range n.Names {
				names[id.Name] = true
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						names[id.Name] = true
					}
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok && n.Tok == token.DEFINE {
					names[id.Name] = true
				}
			}
		case *ast.FuncDecl:
			if n.Recv == nil {
				names[n.Name.Name] = true
			}
		case *ast.TypeSpec:
			names[n.Name.Name] = true
		}
		return true
	})
	return names
}

// constants type-checks the package with every import empty, which is
// enough to fold its own constants: the value of every constant
// expression is in the Types of the result.
func constants(fset *token.FileSet, files []*ast.File) *types.Info {
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	if len(files) > 0 {
		conf := types.Config{Importer: emptyImporter{}, Error: func(error) {}}
		conf.Check("main", fset, files, info)
	}
	return info
}

// libraryNames reports each constant string that holds one of the
// library's variables.
func libraryNames(fset *token.FileSet, dir string, info *types.Info) []Violation {
	var vs []Violation
	for e, tv := range info.Types {
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			continue
		}
		s := constant.StringVal(tv.Value)
		for _, v := range libraryVars {
			if strings.Contains(s, v) {
				vs = append(vs, violation(fset, dir, e.Pos(), "names "+v, "the process library's variables and descriptors are its own"))
				break
			}
		}
	}
	return vs
}

// emptyImporter gives every import as an empty, complete package: its
// members are unknown, and the errors that follow are ignored.
type emptyImporter struct{}

func (emptyImporter) Import(p string) (*types.Package, error) {
	pkg := types.NewPackage(p, defaultName(p))
	pkg.MarkComplete()
	return pkg, nil
}
