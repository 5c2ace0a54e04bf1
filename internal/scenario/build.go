package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// buildSpec says what to build.
type buildSpec struct {
	Root    string // the workbook's root, where go.mod is
	Name    string // the exercise: the package is Root/exercises/<Name>
	Source  string // the folder whose files stand in for the package's
	OutDir  string // where the binary and the overlay file go
	Offline bool
	Race    bool   // build with the race detector
	Cache   string // the program cache's folder (programcache.go), or ""
	Kept    int    // how many programs of each exercise and mode Cache keeps; 0 means programsKept
	Batch   bool   // build in a batch with the builds asked for at the same moment (buildbatch.go)
}

// buildSlots bounds the builds running at once, one a core. With the
// packages it needs compiled already, as they are after the first, the
// go command compiles one small package and links it, on about one core:
// fewer builds at once would leave cores idle while a class is graded.
var buildSlots = make(chan struct{}, runtime.NumCPU())

// build compiles the exercise's program from spec.Source and returns the
// binary's path. A program that does not compile is a *BuildError; any
// other error means the build could not be attempted.
//
// The program is built as the package github.com/procbook/procbook/
// exercises/<name> of the workbook's module, with an overlay (go build
// -overlay) that replaces that folder's files by Source's: the module's
// go.mod and the process library come from Root whatever Source holds.
func build(ctx context.Context, spec buildSpec) (string, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("scenario: no Go toolchain: %w", err)
	}
	pkgDir := filepath.Join(spec.Root, "exercises", spec.Name)
	overlay, err := overlayFor(pkgDir, spec.Source)
	if err != nil {
		return "", err
	}
	hideModuleFiles(overlay, filepath.Dir(pkgDir))
	if err := checkImports(ctx, goTool, spec, pkgDir, overlay); err != nil {
		return "", err
	}
	if spec.Offline {
		primeModuleGraph(ctx, goTool, spec.Root)
	}
	exe := filepath.Join(spec.OutDir, "bin", spec.Name+exeSuffixes[0])
	if err := os.MkdirAll(filepath.Dir(exe), 0o755); err != nil {
		return "", fmt.Errorf("scenario: %w", err)
	}
	slot, err := programSlot(spec.Cache, spec)
	if err != nil {
		return "", err
	}
	if spec.Batch {
		key := batchKey{goTool: goTool, root: spec.Root, cache: spec.Cache, offline: spec.Offline, race: spec.Race}
		if buildInBatch(ctx, key, &batchMember{spec: spec, overlay: overlay, slot: slot, exe: exe}) {
			return exe, nil
		}
		if err := ctx.Err(); err != nil {
			return "", err
		}
	}
	args, err := goBuildArgs(exe, spec.OutDir, overlay, spec.Race, "./exercises/"+spec.Name)
	if err != nil {
		return "", err
	}
	// What the go command leaves of a kept program is the kept program:
	// it touches it, but links again only when it is out of date.
	kept := ""
	if fetchProgram(slot, exe) {
		kept = fileHash(exe)
	}

	select {
	case buildSlots <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-buildSlots }()

	var buildErr *BuildError
	for attempt := 1; ; attempt++ {
		buildErr, err = runGoBuild(ctx, goTool, args, spec, pkgDir)
		if err != nil {
			return "", err
		}
		// A failure that names none of the exercise's files is not the
		// exercise's doing (the go command has been seen to fail now and
		// then to read its own cache while other builds run): try again,
		// once, before reporting it.
		if buildErr == nil || attempt == 2 || blamesSource(buildErr.Output, spec.Root, spec.Source, pkgDir) {
			break
		}
	}
	if buildErr != nil {
		os.Remove(exe)
		return "", buildErr
	}
	// go build -o writes a package archive, not a program, for a package
	// that is not main.
	fi, err := os.Stat(exe)
	if err != nil || !isExecutable(fi) {
		return "", &BuildError{Output: fmt.Sprintf("%s: the package is not a program: its files must begin with `package main`\n", spec.Name)}
	}
	if kept == "" || kept != fileHash(exe) {
		keepProgram(slot, exe, spec.Kept) // linked anew
	}
	return exe, nil
}

