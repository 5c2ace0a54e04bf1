package grade

import (
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseLatePolicy(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		rule string
		late time.Duration
		want float64
	}{
		{"10%/day,max=50%", time.Minute, 10},
		{"10%/day,max=50%", day, 10},
		{"10%/day,max=50%", day + time.Second, 20},
		{"10%/day,max=50%", 30 * day, 50},
		{"10%/day,max=50%,grace=15m", 15 * time.Minute, 0},
		{"10%/day,max=50%,grace=15m", 16 * time.Minute, 10},
		{"2.5%/hours", 90 * time.Minute, 5},
		{"20%", 3 * day, 20},
		{"100%", time.Second, 100},
		{"", 3 * day, 0},
		{"10%/week", 8 * day, 20},
		{"10%/day", 0, 0},
	} {
		p, err := ParseLatePolicy(tc.rule)
		if err != nil {
			t.Errorf("%q: %v", tc.rule, err)
			continue
		}
		if got := p.Penalty(tc.late); got != tc.want {
			t.Errorf("%q late by %v: %g%%, want %g%%", tc.rule, tc.late, got, tc.want)
		}
	}
	for _, bad := range []string{"10", "10%/fortnight", "max=50%,10%/day", "10%/day,max=150%", "10%/day,grace=soon", "-5%/day", "10%/day,bonus=1"} {
		if _, err := ParseLatePolicy(bad); err == nil || !strings.Contains(err.Error(), "late penalty must be like") {
			t.Errorf("%q: got %v, want a clear error", bad, err)
		}
	}
}

func TestApplyLateness(t *testing.T) {
	gb := lateGradebook() // bob is 30 hours late at 10%/day: 20% off 3 points
	byID := map[string]*Student{}
	for i := range gb.Students {
		byID[gb.Students[i].ID] = &gb.Students[i]
	}
	if a := byID["alice"]; a.Score != 6 || a.Late.Late != "" || a.Late.Penalty != 0 || a.Late.From != FromGit {
		t.Errorf("alice, on time: %d, %+v", a.Score, *a.Late)
	}
	if b := byID["bob"]; b.Score != 2 || b.Late.RawScore != 3 || b.Late.Penalty != 20 || b.Late.Late != "30h0m0s" {
		t.Errorf("bob, 30 hours late: %d, %+v", b.Score, *b.Late)
	}
	if c := byID["carol"]; c.Late.From != FromUnknown || c.Late.Submitted != "" || c.Late.Penalty != 0 {
		t.Errorf("carol, no time known: %+v", *c.Late)
	}
	if gb.Deadline != "2026-11-20T23:59:00Z" || gb.LatePolicy != "10%/day,max=50%,grace=15m" {
		t.Errorf("the gradebook's deadline %q, policy %q", gb.Deadline, gb.LatePolicy)
	}
	for id, want := range map[string]string{
		"alice": "Submitted 2026-11-20T22:59:00Z (from its git commit), on time.",
		"bob":   "Submitted 2026-11-22T05:59:00Z (from its archive), 1 day 6 hours late: 20% off, 3 points before the penalty.",
		"carol": "Submission time unknown: no late penalty applied.",
	} {
		if got := byID[id].Late.Summary(); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
}

func TestSubmissionTime(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"alice/exercises/q6/main.go": "package main\n", "bob.zip": "zip"})
	when := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	os.Chtimes(filepath.Join(dir, "alice/exercises/q6/main.go"), when, when)
	os.Chtimes(filepath.Join(dir, "bob.zip"), when.Add(time.Hour), when.Add(time.Hour))
	got := submissionTime(Inspected{
		Submission: Submission{ID: "alice", Path: filepath.Join(dir, "alice"), Kind: kindDir},
		Root:       filepath.Join(dir, "alice"), ExercisesDir: filepath.Join(dir, "alice/exercises"), Found: []string{"q6"},
	})
	if got.From != FromFiles || !got.Time.Equal(when) {
		t.Errorf("a folder without git: %+v, want the file's time", got)
	}
	got = submissionTime(Inspected{
		Submission: Submission{ID: "bob", Path: filepath.Join(dir, "bob.zip"), Kind: kindZip},
		Root:       t.TempDir(), ExercisesDir: filepath.Join(dir, "x"),
	})
	if got.From != FromArchive || !got.Time.Equal(when.Add(time.Hour)) {
		t.Errorf("an archive without git: %+v, want the archive's time", got)
	}
}

// TestLastCommitTime reads a real repository's last commit, loose and
// then packed by git gc, and every object of a packed repository whose
// blobs are stored as deltas, against what git itself says.
func TestLastCommitTime(t *testing.T) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		missingTool(t, "git is not installed")
	}
	repo := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gitPath, args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@example.com", "GIT_COMMITTER_NAME=a", "GIT_COMMITTER_EMAIL=a@example.com",
			"GIT_AUTHOR_DATE=2026-11-01T09:00:00+01:00", "GIT_COMMITTER_DATE=2026-11-03T18:30:00+01:00")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	git("init", "-q", "-b", "main")
	big := strings.Repeat("a line of the program that stays the same\n", 200)
	for i := range 3 {
		os.WriteFile(filepath.Join(repo, "main.go"), []byte(big+strings.Repeat("x", i+1)+"\n"), 0o644)
		git("add", "main.go")
		git("commit", "-q", "-m", "step")
	}
	want := time.Date(2026, 11, 3, 17, 30, 0, 0, time.UTC)
	check := func(how string) {
		got, err := lastCommitTime(filepath.Join(repo, ".git"))
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: %v, %v; want %v", how, got, err, want)
		}
	}
	check("loose objects")
	git("gc", "-q", "--aggressive")
	if _, err := os.Stat(filepath.Join(repo, ".git", "refs", "heads", "main")); err == nil {
		t.Log("git gc left the ref loose")
	}
	check("packed objects and refs")
	for _, line := range strings.Split(strings.TrimSpace(git("rev-list", "--objects", "--all")), "\n") {
		id, _, _ := strings.Cut(line, " ")
		raw, _ := hex.DecodeString(id)
		typ, body, err := readObject(filepath.Join(repo, ".git"), raw, 0)
		if err != nil {
			t.Errorf("object %s: %v", id, err)
			continue
		}
		if wantType := strings.TrimSpace(git("cat-file", "-t", id)); typ != wantType || string(body) != git("cat-file", typ, id) {
			t.Errorf("object %s: read a %s of %d bytes, git says a %s", id, typ, len(body), wantType)
		}
	}
	if _, err := lastCommitTime(filepath.Join(t.TempDir(), ".git")); err == nil {
		t.Error("a folder with no repository gave a time")
	}
}
