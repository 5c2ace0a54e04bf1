package state

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/procbook/procbook/internal/scenario"
)

func TestStore(t *testing.T) {
	root := t.TempDir()
	s, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir != filepath.Join(root, DirName) {
		t.Fatalf("Dir = %s, want the workbook's %s", s.Dir, DirName)
	}

	if rec := s.LoadResult("q3"); rec != nil {
		t.Fatalf("LoadResult before any save = %+v, want nil", rec)
	}
	rec := Record{Exercise: "q3", Fingerprint: "abc", When: time.Now().UTC(),
		Result: &scenario.Result{Exercise: "q3", Status: scenario.Fail}}
	if err := s.SaveResult(rec); err != nil {
		t.Fatal(err)
	}
	got := s.LoadResult("q3")
	if got == nil || got.Fingerprint != "abc" || got.Result.Status != scenario.Fail {
		t.Fatalf("LoadResult = %+v, want the saved record", got)
	}
	if err := s.ForgetResult("q3"); err != nil || s.LoadResult("q3") != nil {
		t.Fatalf("ForgetResult: err %v, record still there: %v", err, s.LoadResult("q3") != nil)
	}

	if n := s.HintsShown("q1"); n != 0 {
		t.Fatalf("HintsShown = %d before any, want 0", n)
	}
	if err := s.SetHintsShown("q1", 2); err != nil {
		t.Fatal(err)
	}
	if err := s.SetHintsShown("q2", 1); err != nil {
		t.Fatal(err)
	}
	if a, b := s.HintsShown("q1"), s.HintsShown("q2"); a != 2 || b != 1 {
		t.Fatalf("HintsShown = %d, %d; want 2, 1", a, b)
	}

	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	files := map[string][]byte{"main.go": []byte("package main\n"), "sub/x.txt": []byte("x")}
	d1, err := s.Backup("q3", files, now)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := s.Backup("q3", files, now)
	if err != nil {
		t.Fatal(err)
	}
	if d1 == d2 {
		t.Fatalf("two backups at the same second share %s", d1)
	}
	data, err := os.ReadFile(filepath.Join(d2, "sub", "x.txt"))
	if err != nil || string(data) != "x" {
		t.Fatalf("backup content: %q, %v", data, err)
	}
}

func TestOpenFallsBackToCache(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write a read-only folder")
	}
	root := t.TempDir()
	if err := os.Chmod(root, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(root, 0o755)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	s, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(s.Dir) == root {
		t.Fatalf("Dir = %s in a read-only workbook", s.Dir)
	}
}

func TestBackupsAndCurrent(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if dirs, err := s.Backups("q1"); err != nil || len(dirs) != 0 {
		t.Fatalf("Backups before any = %q, %v; want none", dirs, err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var made []string
	for _, when := range []time.Time{at, at, at.Add(time.Hour)} {
		dir, err := s.Backup("q1", map[string][]byte{"main.go": []byte("package main")}, when)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, dir)
	}
	if _, err := s.Backup("q10", map[string][]byte{"main.go": nil}, at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	dirs, err := s.Backups("q1")
	if err != nil || len(dirs) != 3 || dirs[0] != made[0] || dirs[1] != made[1] || dirs[2] != made[2] {
		t.Fatalf("Backups = %q, %v; want %q, oldest first and no q10", dirs, err, made)
	}

	if c := s.Current(); c != "" {
		t.Fatalf("Current before a choice = %q", c)
	}
	if err := s.SetCurrent("q4"); err != nil || s.Current() != "q4" {
		t.Fatalf("SetCurrent(q4): %v, Current = %q", err, s.Current())
	}
	if err := s.SetCurrent(""); err != nil || s.Current() != "" {
		t.Fatalf("SetCurrent(\"\"): %v, Current = %q", err, s.Current())
	}
}
