package main

import (
	"path/filepath"
	"slices"
	"testing"
)

func TestDecodeKeys(t *testing.T) {
	keys, rest := decodeKeys([]byte("jk\x1b[A\x1b[B\r\x7f\x03é\x1b[1;5C/"))
	want := []key{'j', 'k', keyUp, keyDown, keyEnter, keyBack, keyCtrlC, 'é', '/'}
	if !slices.Equal(keys, want) || len(rest) != 0 {
		t.Fatalf("decodeKeys = %v, rest %q; want %v", keys, rest, want)
	}
	// A sequence cut between two reads waits for the rest.
	keys, rest = decodeKeys([]byte("q\x1b["))
	if !slices.Equal(keys, []key{'q'}) || string(rest) != "\x1b[" {
		t.Fatalf("a cut sequence: %v, rest %q", keys, rest)
	}
	if keys, _ := decodeKeys(append(rest, 'A')); !slices.Equal(keys, []key{keyUp}) {
		t.Fatalf("the sequence completed: %v", keys)
	}
	if keys, _ := decodeKeys([]byte("\x1b")); !slices.Equal(keys, []key{keyEscape}) {
		t.Fatalf("Escape alone: %v", keys)
	}
}

// TestChangesByExercise: watch re-checks the exercise it is on only when
// one of that exercise's files changed.
func TestChangesByExercise(t *testing.T) {
	dir := filepath.Join("/w", "exercises")
	for p, want := range map[string]string{
		filepath.Join(dir, "q3", "square.go"):       "q3",
		filepath.Join(dir, "q10", "sub", "a.go"):    "q10",
		filepath.Join(dir, "q3"):                    "q3",
		filepath.Join("/w", "solutions", "q3", "x"): "",
	} {
		if got := exerciseOf(dir, p); got != want {
			t.Errorf("exerciseOf(%s) = %q, want %q", p, got, want)
		}
	}
	s := newChangeSet()
	s.add("q2")
	s.add("q5")
	<-s.C()
	if got := s.take(); !got["q2"] || !got["q5"] || got["q3"] || len(s.take()) != 0 {
		t.Fatalf("take = %v, then not empty", got)
	}
}
