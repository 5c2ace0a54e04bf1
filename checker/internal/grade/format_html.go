package grade

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/procbook/procbook/internal/workbook"
	"github.com/rogpeppe/go-internal/diff"
)

// WriteHTML writes the gradebook as one self-contained HTML page, for an
// instructor to look at: the class summary, a histogram of the totals and
// each exercise's pass rate drawn in inline SVG, the pairs of similar
// submissions if any, and each student's feedback (what failed, the diff,
// the first hints of each exercise, all when hints is negative), reached
// from the summary's table. It loads nothing from the network, says every
// verdict in words as well as in colour, and prints whole.
func WriteHTML(w io.Writer, gb *Gradebook, exercises []workbook.Exercise, hints int) error {
	page := htmlPage{Gradebook: gb, Note: SimilarityNote}
	page.Stats = classStats(gb)
	page.Histogram = histogram(gb)
	page.Rates = passRates(gb, exercises)
	names := exerciseNames(gb, exercises)
	page.Exercises = names
	for i, s := range gb.Students {
		hs := htmlStudent{Student: s, Anchor: anchor(i, s.ID)}
		for _, name := range names {
			cell := htmlCell{Name: name, Status: "missing"}
			if e, ok := s.findExercise(name); ok {
				cell = htmlCell{Name: name, Status: string(e.Status), Score: e.Score, Max: e.MaxScore}
				if e.Status != Pass && s.Error == "" {
					hs.Failed = append(hs.Failed, htmlExercise(*e, exercises, hints))
				}
			}
			hs.Cells = append(hs.Cells, cell)
		}
		page.Students = append(page.Students, hs)
	}
	groups, pairs := GroupPairs(gb.Similar)
	for _, g := range groups {
		hg := htmlGroup{Exercise: g.Exercise, Kind: g.Kind}
		for _, id := range g.Students {
			hg.Students = append(hg.Students, htmlLink{ID: id, Anchor: anchorOf(gb, id)})
		}
		page.Groups = append(page.Groups, hg)
	}
	for _, p := range pairs {
		page.Similar = append(page.Similar, htmlPair{SimilarPair: p, AnchorA: anchorOf(gb, p.A), AnchorB: anchorOf(gb, p.B)})
	}
	return htmlTemplate.Execute(w, page)
}

type htmlPage struct {
	*Gradebook
	Stats     stats
	Histogram template.HTML
	Rates     template.HTML
	Exercises []string
	Students  []htmlStudent
	Groups    []htmlGroup // identical and renamed submissions, a line per group
	Similar   []htmlPair  // similar pairs
	Note      string
}

type htmlGroup struct {
	Exercise, Kind string
	Students       []htmlLink
}

type htmlLink struct{ ID, Anchor string }

type htmlStudent struct {
	Student
	Anchor string
	Cells  []htmlCell
	Failed []htmlFailed
}

type htmlCell struct {
	Name, Status string
	Score, Max   int
}

type htmlPair struct {
	SimilarPair
	AnchorA, AnchorB string
}

// htmlFailed is an exercise that did not pass, as its feedback shows it.
type htmlFailed struct {
	Exercise
	Title     string
	Build     string
	NotRun    bool // nothing ran: the scenarios are only what there was to earn
	Scenarios []htmlScenario
	Hints     []string
}

type htmlScenario struct {
	Scenario
	About  string
	Diff   string
	Points string
}

func htmlExercise(e Exercise, exercises []workbook.Exercise, hints int) htmlFailed {
	f := htmlFailed{Exercise: e, Title: title(exercises, e.Name), Build: truncate(e.BuildOutput, maxBuildOutput)}
	f.NotRun = e.Status == Error && e.Message != ""
	for _, sc := range e.Scenarios {
		if sc.Status == Pass {
			continue
		}
		hs := htmlScenario{Scenario: sc, Points: points(sc.MaxScore)}
		if !sc.Hidden {
			hs.About = about(exercises, e.Name, sc.Name)
			if sc.Expected != "" || sc.Actual != "" {
				d := string(diff.Diff("expected", []byte(withNewline(sc.Expected)), "actual", []byte(withNewline(sc.Actual))))
				if strings.HasPrefix(d, "diff ") {
					_, d, _ = strings.Cut(d, "\n")
				}
				hs.Diff = d
			}
		}
		f.Scenarios = append(f.Scenarios, hs)
	}
	f.Hints = hintsOf(exercises, e.Name)
	if hints >= 0 && hints < len(f.Hints) {
		f.Hints = f.Hints[:hints]
	}
	return f
}

