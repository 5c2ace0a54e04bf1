package scenario

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/procbook/procbook/process"
)

// traceUsage is the usage of each trace subcommand, given with a mistake
// in its arguments.
var traceUsage = map[string]string{
	"count":      "trace count EVENT [FIELD=VALUE ...] OP N",
	"distinct":   "trace distinct FIELD EVENT [FIELD=VALUE ...] OP N",
	"pids":       "trace pids FILE REGEXP [N]",
	"concurrent": "trace concurrent [FIELD=VALUE ...] OP N",
	"unjoined":   "trace unjoined [FIELD=VALUE ...] OP N",
	"written":    "trace written [FIELD=VALUE ...] OP N",
	"raced":      "trace raced [FIELD=VALUE ...] OP N",
}

// traceSubcommands lists the subcommands, in the order the usage gives
// them.
var traceSubcommands = []string{"count", "distinct", "pids", "concurrent", "unjoined", "written", "raced"}

// traceCheck is one parsed trace command, ready to be held against the
// trace of a run.
type traceCheck interface {
	// check returns nil when the trace bears the claim out, or the fact
	// that contradicts it. main is the program's pid; read reads a file
	// the command names (stdout, stderr or a file in $WORK).
	check(events []process.TraceEvent, main int, read func(string) (string, error)) error
}

// parseTrace parses the arguments of the trace command (without "trace").
func parseTrace(args []string) (traceCheck, error) {
	if len(args) == 0 || traceUsage[args[0]] == "" {
		what := "missing subcommand"
		if len(args) > 0 {
			what = fmt.Sprintf("unknown subcommand %q", args[0])
		}
		return nil, fmt.Errorf("trace: %s (subcommands: %s)", what, strings.Join(traceSubcommands, ", "))
	}
	var (
		c   traceCheck
		err error
	)
	switch args[0] {
	case "count":
		c, err = parseTraceCount(args[1:])
	case "distinct":
		c, err = parseTraceDistinct(args[1:])
	case "pids":
		c, err = parseTracePids(args[1:])
	case "concurrent":
		c, err = parseTraceConcurrent(args[1:])
	case "unjoined":
		var q traceConcurrent
		q, err = parseTraceConcurrent(args[1:])
		c = traceUnjoined(q)
	case "written":
		var q traceConcurrent
		q, err = parseTraceConcurrent(args[1:])
		c = traceWritten(q)
	case "raced":
		var q traceConcurrent
		q, err = parseTraceConcurrent(args[1:])
		c = traceRaced(q)
	}
	if err != nil {
		return nil, fmt.Errorf("trace %s: %v\nusage: %s", args[0], err, traceUsage[args[0]])
	}
	return c, nil
}

// splitComparison takes OP N off the end of args.
func splitComparison(args []string) ([]string, comparison, error) {
	if len(args) < 2 || !slices.Contains(comparisonOps, args[len(args)-2]) {
		return nil, comparison{}, fmt.Errorf("missing OP N at the end (OP is one of %s)", strings.Join(comparisonOps, " "))
	}
	c, err := parseComparison(args[len(args)-2], args[len(args)-1])
	if err != nil {
		return nil, comparison{}, err
	}
	return args[:len(args)-2], c, nil
}

// traceCount is `trace count EVENT [FIELD=VALUE ...] OP N`.
type traceCount struct {
	Kind    string
	Filters []filter
	Cmp     comparison
}

func parseTraceCount(args []string) (traceCount, error) {
	rest, cmp, err := splitComparison(args)
	if err != nil {
		return traceCount{}, err
	}
	if len(rest) == 0 {
		return traceCount{}, errors.New("missing EVENT")
	}
	if err := parseKind(rest[0]); err != nil {
		return traceCount{}, err
	}
	filters, err := parseFilters(rest[1:])
	if err != nil {
		return traceCount{}, err
	}
	return traceCount{Kind: rest[0], Filters: filters, Cmp: cmp}, nil
}

func (q traceCount) check(events []process.TraceEvent, main int, _ func(string) (string, error)) error {
	n := 0
	for _, e := range events {
		if matches(e, q.Kind, q.Filters, main) {
			n++
		}
	}
	if q.Cmp.holds(n) {
		return nil
	}
	return &checkFailure{n, fmt.Sprintf("trace count: want %s %s events%s, found %d", q.Cmp.want(), q.Kind, withFilters(q.Filters), n)}
}

