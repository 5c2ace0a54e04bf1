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

// RootEnv names the environment variable that overrides the search for the
// workbook's root, as the --root flag does.
const RootEnv = "PROCBOOK_ROOT"

// ErrNoWorkbook is returned by FindRoot when neither the folder nor any
// folder above it holds the workbook's go.mod.
var ErrNoWorkbook = errors.New("workspace: not inside a procbook workbook")

// FindRoot returns the workbook's root: the nearest folder at or above dir
// whose go.mod declares module Module.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if IsRoot(dir) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoWorkbook
		}
		dir = parent
	}
}

// CheckRoot returns an error saying what is wrong when dir, given by the
// user as the root, is not a workbook's root.
func CheckRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if !IsRoot(abs) {
		return "", fmt.Errorf("workspace: %s is not a procbook workbook (no go.mod of module %s there)", abs, Module)
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