// exerciseNames are the exercises' names in manifest order, and any other
// the gradebook has after them.
func exerciseNames(gb *Gradebook, exercises []workbook.Exercise) []string {
	var names []string
	seen := map[string]bool{}
	for _, ex := range exercises {
		names = append(names, ex.Name)
		seen[ex.Name] = true
	}
	for _, s := range gb.Students {
		for _, e := range s.Exercises {
			if !seen[e.Name] {
				names = append(names, e.Name)
				seen[e.Name] = true
			}
		}
	}
	return names
}

var unsafeAnchor = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// anchor is the id of a student's section: unique by place, readable by id.
func anchor(i int, id string) string {
	return fmt.Sprintf("s%d-%s", i+1, unsafeAnchor.ReplaceAllString(id, "_"))
}

func anchorOf(gb *Gradebook, id string) string {
	for i, s := range gb.Students {
		if s.ID == id {
			return anchor(i, id)
		}
	}
	return ""
}

// stats are the class's figures.
type stats struct {
	Students, Graded, Max int
	Mean, Median          float64
	Min, Top              int
	Late                  int
}

func classStats(gb *Gradebook) stats {
	st := stats{Students: len(gb.Students), Max: classMax(gb)}
	var scores []int
	for _, s := range gb.Students {
		if s.Late != nil && s.Late.Penalty > 0 {
			st.Late++
		}
		if s.Error != "" {
			continue
		}
		scores = append(scores, s.Score)
	}
	st.Graded = len(scores)
	if len(scores) == 0 {
		return st
	}
	sort.Ints(scores)
	sum := 0
	for _, v := range scores {
		sum += v
	}
	st.Mean = math.Round(float64(sum)/float64(len(scores))*10) / 10
	mid := len(scores) / 2
	st.Median = float64(scores[mid])
	if len(scores)%2 == 0 {
		st.Median = float64(scores[mid-1]+scores[mid]) / 2
	}
	st.Min, st.Top = scores[0], scores[len(scores)-1]
	return st
}

