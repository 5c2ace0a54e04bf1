package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/template"

	"github.com/procbook/procbook/checker/internal/atomicfile"
	"github.com/procbook/procbook/checker/internal/grade"
	"github.com/procbook/procbook/internal/workbook"
)

// bundleFlags are the flags of gradescope-bundle.
type bundleFlags struct {
	out    string
	hidden string
	goVer  string
}

func (b *bundleFlags) register(fs *flag.FlagSet) {
	*b = bundleFlags{}
	fs.StringVar(&b.out, "out", "autograder.zip", "the autograder zip to write")
	fs.StringVar(&b.hidden, "hidden", "", "put these hidden tests in the autograder (see 'checker help grade')")
	fs.StringVar(&b.goVer, "go", strings.TrimPrefix(runtime.Version(), "go"), "the Go version setup.sh installs")
}

var cmdGradescopeBundle = newGradescopeBundleCommand()

func newGradescopeBundleCommand() *Command {
	var b bundleFlags
	return &Command{
		Name:      "gradescope-bundle",
		UsageLine: "gradescope-bundle [--out autograder.zip] [--hidden DIR] [--go VERSION]",
		Short:     "write the autograder zip Gradescope asks for, to grade with this workbook",
		Long: `Gradescope-bundle writes the zip to upload as a Gradescope programming
assignment's autograder. At its root, as Gradescope wants them:

  setup.sh        installs Go (--go, this checker's by default) and fetches
                  the workbook's modules, once, when Gradescope builds the
                  autograder's image
  run_autograder  grades /autograder/submission with 'checker grade
                  --format gradescope' into /autograder/results/results.json
  bin/checker     this checker (built for linux/amd64, as Gradescope runs)
  workbook/       the workbook's tests: go.mod, go.sum, process/, testdata/,
                  internal/ and the original exercises/, never solutions/
  hidden/         the --hidden tests, if any

A student may submit a copy of the workbook, its exercises folder, the qN
folders alone, or one .zip or .tar.gz of any of those. run_autograder reads
AUTOGRADER_ROOT (default /autograder), to be tried locally, and passes
PROCBOOK_GRADE_FLAGS to 'checker grade'.

See docs/instructors.md.`,
		SetFlags: b.register,
		Run:      b.run,
	}
}

func (b *bundleFlags) run(env *Env, args []string) int {
	if code, ok := noArgs(env, args); !ok {
		return code
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		return usageError(env, "Gradescope runs linux/amd64, and this checker is %s/%s: build it with GOOS=linux GOARCH=amd64 go build -o checker ./checker, and run that", runtime.GOOS, runtime.GOARCH)
	}
	if b.hidden != "" {
		if _, err := grade.LoadHidden(b.hidden, workbook.All); err != nil {
			return usageError(env, "--hidden: %v", strings.TrimPrefix(trimGrade(err), "hidden tests: "))
		}
	}
	self, err := os.Executable()
	if err != nil {
		return toolError(env, err, "run the checker from a file, with go build -o checker ./checker")
	}
	err = atomicfile.WriteFunc(b.out, func(w io.Writer) error { return b.write(w, env.Root, self) })
	if err != nil {
		fmt.Fprintf(env.Stderr, "checker gradescope-bundle: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(env.Stderr, "checker gradescope-bundle: wrote %s: upload it as the assignment's autograder (Configure Autograder, Zip file upload)\n", b.out)
	return exitOK
}

// bundleParts are the parts of the workbook the autograder grades with; of
// them the bundle holds what a build or a check reads
// (workbook.CheckInput), not the book's own tests.
var bundleParts = []string{"go.mod", "go.sum", "process", "testdata", "internal", "exercises"}

// write writes the zip: the scripts, the checker at self, the workbook at
// root and the hidden tests.
func (b *bundleFlags) write(w io.Writer, root, self string) error {
	zw := zip.NewWriter(w)
	var setup, run bytes.Buffer
	data := struct{ Go, Hidden string }{b.goVer, ""}
	if b.hidden != "" {
		data.Hidden = "--hidden \"$SRC/hidden\""
	}
	if err := setupScript.Execute(&setup, data); err != nil {
		return err
	}
	if err := runScript.Execute(&run, data); err != nil {
		return err
	}
	if err := zipBytes(zw, "setup.sh", setup.Bytes(), 0o755); err != nil {
		return err
	}
	if err := zipBytes(zw, "run_autograder", run.Bytes(), 0o755); err != nil {
		return err
	}
	if err := zipFile(zw, "bin/checker", self, 0o755); err != nil {
		return err
	}
	for _, part := range bundleParts {
		checkInput := func(rel string, dir bool) bool { return workbook.CheckInput(filepath.Join(part, rel), dir) }
		if err := zipTree(zw, filepath.Join(root, part), "workbook/"+part, checkInput); err != nil {
			return err
		}
	}
	if b.hidden != "" {
		if err := zipTree(zw, b.hidden, "hidden", nil); err != nil {
			return err
		}
	}
	return zw.Close()
}

func zipBytes(zw *zip.Writer, name string, data []byte, mode fs.FileMode) error {
	h := &zip.FileHeader{Name: name, Method: zip.Deflate}
	h.SetMode(mode)
	f, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	return err
}

func zipFile(zw *zip.Writer, name, path string, mode fs.FileMode) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return zipBytes(zw, name, data, mode)
}

// zipTree adds the regular files under dir (or the file dir) as prefix/…,
// leaving out hidden files, and, when keep is not nil, the files and
// folders for which keep, given their path relative to dir, is false; a
// part that does not exist is left out.
func zipTree(zw *zip.Writer, dir, prefix string, keep func(rel string, dir bool) bool) error {
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return nil
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if keep != nil && rel != "." && !keep(rel, d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		name := prefix
		if rel != "." {
			name += "/" + filepath.ToSlash(rel)
		}
		return zipFile(zw, name, p, 0o644)
	})
}

