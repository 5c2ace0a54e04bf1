package scenario

import (
	"context"
	"encoding/json"
	"fmt"
	gobuild "go/build"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Why the imports are checked before the build: an import that no module
// of the build list provides makes the go command load the module graph in
// full, down to the go.mod files of old versions that an ordinary build
// never reads (go-isatty's go.mod, written for go 1.15, names x/sys
// v0.6.0). Offline, with GOPROXY=off, the build then fails on whichever of
// those files the module cache happens to lack, and names that module
// instead of the learner's import. Deciding from the sources first gives
// the same verdict, with the learner's file and line, on every machine.

// foreignImports returns the imports of the package's Go files in dir that
// neither the standard library, nor the workbook's module, nor a module
// its go.mod requires provides, in file and line order. files are the
// names of dir's regular files; test files and files that the build's
// constraints leave out are skipped, as go build skips them.
func foreignImports(ctx context.Context, goTool, root, dir string, files []string) ([]Diagnostic, []string, error) {
	known, err := knownImports(ctx, goTool, root)
	if err != nil {
		return nil, nil, err
	}
	var diags []Diagnostic
	var paths []string
	fset := token.NewFileSet()
	sort.Strings(files)
	for _, name := range files {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := gobuild.Default.MatchFile(dir, name); err != nil || !ok {
			continue // a file the compiler will not read, or will report itself
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ImportsOnly)
		if err != nil {
			continue // a syntax error: the compiler says it better
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil || known.provides(path) {
				continue
			}
			pos := fset.Position(imp.Path.Pos())
			diags = append(diags, Diagnostic{
				File: name, Line: pos.Line, Col: pos.Column,
				Message: fmt.Sprintf("package %s is neither in the standard library nor in the workbook's module: an exercise can import only those (it cannot add a dependency)", path),
			})
			paths = append(paths, path)
		}
	}
	return diags, paths, nil
}

// importSet is what a program of the workbook can import.
type importSet struct {
	goroot  string   // the standard library's sources are under goroot/src
	root    string   // the workbook's root
	module  string   // the workbook's module path
	require []string // the module paths its go.mod requires
}

// provides reports whether path names a package the build can find
// without downloading anything.
func (s *importSet) provides(path string) bool {
	switch {
	case path == "C" || path == "unsafe":
		return true // not directories of their own
	case path == s.module || strings.HasPrefix(path, s.module+"/"):
		return isDir(filepath.Join(s.root, strings.TrimPrefix(path, s.module)))
	}
	for _, m := range s.require {
		if path == m || strings.HasPrefix(path, m+"/") {
			return true
		}
	}
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") {
		return false // a module path: only go.mod's modules are there
	}
	return isDir(filepath.Join(s.goroot, "src", path))
}

func isDir(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.IsDir()
}

// knownImportsCache holds one importSet per workbook root: the go command
// is asked once per process, not once per build.
var knownImportsCache sync.Map // root → *importSet

// knownImports returns what the workbook at root can import, from
// 'go env GOROOT' and 'go mod edit -json', neither of which reads the
// module graph or the network.
func knownImports(ctx context.Context, goTool, root string) (*importSet, error) {
	if s, ok := knownImportsCache.Load(root); ok {
		return s.(*importSet), nil
	}
	env := buildEnv(true)
	gorootOut, err := goOutput(ctx, goTool, root, env, "env", "GOROOT")
	if err != nil {
		return nil, err
	}
	modOut, err := goOutput(ctx, goTool, root, env, "mod", "edit", "-json")
	if err != nil {
		return nil, err
	}
	var mod struct {
		Module  struct{ Path string }
		Require []struct{ Path string }
	}
	if err := json.Unmarshal(modOut, &mod); err != nil {
		return nil, fmt.Errorf("scenario: reading the workbook's go.mod: %w", err)
	}
	s := &importSet{goroot: strings.TrimSpace(string(gorootOut)), root: root, module: mod.Module.Path}
	for _, r := range mod.Require {
		s.require = append(s.require, r.Path)
	}
	actual, _ := knownImportsCache.LoadOrStore(root, s)
	return actual.(*importSet), nil
}

// goOutput runs the go command in dir and returns what it printed.
func goOutput(ctx context.Context, goTool, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, goTool, args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = ": " + strings.TrimSpace(string(ee.Stderr))
		}
		return nil, fmt.Errorf("scenario: go %s: %w%s", strings.Join(args, " "), err, msg)
	}
	return out, nil
}
