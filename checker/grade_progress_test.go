package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/checker/internal/grade"
)

func TestGradeProgressOnATerminal(t *testing.T) {
	var b bytes.Buffer
	p := newGradeProgress(&b, true)
	p.update(grade.Progress{Total: 12, Students: 2})
	p.drawn = time.Time{} // draw the next one at once
	p.update(grade.Progress{Done: 3, Total: 12, Students: 2, Elapsed: 30 * time.Second})
	if !strings.Contains(b.String(), "\r\x1b[Kgrading [=======                       ] 3/12 exercises of 2 students, ETA 1:30") {
		t.Errorf("bar after 3 of 12 in 30s:\n%q", b.String())
	}
	b.Reset()
	p.update(grade.Progress{Done: 4, Total: 12, Students: 2, Elapsed: 31 * time.Second})
	if b.Len() != 0 {
		t.Errorf("redrawn within 100ms: %q", b.String())
	}
	p.update(grade.Progress{Done: 12, Total: 12, Cached: 2, Students: 2, Elapsed: 40 * time.Second})
	if !strings.Contains(b.String(), "12/12 exercises of 2 students, ETA 0:00") {
		t.Errorf("the last exercise is always drawn: %q", b.String())
	}
	b.Reset()
	p.finish()
	p.summary(&grade.Gradebook{Students: []grade.Student{{ID: "a"}, {ID: "b", Error: "bad"}}})
	if got, want := b.String(), "\nchecker grade: graded 2 students (12 exercises, 2 from the cache; 1 submission could not be graded) in 40s\n"; got != want {
		t.Errorf("finish and summary: %q", got)
	}
}

func TestGradeProgressElsewhere(t *testing.T) {
	var b bytes.Buffer
	p := newGradeProgress(&b, false)
	p.update(grade.Progress{Done: 1, Total: 2, Students: 1, Elapsed: time.Second})
	p.update(grade.Progress{Done: 2, Total: 2, Students: 1, Elapsed: 2 * time.Second})
	p.finish()
	if b.Len() != 0 {
		t.Errorf("a bar off a terminal: %q", b.String())
	}
}
