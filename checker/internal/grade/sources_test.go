package grade

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var testNames = []string{"q1", "q2", "q3"}

// writeFiles writes files (slash path -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFindExercises(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // relative to the root; "" for ErrNoExercises
	}{
		{"whole workbook", map[string]string{"go.mod": "", "exercises/q3/main.go": ""}, "exercises"},
		{"exercises folder only", map[string]string{"q1/main.go": "", "q2/main.go": ""}, "."},
		{"wrapped by GitHub", map[string]string{"procbook-main/exercises/q1/main.go": ""}, "procbook-main/exercises"},
		{"wrapped twice, macOS junk", map[string]string{"a/b/exercises/q2/main.go": "", "__MACOSX/x": "", ".DS_Store": ""}, "a/b/exercises"},
		{"nothing", map[string]string{"README.md": ""}, ""},
		{"two folders, neither the workbook", map[string]string{"a/q1/main.go": "", "b/q1/main.go": ""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeFiles(t, root, tt.files)
			got, err := findExercises("alice", root, testNames)
			if tt.want == "" {
				if !errors.Is(err, ErrNoExercises) {
					t.Fatalf("got %q, %v; want ErrNoExercises", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(root, tt.want); got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
}

func TestCopySources(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"exercises/q3/main.go":          "package main\n",
		"exercises/q3/quiz.md":          "answers",
		"exercises/q3/go.mod":           "module evil",
		"exercises/q3/vendor/x/x.go":    "package x",
		"exercises/q3/.git/config":      "",
		"exercises/q3/helper/helper.go": "package helper",
		"exercises/shared.go":           "package main // inside the submission\n",
	})
	if err := os.Symlink("../shared.go", filepath.Join(root, "exercises/q3/shared.go")); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "q3")
	if err := copySources("alice", root, filepath.Join(root, "exercises/q3"), dst, DefaultLimits); err != nil {
		t.Fatal(err)
	}
	want := []string{"helper/", "helper/helper.go", "main.go", "quiz.md", "shared.go"}
	if diff := cmp.Diff(want, listTree(t, dst)); diff != "" {
		t.Errorf("copied sources (-want +got):\n%s", diff)
	}
}

func TestCopySourcesLinkOut(t *testing.T) {
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"solutions/q3/main.go": "package main // the answer\n"})
	for _, target := range []string{
		filepath.Join(outside, "solutions/q3/main.go"), // absolute
		"../../../" + filepath.Base(outside) + "/solutions/q3/main.go",
	} {
		root := filepath.Join(filepath.Dir(outside), "class-"+filepath.Base(t.TempDir()))
		writeFiles(t, root, map[string]string{"exercises/q3/other.go": "package main\n"})
		t.Cleanup(func() { os.RemoveAll(root) })
		if err := os.Symlink(target, filepath.Join(root, "exercises/q3/main.go")); err != nil {
			t.Fatal(err)
		}
		err := copySources("alice", root, filepath.Join(root, "exercises/q3"), t.TempDir(), DefaultLimits)
		var ee *EntryError
		if !errors.Is(err, ErrLinkOut) || !errors.As(err, &ee) || ee.Entry != "exercises/q3/main.go" {
			t.Errorf("link to %s: got %v, want ErrLinkOut on exercises/q3/main.go", target, err)
		}
	}
}

func TestCopySourcesLimits(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"q3/a.go": "12345", "q3/b.go": "12345", "q3/c.go": "12345"})
	err := copySources("alice", root, filepath.Join(root, "q3"), t.TempDir(), Limits{MaxFiles: 2})
	if !errors.Is(err, ErrTooManyFiles) {
		t.Errorf("MaxFiles: got %v", err)
	}
	err = copySources("alice", root, filepath.Join(root, "q3"), t.TempDir(), Limits{MaxBytes: 12})
	if !errors.Is(err, ErrTooBig) {
		t.Errorf("MaxBytes: got %v", err)
	}
}

func TestFindSubmissions(t *testing.T) {
	class := t.TempDir()
	writeFiles(t, class, map[string]string{
		"alice/exercises/q1/main.go": "",
		"bob.zip":                    "",
		"carol.TAR.GZ":               "",
		"dan.tgz":                    "",
		"erin.rar":                   "",
		"frank/q1/main.go":           "",
		"frank.zip":                  "",
		".DS_Store":                  "",
	})
	if err := os.Symlink("nowhere.zip", filepath.Join(class, "gina.zip")); err != nil {
		t.Fatal(err)
	}
	subs, err := FindSubmissions(class)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ ID, Kind, Err string }
	var got []row
	for _, s := range subs {
		r := row{ID: s.ID, Kind: s.Kind}
		if s.Err != nil {
			r.Err = s.Err.Error()
		}
		got = append(got, r)
	}
	want := []row{
		{"alice", "folder", ""},
		{"bob", "zip", ""},
		{"carol", "tar.gz", ""},
		{"dan", "tar.gz", ""},
		{"erin.rar", "", "grade: unsupported: erin.rar is not a folder, a .zip or a .tar.gz"},
		{"frank", "folder", "grade: student appears twice: frank and frank.zip"},
		{"gina", "", "grade: stat " + filepath.Join(class, "gina.zip") + ": no such file or directory"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FindSubmissions (-want +got):\n%s", diff)
	}
}