// setupScript is Gradescope's setup.sh: run once, as root, when the
// autograder's image is built.
var setupScript = template.Must(template.New("setup").Parse(`#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image:
# it installs Go and fetches the modules the workbook's programs build with.
set -euo pipefail
SRC="${AUTOGRADER_ROOT:-/autograder}/source"
GO_VERSION="{{.Go}}"
if ! command -v go >/dev/null || [ "$(go env GOVERSION)" != "go$GO_VERSION" ]; then
	curl -fsSL "https://go.dev/dl/go$GO_VERSION.linux-amd64.tar.gz" -o /tmp/go.tar.gz
	rm -rf /usr/local/go
	tar -C /usr/local -xzf /tmp/go.tar.gz
	rm /tmp/go.tar.gz
	ln -sf /usr/local/go/bin/go /usr/local/bin/go
fi
chmod +x "$SRC/bin/checker" "$SRC/run_autograder"
cd "$SRC/workbook"
go mod download
# Build the process library once, so that each submission's build is quick.
go build ./process/
`))

// runScript is Gradescope's run_autograder: run for each submission.
var runScript = template.Must(template.New("run").Parse(`#!/usr/bin/env bash
# Gradescope runs this for each submission, in /autograder: it grades
# /autograder/submission with the workbook's tests and writes
# /autograder/results/results.json. AUTOGRADER_ROOT moves /autograder, to
# try it locally; PROCBOOK_GRADE_FLAGS adds flags to 'checker grade'.
set -uo pipefail
AG="${AUTOGRADER_ROOT:-/autograder}"
SRC="$AG/source"
mkdir -p "$AG/results"
class="$(mktemp -d)"
trap 'rm -rf "$class"' EXIT
# The submission is the student's files, or one archive of them.
shopt -s nullglob dotglob
entries=("$AG/submission"/*)
if [ "${#entries[@]}" -eq 1 ] && [[ "${entries[0]}" =~ \.(zip|tar\.gz|tgz)$ ]]; then
	ln -s "${entries[0]}" "$class/student.${BASH_REMATCH[1]}"
else
	ln -s "$AG/submission" "$class/student"
fi
"$SRC/bin/checker" --root "$SRC/workbook" grade --no-cache --jobs 1 --format gradescope \
	--out "$AG/results/results.json" {{.Hidden}} ${PROCBOOK_GRADE_FLAGS:-} "$class"
status=$?
if [ ! -s "$AG/results/results.json" ]; then
	printf '{"score": 0, "output": "The autograder could not grade this submission (checker grade exited %d): ask your instructor.", "tests": []}\n' "$status" > "$AG/results/results.json"
fi
exit 0
`))
