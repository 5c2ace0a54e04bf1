package grade

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/procbook/procbook/checker/internal/grade/gradetest"
)

// archivers are the two ways a submission comes packed.
var archivers = []struct {
	ext   string
	write func(string, []gradetest.Entry) error
}{
	{".zip", gradetest.WriteZip},
	{".tar.gz", gradetest.WriteTarGz},
}

// unpackEntries packs entries with write into an archive and unpacks it
// into a fresh folder, returning the folder and Unpack's error.
func unpackEntries(t *testing.T, ext string, write func(string, []gradetest.Entry) error, entries []gradetest.Entry, lim Limits) (string, error) {
	t.Helper()
	dir := t.TempDir()
	archive := filepath.Join(dir, "alice"+ext)
	if err := write(archive, entries); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "out")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	return dest, Unpack(archive, dest, lim)
}

// listTree returns "path" for each file and "path/" for each folder under
// dir, and fails the test on any link: an unpacked tree must have none.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var got []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			t.Errorf("%s is a link", rel)
		case fi.IsDir():
			got = append(got, rel+"/")
		default:
			got = append(got, rel)
		}
		return nil
	})
	sort.Strings(got)
	return got
}

func TestUnpackGood(t *testing.T) {
	entries := []gradetest.Entry{
		{Name: "procbook/", Dir: true},
		{Name: "procbook/exercises/q3/main.go", Body: "package main\n"},
		{Name: `procbook\exercises\q6\main.go`, Body: "package main // 6\n"}, // Windows archivers
		{Name: "procbook/exercises/q3/same.go", Link: "main.go"},
		{Name: "./procbook/./README.md", Body: "hi"},
	}
	for _, a := range archivers {
		t.Run(a.ext, func(t *testing.T) {
			dest, err := unpackEntries(t, a.ext, a.write, entries, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{
				"procbook/", "procbook/README.md", "procbook/exercises/", "procbook/exercises/q3/",
				"procbook/exercises/q3/main.go", "procbook/exercises/q3/same.go",
				"procbook/exercises/q6/", "procbook/exercises/q6/main.go",
			}
			if diff := cmp.Diff(want, listTree(t, dest)); diff != "" {
				t.Errorf("unpacked tree (-want +got):\n%s", diff)
			}
			b, err := os.ReadFile(filepath.Join(dest, "procbook/exercises/q3/same.go"))
			if err != nil || string(b) != "package main\n" {
				t.Errorf("a link inside the archive: got %q, %v; want a copy of its target", b, err)
			}
		})
	}
}

func TestUnpackRefuses(t *testing.T) {
	tests := []struct {
		name    string
		entries []gradetest.Entry
		lim     Limits
		want    error
	}{
		{"zip-slip", []gradetest.Entry{{Name: "ok.go", Body: "x"}, {Name: "../../evil.go", Body: "x"}}, DefaultLimits, ErrPathOut},
		{"zip-slip inside", []gradetest.Entry{{Name: "a/../../evil.go", Body: "x"}}, DefaultLimits, ErrPathOut},
		{"absolute", []gradetest.Entry{{Name: "/tmp/evil.go", Body: "x"}}, DefaultLimits, ErrPathOut},
		{"backslash slip", []gradetest.Entry{{Name: `..\..\evil.go`, Body: "x"}}, DefaultLimits, ErrPathOut},
		{"link out, relative", []gradetest.Entry{{Name: "q3/main.go", Link: "../../../solutions/q3/main.go"}}, DefaultLimits, ErrLinkOut},
		{"link out, absolute", []gradetest.Entry{{Name: "q3/main.go", Link: "/etc/passwd"}}, DefaultLimits, ErrLinkOut},
		{"link to root then write through it", []gradetest.Entry{{Name: "up", Link: ".."}, {Name: "up/evil.go", Body: "x"}}, DefaultLimits, ErrLinkOut},
		{"too many files", []gradetest.Entry{{Name: "a", Body: "1"}, {Name: "b", Body: "2"}, {Name: "c", Body: "3"}}, Limits{MaxFiles: 2}, ErrTooManyFiles},
		{"file too big", []gradetest.Entry{{Name: "big", Body: strings.Repeat("x", 101)}}, Limits{MaxFileBytes: 100}, ErrTooBig},
		{"too big in all", []gradetest.Entry{{Name: "a", Body: strings.Repeat("x", 60)}, {Name: "b", Body: strings.Repeat("x", 60)}}, Limits{MaxBytes: 100}, ErrTooBig},
		{"bomb", []gradetest.Entry{{Name: "bomb", Body: strings.Repeat("\x00", 10<<20)}}, Limits{MaxBytes: 1 << 20}, ErrTooBig},
		{"fifo", []gradetest.Entry{{Name: "q3/main.go", Body: "x"}, {Name: "q3/pipe", Type: fs.ModeNamedPipe}}, DefaultLimits, ErrUnsupported},
		{"character device", []gradetest.Entry{{Name: "q3/tty", Type: fs.ModeDevice | fs.ModeCharDevice}}, DefaultLimits, ErrUnsupported},
		{"block device", []gradetest.Entry{{Name: "q3/disk", Type: fs.ModeDevice}}, DefaultLimits, ErrUnsupported},
	}
	for _, a := range archivers {
		for _, tt := range tests {
			t.Run(a.ext+"/"+tt.name, func(t *testing.T) {
				dest, err := unpackEntries(t, a.ext, a.write, tt.entries, tt.lim)
				if !errors.Is(err, tt.want) {
					t.Fatalf("Unpack: got %v, want %v", err, tt.want)
				}
				var ee *EntryError
				if !errors.As(err, &ee) || ee.Submission != "alice"+a.ext {
					t.Errorf("Unpack: got %#v, want an *EntryError naming alice%s", err, a.ext)
				}
				if !strings.HasPrefix(err.Error(), "grade: alice"+a.ext+": ") {
					t.Errorf("error %q does not start with grade: and the archive", err)
				}
				// Nothing may have landed outside dest.
				for _, f := range []string{"evil.go", "../evil.go"} {
					if _, err := os.Stat(filepath.Join(dest, "..", f)); err == nil {
						t.Errorf("%s written outside the target", f)
					}
				}
				listTree(t, dest)
			})
		}
	}
}

// TestUnpackNamesTheKind: an entry of a kind that has no place in a
// submission is refused in plain words, and nothing is made for it.
func TestUnpackNamesTheKind(t *testing.T) {
	for _, a := range archivers {
		t.Run(a.ext, func(t *testing.T) {
			dest, err := unpackEntries(t, a.ext, a.write, []gradetest.Entry{{Name: "q3/pipe", Type: fs.ModeNamedPipe}, {Name: "q3/main.go", Body: "x"}}, DefaultLimits)
			var kind *kindError
			if !errors.As(err, &kind) || err.Error() != "grade: alice"+a.ext+": q3/pipe: a named pipe (fifo): a submission holds only files, folders and links" {
				t.Errorf("Unpack: %v", err)
			}
			if diff := cmp.Diff([]string{"q3/", "q3/main.go"}, listTree(t, dest)); diff != "" {
				t.Errorf("unpacked (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnpackHardLinks(t *testing.T) {
	entries := []gradetest.Entry{
		{Name: "q3/main.go", Body: "package main\n"},
		{Name: "q3/copy.go", Link: "q3/main.go", Hard: true},
	}
	dest, err := unpackEntries(t, ".tar.gz", gradetest.WriteTarGz, entries, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dest, "q3/copy.go")); err != nil || string(b) != "package main\n" {
		t.Errorf("hard link: got %q, %v", b, err)
	}
	_, err = unpackEntries(t, ".tar.gz", gradetest.WriteTarGz, []gradetest.Entry{{Name: "q3/x.go", Link: "../etc/passwd", Hard: true}}, DefaultLimits)
	if !errors.Is(err, ErrLinkOut) {
		t.Errorf("hard link out: got %v, want ErrLinkOut", err)
	}
}

func TestUnpackNotAnArchive(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"alice.zip", "bob.tar.gz"} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("not an archive"), 0o644)
		err := Unpack(p, t.TempDir(), DefaultLimits)
		if err == nil || !strings.Contains(err.Error(), "not a readable") {
			t.Errorf("%s: got %v, want a clear error", name, err)
		}
	}
	if err := Unpack(filepath.Join(dir, "carol.rar"), t.TempDir(), DefaultLimits); !errors.Is(err, ErrUnsupported) {
		t.Errorf("carol.rar: got %v, want ErrUnsupported", err)
	}
}
