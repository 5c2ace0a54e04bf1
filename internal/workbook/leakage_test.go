package workbook

import (
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/procbook/procbook/internal/stubs"
)

// The book must make the learner write the code. TestAnswersNotGivenAway
// measures, for each exercise, how much of the code the learner has to
// write (the lines of solutions/<name> that are not already in the
// original stub of exercises/<name>) stands verbatim in what the learner
// reads before the last hint: the chapter, the stub's comments and every hint but the last
// (the last may come close to the answer). Lines are compared without
// their white space, and trivial lines (braces, error returns, imports)
// are not counted: they are no give-away.
//
// Limits: a quarter of the book's new code, and no more than 40 % of any
// one exercise's. Run with -v to see the figures.
const (
	maxGivenAwayBook     = 0.25
	maxGivenAwayExercise = 0.40
)

func TestAnswersNotGivenAway(t *testing.T) {
	var bookNew, bookGiven int
	for _, ex := range All {
		newLines := newCode(t, ex.Name)
		if len(newLines) == 0 {
			t.Errorf("%s: the solution adds no code to the stub", ex.Name)
			continue
		}
		read := squeeze(readBeforeLastHint(t, ex))
		var given []string
		for _, l := range newLines {
			if strings.Contains(read, l) {
				given = append(given, l)
			}
		}
		share := float64(len(given)) / float64(len(newLines))
		t.Logf("%s: %d of %d new lines (%.0f %%) stand in the chapter, the stub's comments or the hints before the last",
			ex.Name, len(given), len(newLines), 100*share)
		for _, l := range given {
			t.Logf("    %s", l)
		}
		if share > maxGivenAwayExercise {
			t.Errorf("%s: %.0f %% of the solution's new code is given away (limit %.0f %%): teach it with another example, and say what to write, not the lines",
				ex.Name, 100*share, 100*maxGivenAwayExercise)
		}
		bookNew += len(newLines)
		bookGiven += len(given)
	}
	if bookNew == 0 {
		return
	}
	share := float64(bookGiven) / float64(bookNew)
	t.Logf("the book: %d of %d new lines (%.0f %%)", bookGiven, bookNew, 100*share)
	if share > maxGivenAwayBook {
		t.Errorf("the book gives away %.0f %% of the solutions' new code (limit %.0f %%)", 100*share, 100*maxGivenAwayBook)
	}
}

// newCode returns the code lines of solutions/<name>'s Go files that are
// not in exercises/<name>'s (as many times as they are missing), squeezed
// and without the trivial ones and comments.
func newCode(t *testing.T, name string) []string {
	t.Helper()
	have := map[string]int{}
	for _, l := range codeLines(t, stubGoFiles(t, name)) {
		have[l]++
	}
	var added []string
	for _, l := range codeLines(t, dirGoFiles(t, filepath.Join(root, "solutions", name))) {
		if have[l] > 0 {
			have[l]--
			continue
		}
		if !trivial(l) {
			added = append(added, l)
		}
	}
	return added
}

// stubGoFiles returns the Go files of exercise name's original stub, by
// name: the snapshot that 'checker reset' restores, not exercises/<name>,
// which is the learner's and may hold anything.
func stubGoFiles(t *testing.T, name string) map[string][]byte {
	t.Helper()
	files, err := stubs.Stub(name)
	if err != nil {
		t.Fatal(err)
	}
	goFiles := map[string][]byte{}
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".go") && !strings.Contains(f.Name, "/") {
			goFiles[f.Name] = f.Data
		}
	}
	return goFiles
}

// dirGoFiles returns the Go files of dir, by name.
func dirGoFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(name)] = data
	}
	return files
}

// codeLines returns the squeezed non-blank, non-comment lines of the Go
// files, file after file in the order of their names.
func codeLines(t *testing.T, files map[string][]byte) []string {
	t.Helper()
	if len(files) == 0 {
		t.Fatal("no Go files")
	}
	var lines []string
	for _, name := range slices.Sorted(maps.Keys(files)) {
		for _, l := range strings.Split(string(files[name]), "\n") {
			l = strings.TrimSpace(l)
			if l == "" || strings.HasPrefix(l, "//") {
				continue
			}
			if i := strings.Index(l, " //"); i > 0 && !strings.Contains(l[:i], `"`) {
				l = l[:i] // a trailing comment is not code
			}
			lines = append(lines, squeeze(l))
		}
	}
	return lines
}

// trivialLine matches squeezed lines that give nothing away: punctuation,
// error plumbing (checks, returns, collecting errors), imports, the
// package clause, else.
var trivialLine = regexp.MustCompile(`^(` +
	`[{}()\[\],;]*` +
	`|}?else{?|}?elseiferr!=nil{` +
	`|iferr!=nil{` +
	`|return((0|nil|""|false|-?1|err),)*(0|nil|""|false|err)?` +
	`|import\(?.*` +
	`|[a-z_]*"[a-z0-9./_-]+"` +
	`|package[a-z0-9_]+` +
	`|var\(|const\(|default:|panic\(err\)` +
	`|varerrs\[\]error|errs=append\(errs,err\)|returnerrors\.Join\(errs\.\.\.\)` +
	`)$`)

func trivial(squeezed string) bool { return trivialLine.MatchString(squeezed) }

// squeeze removes all white space from s.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// readBeforeLastHint returns what a learner of ex can read before asking
// for the last hint: the chapter, the comments of the stub's Go files and
// every hint but the last.
func readBeforeLastHint(t *testing.T, ex Exercise) string {
	t.Helper()
	var b strings.Builder
	chapter, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(ex.Chapter)))
	if err != nil {
		t.Fatal(err)
	}
	b.Write(chapter)
	files := stubGoFiles(t, ex.Name)
	fset := token.NewFileSet()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		f, err := parser.ParseFile(fset, name, files[name], parser.ParseComments)
		if err != nil {
			t.Fatalf("the stub does not parse: %v", err)
		}
		for _, c := range f.Comments {
			b.WriteString("\n" + c.Text())
		}
	}
	if n := len(ex.Hints); n > 1 {
		for _, h := range ex.Hints[:n-1] {
			b.WriteString("\n" + h)
		}
	}
	return b.String()
}