// histogram draws the distribution of the totals as an SVG bar chart:
// a bar per range of points, its count written above it.
func histogram(gb *Gradebook) template.HTML {
	top := max(classMax(gb), 1)
	bins := min(top+1, 10)
	width := float64(top+1) / float64(bins)
	counts := make([]int, bins)
	for _, s := range gb.Students {
		b := min(int(float64(s.Score)/width), bins-1)
		counts[b]++
	}
	most := 1
	for _, c := range counts {
		most = max(most, c)
	}
	const w, h, pad, barArea = 640, 240, 36, 160
	bw := float64(w-2*pad) / float64(bins)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="histogram" role="img" aria-labelledby="histogram-title" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">`, w, h, w, h)
	fmt.Fprintf(&b, `<title id="histogram-title">Totals of %d students, out of %d points</title>`, len(gb.Students), classMax(gb))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" class="axis"/>`, pad, pad+barArea, w-pad, pad+barArea)
	for i, c := range counts {
		lo := int(math.Ceil(float64(i) * width))
		hi := int(math.Ceil(float64(i+1)*width)) - 1
		label := fmt.Sprintf("%d–%d", lo, hi)
		if lo >= hi {
			label = fmt.Sprint(lo)
		}
		bh := float64(c) / float64(most) * barArea
		x := float64(pad) + float64(i)*bw
		fmt.Fprintf(&b, `<g class="bin"><title>%s points: %d students</title>`, label, c)
		fmt.Fprintf(&b, `<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>`, x+2, float64(pad+barArea)-bh, bw-4, bh)
		fmt.Fprintf(&b, `<text class="count" x="%.1f" y="%.1f" text-anchor="middle">%d</text>`, x+bw/2, float64(pad+barArea)-bh-4, c)
		fmt.Fprintf(&b, `<text class="label" x="%.1f" y="%d" text-anchor="middle">%s</text></g>`, x+bw/2, pad+barArea+16, label)
	}
	fmt.Fprintf(&b, `<text class="label" x="%d" y="%d" text-anchor="middle">points</text>`, w/2, h-4)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// passRates draws each exercise's pass rate as a horizontal bar, its
// figures written beside it.
func passRates(gb *Gradebook, exercises []workbook.Exercise) template.HTML {
	names := exerciseNames(gb, exercises)
	const w, row, pad, label, barMax = 640, 28, 8, 70, 360
	h := pad*2 + row*len(names)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg id="pass-rates" role="img" aria-labelledby="pass-rates-title" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">`, w, h, w, h)
	b.WriteString(`<title id="pass-rates-title">Share of the students who passed each exercise</title>`)
	for i, name := range names {
		passed, n := 0, 0
		for _, s := range gb.Students {
			if e, ok := s.findExercise(name); ok {
				n++
				if e.Status == Pass {
					passed++
				}
			}
		}
		pct := 0.0
		if n > 0 {
			pct = float64(passed) / float64(n) * 100
		}
		y := pad + i*row
		fmt.Fprintf(&b, `<g class="rate"><title>%s: %d of %d passed</title>`, template.HTMLEscapeString(name), passed, n)
		fmt.Fprintf(&b, `<text class="label" x="0" y="%d">%s</text>`, y+18, template.HTMLEscapeString(name))
		fmt.Fprintf(&b, `<rect class="track" x="%d" y="%d" width="%d" height="%d"/>`, label, y+4, barMax, row-8)
		fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%d" width="%.1f" height="%d"/>`, label, y+4, pct/100*barMax, row-8)
		fmt.Fprintf(&b, `<text class="count" x="%d" y="%d">%.0f%% (%d of %d passed)</text></g>`, label+barMax+8, y+18, pct, passed, n)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"short": func(s string) string { return s[:min(12, len(s))] },
	"pct":   func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"mark": func(status string) string {
		switch status {
		case "pass":
			return "✓ pass"
		case "missing":
			return "— missing"
		}
		return "✗ " + status
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>procbook gradebook</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 62em; padding: 0 1em; color: #111; background: #fff; }
h1, h2, h3 { line-height: 1.2; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #999; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
.pass { background: #e3f4e3; }
.fail, .error, .timeout, .missing { background: #fbe4e4; }
pre { background: #f4f4f4; border: 1px solid #ccc; padding: 0.5em; overflow-x: auto; white-space: pre-wrap; }
details.student { border: 1px solid #999; margin: 0.6em 0; padding: 0.3em 0.8em; }
details.student > summary { cursor: pointer; font-weight: 600; }
svg .bar { fill: #335; }
svg .track { fill: none; stroke: #999; }
svg .axis { stroke: #333; }
svg text { font: 12px system-ui, sans-serif; fill: #111; }
.note { border-left: 4px solid #999; padding-left: 0.8em; }
@media print {
  details.student { break-inside: avoid-page; }
  a { color: inherit; text-decoration: none; }
}
</style>
</head>
<body>
<h1>procbook gradebook</h1>
<section id="summary">
<h2>Class summary</h2>
<p>{{.Stats.Students}} students{{if ne .Stats.Graded .Stats.Students}} ({{.Stats.Graded}} graded, the others could not be){{end}}, out of {{.Stats.Max}} points:
mean {{.Stats.Mean}}, median {{.Stats.Median}}, lowest {{.Stats.Min}}, highest {{.Stats.Top}}.</p>
<p>Graded {{with .GradedAt}}{{.}}{{else}}at an unrecorded time{{end}}{{with .Workbook}} against workbook {{short .}}{{end}}{{with .Shard}}, shard {{.}}{{end}}.
{{- with .Deadline}} Deadline {{.}}{{end}}{{with .LatePolicy}}, late penalty {{.}}{{end}}{{if .Deadline}}: {{.Stats.Late}} submissions penalised.{{end}}</p>
<h3>Distribution of the totals</h3>
{{.Histogram}}
<h3>Pass rate of each exercise</h3>
{{.Rates}}
<h3>Students</h3>
<table id="students">
<thead><tr><th>Student</th>{{range .Exercises}}<th>{{.}}</th>{{end}}<th class="num">Total</th>{{if .Deadline}}<th class="num">Before penalty</th><th>Submitted</th>{{end}}</tr></thead>
<tbody>
{{- $late := .Deadline}}
{{- range .Students}}
<tr><td><a href="#{{.Anchor}}">{{.ID}}</a></td>{{range .Cells}}<td class="{{.Status}}">{{mark .Status}}{{if ne .Status "missing"}} {{.Score}}/{{.Max}}{{end}}</td>{{end}}<td class="num">{{.Score}} / {{.MaxScore}}</td>
{{- if $late}}{{with .Late}}<td class="num">{{.RawScore}}</td><td>{{with .Submitted}}{{.}}{{else}}unknown{{end}}{{with .Late}}, {{.}} late{{end}}{{if .Penalty}}, −{{.Penalty}}%{{end}}</td>{{else}}<td></td><td></td>{{end}}{{end}}</tr>
{{- end}}
</tbody>
</table>
</section>
{{- if or .Groups .Similar}}
<section id="similarity">
<h2>Similar submissions</h2>
<p class="note">{{.Note}}</p>
{{- if .Groups}}
<table>
<thead><tr><th>Exercise</th><th>Kind</th><th>Students whose sources are the same</th></tr></thead>
<tbody>
{{- range .Groups}}
<tr><td>{{.Exercise}}</td><td>{{.Kind}}</td><td>{{len .Students}}: {{range $i, $s := .Students}}{{if $i}}, {{end}}<a href="#{{$s.Anchor}}">{{$s.ID}}</a>{{end}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
{{- if .Similar}}
<table>
<thead><tr><th>Exercise</th><th>Student</th><th>Student</th><th>Kind</th><th class="num">Score</th></tr></thead>
<tbody>
{{- range .Similar}}
<tr><td>{{.Exercise}}</td><td><a href="#{{.AnchorA}}">{{.A}}</a></td><td><a href="#{{.AnchorB}}">{{.B}}</a></td><td>{{.Kind}}</td><td class="num">{{pct .Score}}</td></tr>
{{- end}}
</tbody>
</table>
{{- end}}
</section>
{{- end}}
<section id="feedback">
<h2>Feedback, student by student</h2>
{{- range .Students}}
<details class="student" id="{{.Anchor}}">
<summary>{{.ID}}: {{.Score}} / {{.MaxScore}}</summary>
{{- with .Error}}<p>The submission could not be graded: {{.}}</p>{{end}}
{{- with .Late}}<p>{{.Summary}}</p>{{end}}
{{- if not .Failed}}{{if not .Error}}<p>Every exercise passed.</p>{{end}}{{end}}
{{- range .Failed}}
<h3>{{.Name}} {{.Title}}: {{.Status}}, {{.Score}} / {{.MaxScore}}</h3>
{{- with .Message}}<p>{{.}}</p>{{end}}
{{- with .Build}}<p>What the compiler said:</p><pre>{{.}}</pre>{{end}}
{{- if .NotRun}}<p>Its scenarios could not run.</p>{{end}}
{{- range .Scenarios}}
<h4>{{.Name}} ({{.Status}}, {{.Points}})</h4>
{{- if .Hidden}}<p>A hidden scenario: what it checks is not shown.</p>{{else}}
{{- with .About}}<p>Checks: {{.}}</p>{{end}}
{{- with .Message}}<p>{{.}}</p>{{end}}
{{- with .Reason}}<p>The program: {{.}}.</p>{{end}}
{{- with .Diff}}<pre class="diff">{{.}}</pre>{{end}}
{{- end}}
{{- end}}
{{- with .Hints}}<p>Hints:</p><ol>{{range .}}<li>{{.}}</li>{{end}}</ol>{{end}}
{{- end}}
</details>
{{- end}}
</section>
<script>
// A link to a student opens their section; printing opens every section.
function openTarget() {
  var id = decodeURIComponent(location.hash.slice(1));
  var el = id && document.getElementById(id);
  if (el && el.tagName === "DETAILS") { el.open = true; }
}
window.addEventListener("hashchange", openTarget);
openTarget();
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details").forEach(function (d) { d.open = true; });
});
</script>
</body>
</html>
`))