// traceDistinct is `trace distinct FIELD EVENT [FIELD=VALUE ...] OP N`.
type traceDistinct struct {
	Field   string
	Kind    string
	Filters []filter
	Cmp     comparison
}

func parseTraceDistinct(args []string) (traceDistinct, error) {
	rest, cmp, err := splitComparison(args)
	if err != nil {
		return traceDistinct{}, err
	}
	if len(rest) < 2 {
		return traceDistinct{}, errors.New("missing FIELD or EVENT")
	}
	if !slices.Contains(eventFields, rest[0]) {
		return traceDistinct{}, fmt.Errorf("unknown field %q (fields: %s)", rest[0], strings.Join(eventFields, ", "))
	}
	if err := parseKind(rest[1]); err != nil {
		return traceDistinct{}, err
	}
	filters, err := parseFilters(rest[2:])
	if err != nil {
		return traceDistinct{}, err
	}
	return traceDistinct{Field: rest[0], Kind: rest[1], Filters: filters, Cmp: cmp}, nil
}

func (q traceDistinct) check(events []process.TraceEvent, main int, _ func(string) (string, error)) error {
	seen := map[string]bool{}
	for _, e := range events {
		if !matches(e, q.Kind, q.Filters, main) {
			continue
		}
		if v, ok := fieldValue(e, q.Field); ok {
			seen[v] = true
		}
	}
	if q.Cmp.holds(len(seen)) {
		return nil
	}
	return &checkFailure{len(seen), fmt.Sprintf("trace distinct: want %s distinct %s among %s events%s, found %d%s",
		q.Cmp.want(), q.Field, q.Kind, withFilters(q.Filters), len(seen), listValues(seen))}
}

// listValues lists a few of the values found, for the learner to see.
func listValues(seen map[string]bool) string {
	if len(seen) == 0 {
		return ""
	}
	vals := make([]string, 0, len(seen))
	for v := range seen {
		vals = append(vals, v)
	}
	slices.SortFunc(vals, func(a, b string) int {
		x, errA := strconv.Atoi(a)
		y, errB := strconv.Atoi(b)
		if errA == nil && errB == nil {
			return x - y
		}
		return strings.Compare(a, b)
	})
	const most = 12
	if len(vals) > most {
		vals = append(vals[:most], "…")
	}
	return " (" + strings.Join(vals, ", ") + ")"
}

// tracePids is `trace pids FILE REGEXP [N]`.
type tracePids struct {
	File    string
	Pattern *regexp.Regexp
	Max     int // 0: no bound
}

func parseTracePids(args []string) (tracePids, error) {
	if len(args) != 2 && len(args) != 3 {
		return tracePids{}, errors.New("want FILE REGEXP [N]")
	}
	re, err := regexp.Compile(args[1])
	if err != nil {
		return tracePids{}, fmt.Errorf("bad REGEXP: %v", err)
	}
	if re.NumSubexp() < 1 {
		return tracePids{}, fmt.Errorf("REGEXP %#q has no group (…) around the pid", args[1])
	}
	q := tracePids{File: args[0], Pattern: re}
	if len(args) == 3 {
		n, err := strconv.Atoi(args[2])
		if err != nil || n < 1 {
			return tracePids{}, fmt.Errorf("%q is not a count", args[2])
		}
		q.Max = n
	}
	return q, nil
}

func (q tracePids) check(events []process.TraceEvent, main int, read func(string) (string, error)) error {
	text, err := read(q.File)
	if err != nil {
		return fmt.Errorf("trace pids: %v", err)
	}
	children := map[int]bool{}
	for _, e := range events {
		if e.Event == "start" && e.PPid == main {
			children[e.Pid] = true
		}
	}
	found := q.Pattern.FindAllStringSubmatch(text, -1)
	if len(found) == 0 {
		return fmt.Errorf("trace pids: nothing in %s matches %#q", q.File, q.Pattern)
	}
	distinct := map[string]bool{}
	for _, m := range found {
		pid, err := strconv.Atoi(m[1])
		switch {
		case err != nil:
			return fmt.Errorf("trace pids: %q in %s is not a pid", m[1], q.File)
		case pid == main:
			return fmt.Errorf("trace pids: %d in %s is the program's own pid, not a process it started", pid, q.File)
		case !children[pid]:
			return fmt.Errorf("trace pids: %d in %s is not the pid of a process the program started", pid, q.File)
		}
		distinct[m[1]] = true
	}
	if q.Max > 0 && len(distinct) > q.Max {
		return fmt.Errorf("trace pids: want at most %d distinct pids in %s, found %d%s", q.Max, q.File, len(distinct), listValues(distinct))
	}
	return nil
}

