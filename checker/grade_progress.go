package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/procbook/procbook/checker/internal/grade"
)

// gradeProgress shows how far grading is: a bar with an estimate of the
// time left on a terminal, nothing elsewhere but the summary at the end.
type gradeProgress struct {
	w       io.Writer
	tty     bool
	last    grade.Progress
	drawn   time.Time
	started bool
}

func newGradeProgress(w io.Writer, tty bool) *gradeProgress {
	return &gradeProgress{w: w, tty: tty}
}

// barWidth is the width of the progress bar, in cells.
const barWidth = 30

// update is grade.Options.Progress: it redraws the bar, at most ten times
// a second, and always for the last exercise.
func (p *gradeProgress) update(pr grade.Progress) {
	p.last = pr
	if !p.tty || pr.Total == 0 {
		return
	}
	if pr.Done < pr.Total && time.Since(p.drawn) < 100*time.Millisecond {
		return
	}
	p.drawn, p.started = time.Now(), true
	filled := barWidth * pr.Done / pr.Total
	eta := "…"
	if graded := pr.Done - pr.Cached; graded > 0 && pr.Done < pr.Total {
		left := time.Duration(float64(pr.Elapsed) / float64(pr.Done) * float64(pr.Total-pr.Done))
		eta = formatETA(left)
	} else if pr.Done == pr.Total {
		eta = "0:00"
	}
	fmt.Fprintf(p.w, "\r\x1b[Kgrading [%s%s] %d/%d exercises of %d students, ETA %s",
		strings.Repeat("=", filled), strings.Repeat(" ", barWidth-filled), pr.Done, pr.Total, pr.Students, eta)
}

// finish ends the bar's line.
func (p *gradeProgress) finish() {
	if p.started {
		fmt.Fprintln(p.w)
	}
}

// summary says in one line what was graded, from the cache or not, and
// how long it took.
func (p *gradeProgress) summary(gb *grade.Gradebook) {
	pr := p.last
	errs := 0
	for _, s := range gb.Students {
		if s.Error != "" {
			errs++
		}
	}
	fmt.Fprintf(p.w, "checker grade: graded %d students (%d exercises, %d from the cache", len(gb.Students), pr.Total, pr.Cached)
	switch {
	case errs == 1:
		fmt.Fprintf(p.w, "; 1 submission could not be graded")
	case errs > 1:
		fmt.Fprintf(p.w, "; %d submissions could not be graded", errs)
	}
	fmt.Fprintf(p.w, ") in %s\n", roundDuration(pr.Elapsed))
}

// formatETA prints d as minutes and seconds: 1:05.
func formatETA(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