// goBuildArgs returns the go command's arguments to build pkgs to out (a
// file, or a folder ending in a separator for several programs), writing
// the overlay, if any, in dir. Every build of a program goes through it,
// alone or in a batch, so that both make the same program, with the same
// build ID.
//
// -trimpath: identical sources share Go's build cache whatever folder
// holds them. -s -w: no symbol table and no DWARF, which nothing reads (a
// panic's stack and the race detector's report come from the runtime's
// own tables), and which take a seventh of each link.
func goBuildArgs(out, dir string, overlay map[string]string, race bool, pkgs ...string) ([]string, error) {
	args := []string{"build", "-buildvcs=false", "-trimpath", "-ldflags=-s -w", "-o", out}
	if race {
		args = append(args, "-race")
	}
	if len(overlay) > 0 {
		data, err := json.Marshal(map[string]any{"Replace": overlay})
		if err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
		file := filepath.Join(dir, "overlay.json")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			return nil, fmt.Errorf("scenario: %w", err)
		}
		args = append(args, "-overlay", file)
	}
	return append(args, pkgs...), nil
}

// checkImports fails the build, as a *BuildError naming file and line,
// when the program imports a package the workbook cannot provide. The
// files are the overlay's when there is one, else the package folder's.
func checkImports(ctx context.Context, goTool string, spec buildSpec, pkgDir string, overlay map[string]string) error {
	dir, files := pkgDir, []string(nil)
	if src, _ := filepath.Abs(spec.Source); len(overlay) > 0 && src != pkgDir {
		dir = src
		for pkgFile, srcFile := range overlay {
			if srcFile != "" {
				files = append(files, filepath.Base(pkgFile))
			}
		}
	} else {
		var err error
		if files, err = regularFiles(pkgDir); err != nil {
			return fmt.Errorf("scenario: %w", err)
		}
	}
	diags, paths, err := foreignImports(ctx, goTool, spec.Root, dir, files)
	if err != nil || len(diags) == 0 {
		return err
	}
	var out strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&out, "%s:%d:%d: %s\n", d.File, d.Line, d.Col, d.Message)
	}
	return &BuildError{Output: out.String(), Diagnostics: diags, Foreign: paths}
}

// moduleGraphPrimed remembers, per workbook root, that its module graph
// was read once in this process.
var moduleGraphPrimed sync.Map // root → struct{}

// primeModuleGraph reads the workbook's whole module graph once, with the
// network the caller's environment allows, so that the go.mod files an
// offline build may need are in the module cache whatever it held before
// (see imports.go for why a build may need them). go.sum vouches for every
// file it brings. It is best effort: offline and with a cold cache, the
// import check still gives the verdict on a missing dependency.
func primeModuleGraph(ctx context.Context, goTool, root string) {
	if _, done := moduleGraphPrimed.LoadOrStore(root, struct{}{}); done {
		return
	}
	env := append(buildEnv(false), "GOFLAGS=-mod=readonly")
	goOutput(ctx, goTool, root, env, "list", "-m", "all")
}

// runGoBuild runs the go command once. A build that fails is a
// *BuildError; the error is for a go command that could not be run.
func runGoBuild(ctx context.Context, goTool string, args []string, spec buildSpec, pkgDir string) (*BuildError, error) {
	cmd := exec.CommandContext(ctx, goTool, args...)
	cmd.Dir = spec.Root
	cmd.Env = buildEnv(spec.Offline)
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return nil, fmt.Errorf("scenario: running go build: %w", err)
	}
	return &BuildError{
		Output:      string(out),
		Diagnostics: parseDiagnostics(string(out), spec.Root, spec.Source, pkgDir),
	}, nil
}

// blamesSource reports whether the go command's output names a file of
// the exercise's sources, or says nothing about files at all (no Go
// files, a missing package): either way the sources are the cause.
func blamesSource(out, root, source, pkgDir string) bool {
	named := false
	for _, line := range strings.Split(out, "\n") {
		m := diagnosticLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		named = true
		if _, in := relativeTo(m[1], root, source, pkgDir); in {
			return true
		}
	}
	return !named
}