// traceConcurrent is `trace concurrent [FIELD=VALUE ...] OP N`.
type traceConcurrent struct {
	Filters []filter
	Cmp     comparison
}

func parseTraceConcurrent(args []string) (traceConcurrent, error) {
	rest, cmp, err := splitComparison(args)
	if err != nil {
		return traceConcurrent{}, err
	}
	filters, err := parseFilters(rest)
	if err != nil {
		return traceConcurrent{}, err
	}
	return traceConcurrent{Filters: filters, Cmp: cmp}, nil
}

func (q traceConcurrent) check(events []process.TraceEvent, main int, _ func(string) (string, error)) error {
	n := mostAlive(events, q.Filters, main)
	if q.Cmp.holds(n) {
		return nil
	}
	what := ""
	if len(q.Filters) > 0 {
		what = " (" + strings.TrimPrefix(withFilters(q.Filters), " with ") + ")"
	}
	return &checkFailure{n, fmt.Sprintf("trace concurrent: want %s children of the program alive at once%s, found %d", q.Cmp.want(), what, n)}
}

// traceUnjoined is `trace unjoined [FIELD=VALUE ...] OP N`: like
// concurrent, but a child counts from its start until the program calls
// Join on it (or, never joined, until its exit). It tells a program that
// starts its children together from one that joins each before starting
// the next however briefly the children live, where concurrent needs
// children that live long enough to be seen together.
type traceUnjoined traceConcurrent

func (q traceUnjoined) check(events []process.TraceEvent, main int, _ func(string) (string, error)) error {
	n := mostUnjoined(events, q.Filters, main)
	if q.Cmp.holds(n) {
		return nil
	}
	what := ""
	if len(q.Filters) > 0 {
		what = " (" + strings.TrimPrefix(withFilters(q.Filters), " with ") + ")"
	}
	return &checkFailure{n, fmt.Sprintf("trace unjoined: want %s children of the program started and not yet joined at once%s, found %d", q.Cmp.want(), what, n)}
}

// mostUnjoined returns the largest number of the program's children
// (matching filters) started and not yet joined at the same time. A child
// counts from its start event to the program's first join event for it,
// else to its exit event, else to the end of the trace. A join at the very
// instant of another start is taken first.
func mostUnjoined(events []process.TraceEvent, filters []filter, main int) int {
	ends := map[int]time.Time{}
	for _, e := range events {
		if e.PPid != main {
			continue
		}
		switch e.Event {
		case "join":
			if _, ok := ends[e.Pid]; !ok {
				ends[e.Pid] = e.Time
			}
		}
	}
	for _, e := range events {
		if e.Event == "exit" && e.PPid == main {
			if _, ok := ends[e.Pid]; !ok {
				ends[e.Pid] = e.Time
			}
		}
	}
	type edge struct {
		at    time.Time
		delta int
	}
	var edges []edge
	for _, e := range events {
		if e.Event == "start" && e.PPid == main && matches(e, "start", filters, main) {
			edges = append(edges, edge{e.Time, +1})
			if end, ok := ends[e.Pid]; ok {
				edges = append(edges, edge{end, -1})
			}
		}
	}
	slices.SortStableFunc(edges, func(a, b edge) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.delta - b.delta
	})
	alive, most := 0, 0
	for _, e := range edges {
		alive += e.delta
		most = max(most, alive)
	}
	return most
}

// traceWritten is `trace written [FIELD=VALUE ...] OP N`: the number of
// elements of shared memory whose last traced write (the latest shared_set
// event naming it) matches the filters. `trace written ppid=main == 10`
// says that ten elements were last written by children of the program:
// the program did not overwrite their work, nor do it in their place.
type traceWritten traceConcurrent

