// Package workspace knows the layout of a workbook on disk: where its root
// is, where an exercise's sources are, whether they are still the original
// stub, and a fingerprint of them that says when a recorded result is stale.
package workspace

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Module is the module path of a procbook workbook.
const Module = "github.com/procbook/procbook"

// ExercisesModule is the module path of the workbook's exercises/ folder, a
// module of its own so that 'go test ./...' leaves the learner's code alone.
const ExercisesModule = Module + "/exercises"

// RootEnv names the environment variable that overrides the search for the
// workbook's root, as the --root flag does.
const RootEnv = "PROCBOOK_ROOT"

// ErrNoWorkbook is what a *NotWorkbookError is (errors.Is): the folder is
// not in a procbook workbook.
var ErrNoWorkbook = errors.New("workspace: not inside a procbook workbook")

// NotWorkbookError says why a folder is not in a workbook, and which go.mod
// decided it.
type NotWorkbookError struct {
	Dir    string // the folder searched from, or given as the root
	GoMod  string // the go.mod that decided, "" when there is none
	Module string // the module that go.mod declares
}

func (e *NotWorkbookError) Error() string {
	switch {
	case e.GoMod == "":
		return fmt.Sprintf("workspace: %s is not in a procbook workbook: no go.mod there or above", e.Dir)
	default:
		return fmt.Sprintf("workspace: %s is not in a procbook workbook: %s is module %q, not %s", e.Dir, e.GoMod, e.Module, Module)
	}
}

// Is makes a *NotWorkbookError match ErrNoWorkbook.
func (e *NotWorkbookError) Is(target error) bool { return target == ErrNoWorkbook }

// FindRoot returns the workbook's root: the nearest folder at or above dir
// with a go.mod, which must declare module Module. As for the go command,
// the nearest go.mod decides: inside another module nested in a workbook,
// one is not in the workbook, except in the exercises' own module.
func FindRoot(dir string) (string, error) {
	start, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for dir := start; ; {
		gomod := filepath.Join(dir, "go.mod")
		if data, err := os.ReadFile(gomod); err == nil {
			m := modulePath(data)
			if m == ExercisesModule && IsRoot(filepath.Dir(dir)) {
				// The exercises' own module, inside the workbook: a
				// learner in exercises/q3 is in the workbook.
				dir = filepath.Dir(dir)
				continue
			}
			if m != Module {
				return "", &NotWorkbookError{Dir: start, GoMod: gomod, Module: m}
			}
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", &NotWorkbookError{Dir: start}
		}
		dir = parent
	}
}

// CheckRoot returns dir, made absolute, when it is a workbook's root (a
// folder given by the user as the root), or a *NotWorkbookError.
func CheckRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	gomod := filepath.Join(abs, "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", &NotWorkbookError{Dir: abs}
	}
	if m := modulePath(data); m != Module {
		return "", &NotWorkbookError{Dir: abs, GoMod: gomod, Module: m}
	}
	return abs, nil
}

// IsRoot reports whether dir holds a go.mod of module Module.
func IsRoot(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	return modulePath(data) == Module
}

// modulePath returns the module path declared by the go.mod text data, or
// "" when it declares none.
func modulePath(data []byte) string {
	for line := range bytes.Lines(data) {
		f := strings.Fields(string(line))
		if len(f) >= 2 && f[0] == "module" {
			if p, err := strconv.Unquote(f[1]); err == nil {
				return p
			}
			return f[1]
		}
	}
	return ""
}
