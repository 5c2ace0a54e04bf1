package grade

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Lateness is when a submission was made against the class's deadline and
// what being late cost it.
type Lateness struct {
	// Submitted is when the submission was made, RFC 3339, as From says:
	// "git commit" (its last commit's time), "archive" (the archive file's
	// modification time) or "files" (the newest of its exercise files');
	// empty, with From "unknown", when there was nothing to tell.
	Submitted string `json:"submitted,omitempty"`
	From      string `json:"from"`
	// Late is how long after the deadline, as a Go duration; empty when on
	// time.
	Late string `json:"late,omitempty"`
	// Penalty is the percentage taken off, and RawScore the score before.
	Penalty  float64 `json:"penalty"`
	RawScore int     `json:"raw_score"`
}

// Where a submission's time comes from, best first.
const (
	FromGit     = "git commit"
	FromArchive = "archive"
	FromFiles   = "files"
	FromUnknown = "unknown"
)

// Summary says the lateness in one sentence, for feedback and reports.
func (l *Lateness) Summary() string {
	if l.Submitted == "" {
		return "Submission time unknown: no late penalty applied."
	}
	s := fmt.Sprintf("Submitted %s (from its %s)", l.Submitted, l.From)
	if l.Late == "" {
		return s + ", on time."
	}
	d, _ := time.ParseDuration(l.Late)
	s += fmt.Sprintf(", %s late", humanDuration(d))
	if l.Penalty == 0 {
		return s + ": no penalty."
	}
	return s + fmt.Sprintf(": %g%% off, %d points before the penalty.", l.Penalty, l.RawScore)
}

