package workbook

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// root is the workbook's root, two folders up from this package.
var root = filepath.Join("..", "..")

func TestManifestNames(t *testing.T) {
	want := make([]string, len(All))
	for i := range All {
		want[i] = fmt.Sprintf("q%d", i+1)
	}
	if got := Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want the sheet's order %v", got, want)
	}
}

func TestManifestEntries(t *testing.T) {
	scenarioName := regexp.MustCompile(`^q\d+_[a-z0-9_]+$`)
	for _, ex := range All {
		if strings.TrimSpace(ex.Title) == "" || strings.TrimSpace(ex.Question) == "" {
			t.Errorf("%s: no Title or no Question", ex.Name)
		}
		if ex.Chapter != "docs/"+ex.Name+".md" {
			t.Errorf("%s: Chapter %q, want docs/%s.md", ex.Name, ex.Chapter, ex.Name)
		}
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(ex.Chapter))); err != nil {
			t.Errorf("%s: the chapter: %v", ex.Name, err)
		}
		for _, dir := range []string{"exercises", "solutions"} {
			if _, err := os.Stat(filepath.Join(root, dir, ex.Name)); err != nil {
				t.Errorf("%s: %v", ex.Name, err)
			}
			_, err := os.Stat(filepath.Join(root, dir, ex.Name, "quiz.md"))
			if ex.Quiz && err != nil {
				t.Errorf("%s has a quiz, and %s/%s/quiz.md: %v", ex.Name, dir, ex.Name, err)
			}
			if !ex.Quiz && err == nil {
				t.Errorf("%s has no quiz in the manifest, yet %s/%s/quiz.md exists", ex.Name, dir, ex.Name)
			}
		}
		if len(ex.Hints) == 0 {
			t.Errorf("%s: no hints", ex.Name)
		}
		for i, h := range ex.Hints {
			if strings.TrimSpace(h) == "" {
				t.Errorf("%s: hint %d is empty", ex.Name, i+1)
			}
		}
		for _, s := range ex.Scenarios {
			if !scenarioName.MatchString(s.Name) || !strings.HasPrefix(s.Name, ex.Name+"_") {
				t.Errorf("%s: scenario name %q is not %s_<what>", ex.Name, s.Name, ex.Name)
			}
		}
	}
}

func TestPoints(t *testing.T) {
	ex := Exercise{Scenarios: []Scenario{{Points: 2}, {Points: 3}, {Points: 0}}}
	if got := ex.Points(); got != 5 {
		t.Errorf("Points() = %d, want 5", got)
	}
	if got := (Exercise{}).Points(); got != 0 {
		t.Errorf("Points() of no scenarios = %d", got)
	}
}

func TestLookup(t *testing.T) {
	for _, ex := range All {
		got, ok := Lookup(ex.Name)
		if !ok || got.Name != ex.Name || got.Title != ex.Title {
			t.Errorf("Lookup(%q) = %q, %v", ex.Name, got.Name, ok)
		}
	}
	if _, ok := Lookup("q0"); ok {
		t.Error("Lookup(q0) found an exercise")
	}
	if _, ok := Lookup(""); ok {
		t.Error(`Lookup("") found an exercise`)
	}
}