// buildEnv is the go command's environment: the caller's, without a
// workspace file that could bring other modules in, and, offline, with
// no download of modules or toolchains.
func buildEnv(offline bool) []string {
	env := append(os.Environ(), "GOWORK=off")
	if offline {
		env = append(env, "GOFLAGS=-mod=readonly", "GOPROXY=off", "GOTOOLCHAIN=local")
	}
	return env
}

// moduleFiles are the files a source folder may hold that are never
// taken into the package: a go.mod there would make the folder a module of
// its own, cut off from the workbook's.
var moduleFiles = map[string]bool{"go.mod": true, "go.sum": true, "go.work": true, "go.work.sum": true}

// overlayFor maps each regular file of pkgDir to the file of the same name
// in source, and each file of pkgDir that source lacks to nothing
// (deleted). Sub-folders are not part of the package and are ignored, and
// so are module files, which are hidden even when source is pkgDir itself.
func overlayFor(pkgDir, source string) (map[string]string, error) {
	src, err := filepath.Abs(source)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	if same, _ := sameDir(src, pkgDir); same {
		// The learner's own folder: only its module files are hidden.
		overlay := map[string]string{}
		hideModuleFiles(overlay, pkgDir)
		return overlay, nil
	}
	srcFiles, err := regularFiles(src)
	if err != nil {
		return nil, fmt.Errorf("scenario: reading the exercise's sources: %w", err)
	}
	overlay := map[string]string{}
	for _, f := range srcFiles {
		if !moduleFiles[f] {
			overlay[filepath.Join(pkgDir, f)] = filepath.Join(src, f)
		}
	}
	pkgFiles, err := regularFiles(pkgDir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	for _, f := range pkgFiles {
		if _, ok := overlay[filepath.Join(pkgDir, f)]; !ok {
			overlay[filepath.Join(pkgDir, f)] = ""
		}
	}
	return overlay, nil
}

// hideModuleFiles adds to overlay, as deleted, the module files that dir
// holds. The build hides them in the learner's folder, and in the
// exercises' folder: exercises/ is a module of its own, so that the
// workbook's 'go test ./...' leaves the learner's code alone, and its
// go.mod would otherwise cut the exercise off from the workbook's module,
// in which it is built.
func hideModuleFiles(overlay map[string]string, dir string) {
	for f := range moduleFiles {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			overlay[filepath.Join(dir, f)] = ""
		}
	}
}

// regularFiles lists the names of the regular files of dir.
func regularFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// sameDir reports whether a and b are the same folder.
func sameDir(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// diagnosticLine is a compiler message: FILE.go:LINE[:COL]: MESSAGE.
var diagnosticLine = regexp.MustCompile(`^(.+?\.go):(\d+)(?::(\d+))?: (.*)$`)

// parseDiagnostics reads the compiler's messages in the go command's
// output. The exercise's files are named relative to the source folder
// (the overlay may report a file under the package's folder instead: it is
// the same file), any other by its absolute path. Indented lines continue
// the message above.
func parseDiagnostics(out, root, source, pkgDir string) []Diagnostic {
	var diags []Diagnostic
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "\t") && len(diags) > 0 {
			diags[len(diags)-1].Message += "\n" + strings.TrimSpace(line)
			continue
		}
		m := diagnosticLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		file, _ := relativeTo(m[1], root, source, pkgDir)
		d := Diagnostic{File: file, Message: m[4]}
		d.Line, _ = strconv.Atoi(m[2])
		d.Col, _ = strconv.Atoi(m[3])
		diags = append(diags, d)
	}
	return diags
}

// relativeTo names file relative to the source folder when it is in it,
// or in the package folder the overlay stands for, and reports whether it
// is; any other file is named by its absolute path.
func relativeTo(file, root, source, pkgDir string) (string, bool) {
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(root, abs)
	}
	src, _ := filepath.Abs(source)
	for _, dir := range []string{src, pkgDir} {
		if rel, err := filepath.Rel(dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return rel, true
		}
	}
	return abs, false
}
