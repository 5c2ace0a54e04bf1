package workbook

import (
	"fmt"
	gobuild "go/build"
	"io/fs"
	"path/filepath"
	"testing"
)

func TestCheckInput(t *testing.T) {
	for _, tt := range []struct {
		rel  string
		dir  bool
		want bool
	}{
		{".", true, true},
		{"go.mod", false, true},
		{"process", true, true},
		{"process/lock.go", false, true},
		{"process/lock_test.go", false, false},
		{"process/process.test", false, false},
		{"process/testdata", true, false},
		{"process/testdata/fixture.txt", false, false},
		{"internal/scenario/testdata", true, false},
		{"internal/stubs/stubs.txtar", false, true},
		{"testdata", true, true},
		{"testdata/q3_square.txtar", false, true},
		{"testdata/anti", true, false},
		{"testdata/anti/q3_idle/main.go", false, false},
		{"testdata/antic.txtar", false, true},
		{"exercises/q3/main.go", false, true},
		{"exercises/q3/quiz.md", false, true},
		{".git", true, false},
		{"process/.lock.go.swp", false, false},
		{"internal/.cache/x.go", false, false},
		{"../elsewhere/x.go", false, false},
		// A file that happens to be called testdata or anti is no folder
		// of test data.
		{"process/testdata", false, true},
		{"testdata/anti", false, true},
		{"process/testdata.go", false, true},
		{filepath.Join("process", "testdata", "x"), false, false},
	} {
		if got := CheckInput(tt.rel, tt.dir); got != tt.want {
			t.Errorf("CheckInput(%q, %v) = %v, want %v", tt.rel, tt.dir, got, tt.want)
		}
	}
}

// TestCheckInputWorkbook holds the rule against the workbook itself: the
// files that go build reads for each of its packages and every scenario of
// the manifest are kept; the packages' tests and test data, and the
// antisolutions, are not.
func TestCheckInputWorkbook(t *testing.T) {
	rel := func(p string) string {
		r, err := filepath.Rel(root, p)
		if err != nil {
			t.Fatal(err)
		}
		return filepath.ToSlash(r)
	}
	kept := func(p string, dir bool) bool { return CheckInput(rel(p), dir) }
	packages := 0
	for _, part := range []string{"process", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, part), func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return err
			}
			if !kept(p, true) {
				return filepath.SkipDir
			}
			pkg, err := gobuild.ImportDir(p, 0)
			if _, ok := err.(*gobuild.NoGoError); ok {
				return nil
			} else if err != nil {
				return err
			}
			packages++
			var built []string
			built = append(built, pkg.GoFiles...)
			built = append(built, pkg.CgoFiles...)
			built = append(built, pkg.SFiles...)
			built = append(built, pkg.EmbedPatterns...) // literal names in this workbook
			for _, f := range built {
				if !kept(filepath.Join(p, f), false) {
					t.Errorf("%s is left out, but go build reads it", rel(filepath.Join(p, f)))
				}
			}
			for _, f := range append(pkg.TestGoFiles, pkg.XTestGoFiles...) {
				if kept(filepath.Join(p, f), false) {
					t.Errorf("%s is kept, but it is a test", rel(filepath.Join(p, f)))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if packages == 0 {
		t.Fatal("no package found under process/ and internal/")
	}
	for _, ex := range All {
		for _, sc := range ex.Scenarios {
			if !kept(filepath.Join(root, "testdata", sc.Name+".txtar"), false) {
				t.Errorf("scenario %s is left out", sc.Name)
			}
		}
	}
	for _, p := range []string{"process/testdata", "internal/scenario/testdata", "testdata/anti"} {
		if kept(filepath.Join(root, p), true) {
			t.Errorf("%s is kept", p)
		}
	}
}

func ExampleCheckInput() {
	for _, rel := range []string{"process/lock.go", "process/lock_test.go", "testdata/q3_square.txtar", "testdata/anti/q3_idle/main.go"} {
		fmt.Println(rel, CheckInput(rel, false))
	}
	// Output:
	// process/lock.go true
	// process/lock_test.go false
	// testdata/q3_square.txtar true
	// testdata/anti/q3_idle/main.go false
}