// humanDuration says d in days, hours and minutes.
func humanDuration(d time.Duration) string {
	d = d.Round(time.Minute)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	var parts []string
	if days > 0 {
		parts = append(parts, plural(int(days), "day"))
	}
	if h := int(d / time.Hour); h > 0 {
		parts = append(parts, plural(h, "hour"))
	}
	if m := int(d % time.Hour / time.Minute); m > 0 || len(parts) == 0 {
		parts = append(parts, plural(m, "minute"))
	}
	return strings.Join(parts, " ")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// LatePolicy is how much lateness costs: Rate percent per started Per
// after the deadline (or a flat Rate when Per is zero), never more than
// Max percent, and nothing within Grace of the deadline.
type LatePolicy struct {
	Rate  float64
	Per   time.Duration
	Max   float64
	Grace time.Duration
	rule  string
}

// ErrBadLatePolicy is a --late-penalty that cannot be read.
var ErrBadLatePolicy = errors.New("grade: late penalty must be like 10%/day,max=50%,grace=15m")

var penaltyUnits = map[string]time.Duration{
	"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour, "week": 7 * 24 * time.Hour,
}

// ParseLatePolicy reads a rule such as "10%/day,max=50%,grace=15m": a
// percentage per started minute, hour, day or week late (or a flat
// percentage: "20%"), an optional cap and an optional grace period.
// The empty rule costs nothing.
func ParseLatePolicy(rule string) (LatePolicy, error) {
	p := LatePolicy{Max: 100, rule: rule}
	if strings.TrimSpace(rule) == "" {
		return p, nil
	}
	bad := func(why string) (LatePolicy, error) {
		return LatePolicy{}, fmt.Errorf("%w: %q: %s", ErrBadLatePolicy, rule, why)
	}
	for i, part := range strings.Split(rule, ",") {
		part = strings.TrimSpace(part)
		switch key, val, isKV := strings.Cut(part, "="); {
		case isKV && key == "max":
			m, ok := percent(val)
			if !ok {
				return bad("max must be a percentage")
			}
			p.Max = m
		case isKV && key == "grace":
			g, err := time.ParseDuration(val)
			if err != nil || g < 0 {
				return bad("grace must be a duration such as 15m or 2h")
			}
			p.Grace = g
		case !isKV && i == 0:
			pct, unit, perUnit := strings.Cut(part, "/")
			r, ok := percent(pct)
			if !ok {
				return bad("the rate must be a percentage")
			}
			p.Rate = r
			if perUnit {
				u, ok := penaltyUnits[strings.TrimSuffix(unit, "s")]
				if !ok {
					return bad("the rate is per minute, hour, day or week")
				}
				p.Per = u
			}
		default:
			return bad(fmt.Sprintf("%q is neither the rate (first), max= nor grace=", part))
		}
	}
	return p, nil
}

// percent reads "10%" as 10, between 0 and 100.
func percent(s string) (float64, bool) {
	v, ok := strings.CutSuffix(strings.TrimSpace(s), "%")
	f, err := strconv.ParseFloat(v, 64)
	return f, ok && err == nil && f >= 0 && f <= 100
}

// String returns the rule the policy was read from.
func (p LatePolicy) String() string { return p.rule }

// Penalty returns the percentage taken off a submission late by late.
func (p LatePolicy) Penalty(late time.Duration) float64 {
	if late <= p.Grace || late <= 0 {
		return 0
	}
	pct := p.Rate
	if p.Per > 0 {
		units := math.Ceil(float64(late) / float64(p.Per))
		pct = p.Rate * units
	}
	return min(pct, p.Max)
}

// ApplyLateness states in the gradebook each student's submission time
// (from times, by id) against the deadline, and takes the penalty off the
// score: Score becomes round(RawScore × (100 − penalty) / 100).
func ApplyLateness(gb *Gradebook, times map[string]SubmissionTime, deadline time.Time, p LatePolicy) {
	gb.Deadline = deadline.UTC().Format(time.RFC3339)
	gb.LatePolicy = p.String()
	for i := range gb.Students {
		s := &gb.Students[i]
		l := &Lateness{From: FromUnknown, RawScore: s.Score}
		if t, ok := times[s.ID]; ok && !t.Time.IsZero() {
			l.Submitted = t.Time.UTC().Format(time.RFC3339)
			l.From = t.From
			if late := t.Time.Sub(deadline); late > 0 {
				l.Late = late.Round(time.Second).String()
				l.Penalty = p.Penalty(late)
			}
		}
		s.Late = l
		s.Score = int(math.Round(float64(l.RawScore) * (100 - l.Penalty) / 100))
	}
}

// SubmissionTime is when a submission was made, and how that is known.
type SubmissionTime struct {
	Time time.Time
	From string
}

// SubmissionTimes collects the submissions' times while a class is
// graded: give its Inspect to Options.Inspect. It is safe for concurrent
// use.
type SubmissionTimes struct {
	mu    sync.Mutex
	times map[string]SubmissionTime
}

// Inspect records the time of one submission: its last git commit's, else
// its archive's, else the newest of its exercise files'.
func (st *SubmissionTimes) Inspect(in Inspected) {
	t := submissionTime(in)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.times == nil {
		st.times = map[string]SubmissionTime{}
	}
	st.times[in.Submission.ID] = t
}

// Times returns the times recorded, by student id.
func (st *SubmissionTimes) Times() map[string]SubmissionTime {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.times
}

// submissionTime finds one submission's time.
func submissionTime(in Inspected) SubmissionTime {
	// The repository is at the submission's root, or at the root of the
	// workbook copy inside it (whose exercises folder was found).
	for _, dir := range []string{in.Root, filepath.Dir(in.ExercisesDir)} {
		if t, err := lastCommitTime(filepath.Join(dir, ".git")); err == nil {
			return SubmissionTime{Time: t, From: FromGit}
		}
	}
	if in.Submission.Kind != kindDir {
		if fi, err := os.Stat(in.Submission.Path); err == nil {
			return SubmissionTime{Time: fi.ModTime(), From: FromArchive}
		}
	}
	var newest time.Time
	for _, name := range in.Found {
		filepath.WalkDir(filepath.Join(in.ExercisesDir, name), func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil
			}
			if fi, err := d.Info(); err == nil && fi.ModTime().After(newest) {
				newest = fi.ModTime()
			}
			return nil
		})
	}
	if newest.IsZero() {
		return SubmissionTime{From: FromUnknown}
	}
	return SubmissionTime{Time: newest, From: FromFiles}
}
