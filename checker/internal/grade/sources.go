package grade

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxSearchDepth is how many single nested folders findExercises goes
// through to reach the exercises: "alice.zip" holding "procbook-main/",
// holding "exercises/", is two.
const maxSearchDepth = 4

// findExercises returns the folder of a submission that holds its qN
// folders: root/exercises for a copy of the whole workbook, root itself for
// a copy of just the exercises folder, or the same one or a few levels down
// through folders that are alone in their parent, as archivers and GitHub's
// downloads wrap them ("procbook-main/exercises"). names are the exercises
// the manifest knows.
func findExercises(sub, root string, names []string) (string, error) {
	dir := root
	for range maxSearchDepth {
		ex := filepath.Join(dir, "exercises")
		if ok, err := isDirIn(sub, root, ex); err != nil {
			return "", err
		} else if ok && holdsExercise(sub, root, ex, names) {
			return ex, nil
		}
		if holdsExercise(sub, root, dir, names) {
			return dir, nil
		}
		only, err := onlyFolder(dir)
		if err != nil || only == "" {
			break
		}
		dir = only
	}
	return "", fmt.Errorf("grade: %s: %w (looked for exercises/q1 … or q1 … at its top)", sub, ErrNoExercises)
}

// holdsExercise reports whether dir has a folder for any of the exercises.
func holdsExercise(sub, root, dir string, names []string) bool {
	for _, n := range names {
		if ok, _ := isDirIn(sub, root, filepath.Join(dir, n)); ok {
			return true
		}
	}
	return false
}

// onlyFolder returns dir's one sub-folder when it has exactly one and no
// files besides hidden ones and a macOS archiver's __MACOSX; "" otherwise.
func onlyFolder(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	only := ""
	for _, e := range entries {
		if ignored(e.Name()) {
			continue
		}
		if !e.IsDir() || only != "" {
			return "", nil
		}
		only = filepath.Join(dir, e.Name())
	}
	return only, nil
}

// ignored reports whether a file of a submission is never looked at:
// hidden files and folders, and the metadata macOS adds to zip archives.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || name == "__MACOSX"
}

// isDirIn reports whether p is a folder, following a link only when it
// stays inside root; a link out of root is an *EntryError.
func isDirIn(sub, root, p string) (bool, error) {
	real, err := resolveIn(sub, root, p)
	if err != nil {
		return false, err
	}
	fi, err := os.Stat(real)
	return err == nil && fi.IsDir(), nil
}

// resolveIn returns p with its links resolved, or an *EntryError wrapping
// ErrLinkOut when that leads outside root. root must have no links in its
// own path (the grader resolves it first).
func resolveIn(sub, root, p string) (string, error) {
	fi, err := os.Lstat(p)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return p, nil
	}
	real, err := filepath.EvalSymlinks(p)
	rel, relErr := filepath.Rel(root, real)
	if err != nil || relErr != nil || !filepath.IsLocal(rel) {
		entry, _ := filepath.Rel(root, p)
		target, _ := os.Readlink(p)
		return "", &EntryError{Submission: sub, Entry: filepath.ToSlash(entry), Err: fmt.Errorf("%w: -> %s", ErrLinkOut, target)}
	}
	return real, nil
}

// skippedSource reports whether a file or folder of an exercise is left
// behind: a module or workspace file would let a submission choose its own
// dependencies, and the build uses the instructor's go.mod only.
func skippedSource(name string, dir bool) bool {
	if ignored(name) {
		return true
	}
	if dir {
		return name == "vendor"
	}
	switch name {
	case "go.mod", "go.sum", "go.work", "go.work.sum":
		return true
	}
	return false
}

// copySources copies the exercise folder src of the submission sub into
// dst: regular files only, within lim. A link is followed when it stays
// inside root and refused when it leads out, so that no submission can
// bring in a file from elsewhere on the grading machine (another student's,
// or the solutions).
func copySources(sub, root, src, dst string, lim Limits) error {
	src, err := resolveIn(sub, root, src)
	if err != nil {
		return err
	}
	u := &unpacker{name: sub, dest: dst, lim: lim}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == src {
			return nil
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		entry, _ := filepath.Rel(root, p)
		entry = filepath.ToSlash(entry)
		if skippedSource(d.Name(), d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if err := u.count(entry); err != nil {
			return err
		}
		real := p
		if d.Type()&fs.ModeSymlink != 0 {
			if real, err = resolveIn(sub, root, p); err != nil {
				return err
			}
		}
		fi, err := os.Stat(real)
		if err != nil {
			return nil // a dangling link: nothing to copy
		}
		switch {
		case fi.IsDir():
			return nil // a real folder is walked; a linked one is not, to stay out of cycles
		case !fi.Mode().IsRegular():
			return nil
		}
		f, err := os.Open(real)
		if err != nil {
			return &EntryError{Submission: sub, Entry: entry, Err: err}
		}
		defer f.Close()
		return u.write(entry, filepath.ToSlash(rel), f)
	})
}

// startsGoroutines reports whether the Go sources in dir start a goroutine
// (a go statement, or a call of a method Go, as sync.WaitGroup's): such a
// program is built with the race detector, which finds a goroutine that
// shares a variable without synchronizing every time, where plain runs
// would catch it only now and then, and grade identical copies
// differently.
func startsGoroutines(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				found = true
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Go" {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}