func (q traceWritten) check(events []process.TraceEvent, main int, _ func(string) (string, error)) error {
	type element struct {
		object uint64
		index  int
	}
	last := map[element]process.TraceEvent{}
	for _, e := range events {
		if e.Event != "shared_set" || e.Index == nil {
			continue
		}
		k := element{e.Object, *e.Index}
		if prev, ok := last[k]; !ok || !e.Time.Before(prev.Time) {
			last[k] = e
		}
	}
	n := 0
	for _, e := range last {
		if matches(e, "shared_set", q.Filters, main) {
			n++
		}
	}
	if q.Cmp.holds(n) {
		return nil
	}
	return &checkFailure{n, fmt.Sprintf("trace written: want %s elements of shared memory last written%s, found %d", q.Cmp.want(), withFilters(q.Filters), n)}
}

// traceRaced is `trace raced [FIELD=VALUE ...] OP N`: the number of
// elements of shared memory that two or more processes wrote, one of them
// at least holding no lock, among the shared_set events matching the
// filters. With ppid=main, those are elements the program's children
// changed without the lock that makes a read-modify-write safe: their
// updates are lost whenever two of them do it at once.
type traceRaced traceConcurrent

func (q traceRaced) check(events []process.TraceEvent, main int, _ func(string) (string, error)) error {
	type element struct {
		object uint64
		index  int
	}
	writers := map[element]map[int]bool{}
	unlocked := map[element]bool{}
	for _, e := range events {
		if e.Index == nil || !matches(e, "shared_set", q.Filters, main) {
			continue
		}
		k := element{e.Object, *e.Index}
		if writers[k] == nil {
			writers[k] = map[int]bool{}
		}
		writers[k][e.Pid] = true
		if !e.Locked {
			unlocked[k] = true
		}
	}
	n := 0
	for k, pids := range writers {
		if len(pids) >= 2 && unlocked[k] {
			n++
		}
	}
	if q.Cmp.holds(n) {
		return nil
	}
	return &checkFailure{n, fmt.Sprintf("trace raced: want %s elements of shared memory written by two or more processes, one holding no lock%s, found %d", q.Cmp.want(), withFilters(q.Filters), n)}
}

// checkFailure is a trace check the trace contradicts: the fact in the
// trace's own words, and the number found, which the sentence of a
// scenario's means may quote as {found}.
type checkFailure struct {
	Found int
	Fact  string
}

func (f *checkFailure) Error() string { return f.Fact }

// mostAlive returns the largest number of the program's children
// (matching filters) alive at the same time. A child is alive from its
// start event to its exit event, or to the end of the trace if it has
// none. A child ending at the very instant another starts is not counted
// alive with it.
func mostAlive(events []process.TraceEvent, filters []filter, main int) int {
	type edge struct {
		at    time.Time
		delta int // +1 a start, -1 an exit
	}
	var edges []edge
	started := map[int]bool{}
	for _, e := range events {
		if e.Event == "start" && e.PPid == main && matches(e, "start", filters, main) {
			started[e.Pid] = true
			edges = append(edges, edge{e.Time, +1})
		}
	}
	for _, e := range events {
		if e.Event == "exit" && e.PPid == main && started[e.Pid] {
			delete(started, e.Pid) // one exit per child
			edges = append(edges, edge{e.Time, -1})
		}
	}
	slices.SortStableFunc(edges, func(a, b edge) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.delta - b.delta // exits first
	})
	alive, most := 0, 0
	for _, e := range edges {
		alive += e.delta
		most = max(most, alive)
	}
	return most
}

// cmdTrace is `trace SUBCOMMAND ...`, a claim about the trace of the last
// run.
func cmdTrace(ts *testscript.TestScript, neg bool, args []string) {
	st := stateOf(ts)
	if neg {
		ts.Fatalf("trace: ! is not allowed here: write the opposite comparison (!= for ==, >= for <, …)")
	}
	c, err := parseTrace(args)
	if err != nil {
		ts.Fatalf("%v", err)
	}
	if st.last == nil {
		ts.Fatalf("trace %s: no program has run yet: `run` it first", args[0])
	}
	name := ts.Getenv(process.TraceEnv)
	if name == "" {
		ts.Fatalf("trace %s: %s is not set, so nothing was traced", args[0], process.TraceEnv)
	}
	if st.traceOf != st.last {
		events, err := readTrace(ts.MkAbs(name))
		if err != nil {
			ts.Fatalf("trace %s: %v", args[0], err)
		}
		// The program and its processes have ended: its trace is complete.
		st.traceOf, st.events = st.last, events
	}
	if err := c.check(st.events, st.last.Pid, readerFor(ts)); err != nil {
		st.failure = err
		ts.Fatalf("%v", err)
	}
}
