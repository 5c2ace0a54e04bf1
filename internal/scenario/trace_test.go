package scenario

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// at is a moment of a made-up trace: t0 plus ms milliseconds.
func at(ms int) time.Time {
	return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(ms) * time.Millisecond)
}

func TestMostAlive(t *testing.T) {
	const main = 100
	ev := func(kind string, pid, ms int, fn string) process.TraceEvent {
		return process.TraceEvent{Event: kind, Pid: pid, PPid: main, Func: fn, Time: at(ms)}
	}
	cases := []struct {
		name    string
		events  []process.TraceEvent
		filters []filter
		want    int
	}{
		{"none", nil, nil, 0},
		{"one after another", []process.TraceEvent{
			ev("start", 1, 0, "f"), ev("exit", 1, 10, "f"),
			ev("start", 2, 20, "f"), ev("exit", 2, 30, "f"),
		}, nil, 1},
		{"ending as the next starts", []process.TraceEvent{
			ev("start", 1, 0, "f"), ev("exit", 1, 10, "f"),
			ev("start", 2, 10, "f"), ev("exit", 2, 30, "f"),
		}, nil, 1},
		{"overlapping", []process.TraceEvent{
			ev("start", 1, 0, "f"), ev("start", 2, 5, "g"), ev("start", 3, 6, "f"),
			ev("exit", 2, 7, "g"), ev("exit", 1, 8, "f"), ev("exit", 3, 9, "f"),
		}, nil, 3},
		{"filtered", []process.TraceEvent{
			ev("start", 1, 0, "f"), ev("start", 2, 5, "g"), ev("start", 3, 6, "f"),
			ev("exit", 2, 7, "g"), ev("exit", 1, 8, "f"), ev("exit", 3, 9, "f"),
		}, []filter{{Field: "func", Value: "f"}}, 2},
		{"never ended", []process.TraceEvent{
			ev("start", 1, 0, "f"), ev("exit", 1, 10, "f"),
			ev("start", 2, 20, "f"), ev("start", 3, 30, "f"), ev("exit", 3, 40, "f"),
		}, nil, 2},
		{"grandchildren do not count", []process.TraceEvent{
			ev("start", 1, 0, "f"),
			{Event: "start", Pid: 7, PPid: 1, Time: at(1)},
			ev("exit", 1, 10, "f"),
		}, nil, 1},
	}
	for _, c := range cases {
		if got := mostAlive(c.events, c.filters, main); got != c.want {
			t.Errorf("%s: %d alive at most, want %d", c.name, got, c.want)
		}
	}
}

func TestReadTrace(t *testing.T) {
	dir := t.TempDir()
	events, err := readTrace(filepath.Join(dir, "none.jsonl"))
	if err != nil || events != nil {
		t.Errorf("a missing trace: %v, %v", events, err)
	}
	good := filepath.Join(dir, "good.jsonl")
	os.WriteFile(good, []byte(`{"event":"start","pid":2,"ppid":1,"func":"f","time":"2026-01-01T00:00:00Z"}`+"\n\n"+
		`{"event":"exit","pid":2,"ppid":1,"func":"f","code":0,"time":"2026-01-01T00:00:01Z"}`+"\n"), 0o644)
	events, err = readTrace(good)
	if err != nil || len(events) != 2 || events[1].Code == nil || *events[1].Code != 0 {
		t.Errorf("events %+v, err %v", events, err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"event":"start"}`+"\nnot json\n"), 0o644)
	if _, err := readTrace(bad); err == nil || !strings.HasPrefix(err.Error(), "line 2 of the trace is not an event") {
		t.Errorf("err = %v", err)
	}
}

func TestTraceFilters(t *testing.T) {
	code, task, ok := 0, 3, true
	e := process.TraceEvent{Event: "task_end", Pid: 5, PPid: 100, Func: "sq", Code: &code, Pool: 1, Size: 2, Task: &task, OK: &ok}
	for _, f := range []string{"pid=5", "ppid=main", "func=sq", "code=0", "pool=1", "size=2", "task=3", "ok=true"} {
		flt, err := parseFilter(f)
		if err != nil {
			t.Fatal(err)
		}
		if !matches(e, "task_end", []filter{flt}, 100) {
			t.Errorf("%s does not match %+v", f, e)
		}
	}
	for _, f := range []string{"pid=6", "ppid=main", "ok=false", "task=4"} {
		flt, _ := parseFilter(f)
		if f != "ppid=main" && matches(e, "task_end", []filter{flt}, 100) {
			t.Errorf("%s matches %+v", f, e)
		}
		if f == "ppid=main" && matches(e, "task_end", []filter{flt}, 99) {
			t.Errorf("ppid=main matches with main = 99")
		}
	}
	if matches(process.TraceEvent{Event: "start"}, "start", []filter{{Field: "code", Value: "0"}}, 1) {
		t.Error("code=0 matches an event without a code")
	}
	for in, want := range map[string]string{
		"pid":        `"pid" is not FIELD=VALUE`,
		"ok=yes":     `"ok=yes": ok is true or false`,
		"ppid=me":    `"ppid=me": ppid wants a pid or main`,
		"func=":      `"func=": func wants a registered function's name`,
		"colour=red": `unknown field "colour"`,
	} {
		if _, err := parseFilter(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", in, err, want)
		}
	}
}

func TestComparisonWords(t *testing.T) {
	for op, want := range map[string]string{"==": "4", "!=": "other than 4", "<": "fewer than 4", "<=": "at most 4", ">": "more than 4", ">=": "at least 4"} {
		c, err := parseComparison(op, "4")
		if err != nil {
			t.Fatal(err)
		}
		if c.want() != want {
			t.Errorf("%s: %q, want %q", op, c.want(), want)
		}
		for got := 3; got <= 5; got++ {
			held := map[string]bool{"==": got == 4, "!=": got != 4, "<": got < 4, "<=": got <= 4, ">": got > 4, ">=": got >= 4}[op]
			if c.holds(got) != held {
				t.Errorf("%d %s 4: %v", got, op, c.holds(got))
			}
		}
	}
	if _, err := parseComparison("=", "4"); err == nil {
		t.Error("= accepted")
	}
	if _, err := parseComparison("==", "-1"); err == nil {
		t.Error("a negative count accepted")
	}
}

func TestMostUnjoined(t *testing.T) {
	const main = 100
	ev := func(kind string, pid, ms int) process.TraceEvent {
		return process.TraceEvent{Event: kind, Pid: pid, PPid: main, Func: "f", Time: at(ms)}
	}
	cases := []struct {
		name   string
		events []process.TraceEvent
		want   int
	}{
		{"none", nil, 0},
		// Each child is joined before the next starts, however long it lives.
		{"start join start join", []process.TraceEvent{
			ev("start", 1, 0), ev("join", 1, 1), ev("exit", 1, 3),
			ev("start", 2, 4), ev("join", 2, 5), ev("exit", 2, 6),
		}, 1},
		// Children that end before the next starts still count until the
		// program joins them.
		{"all started, then joined", []process.TraceEvent{
			ev("start", 1, 0), ev("exit", 1, 1), ev("start", 2, 2), ev("exit", 2, 3),
			ev("start", 3, 4), ev("join", 1, 5), ev("join", 2, 5), ev("exit", 3, 6), ev("join", 3, 7),
		}, 3},
		// Only the first join counts; a child never joined counts to its exit.
		{"joined twice, never joined", []process.TraceEvent{
			ev("start", 1, 0), ev("join", 1, 1), ev("join", 1, 9),
			ev("start", 2, 2), ev("exit", 2, 4), ev("start", 3, 5),
		}, 1},
		// A join at the instant of the next start comes first.
		{"join at the next start", []process.TraceEvent{
			ev("start", 1, 0), ev("join", 1, 5), ev("start", 2, 5), ev("join", 2, 6),
		}, 1},
		{"grandchildren do not count", []process.TraceEvent{
			ev("start", 1, 0), {Event: "start", Pid: 7, PPid: 1, Time: at(1)}, ev("join", 1, 9),
		}, 1},
	}
	for _, c := range cases {
		if got := mostUnjoined(c.events, nil, main); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

// TestFiltersOfWhoDidTheWork: the fields of output and shared_set events,
// and a task's result, can be matched, text fields by REGEXP too.
func TestFiltersOfWhoDidTheWork(t *testing.T) {
	ok, idx := true, 0
	out := process.TraceEvent{Event: "output", Pid: 5, PPid: 100, Func: "square", Line: "Square: 100"}
	set := process.TraceEvent{Event: "shared_set", Pid: 5, PPid: 100, Object: 42, Index: &idx}
	end := process.TraceEvent{Event: "task_end", Pid: 6, PPid: 100, Func: "square", OK: &ok, Result: "81"}
	for _, c := range []struct {
		e      process.TraceEvent
		filter string
		want   bool
	}{
		{out, "line=Square: 100", true},
		{out, "line~^Square: ", true},
		{out, "line~^Cube: ", false},
		{out, "before_main=false", true},
		{out, "before_main=true", false},
		{process.TraceEvent{Event: "output", BeforeMain: true}, "before_main=true", true},
		{process.TraceEvent{Event: "output"}, "line=", true},
		{set, "line=", false},
		{set, "index=0", true},
		{set, "object=42", true},
		{set, "index=1", false},
		{out, "index=0", false},
		{end, "result=81", true},
		{end, "result~^8", true},
		{end, "result=9", false},
		{end, "func~^sq", true},
	} {
		flt, err := parseFilter(c.filter)
		if err != nil {
			t.Fatalf("%s: %v", c.filter, err)
		}
		if got := matches(c.e, "", []filter{flt}, 100); got != c.want {
			t.Errorf("%s on %+v: %v, want %v", c.filter, c.e, got, c.want)
		}
	}
	for in, want := range map[string]string{
		"pid~5":            `only func, result, line match a REGEXP`,
		"line~(":           `bad REGEXP`,
		"before_main=yes":  `before_main is true or false`,
		"index=first":      `index wants a whole number`,
		"object=somewhere": `object wants a whole number`,
	} {
		if _, err := parseFilter(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", in, err, want)
		}
	}
}

func TestTraceWritten(t *testing.T) {
	const main = 100
	set := func(pid, ppid, index, ms int) process.TraceEvent {
		return process.TraceEvent{Event: "shared_set", Pid: pid, PPid: ppid, Object: 7, Index: &index, Time: at(ms)}
	}
	events := []process.TraceEvent{
		set(main, 1, 0, 0), set(main, 1, 1, 0), set(main, 1, 2, 0), // the program fills the array
		set(5, main, 0, 10), set(6, main, 1, 11), set(7, main, 2, 12), // its children write
		set(main, 1, 2, 20), // the program overwrites element 2
		{Event: "output", Pid: 5, PPid: main, Time: at(30)},
	}
	for args, want := range map[string]int{"ppid=main": 2, "pid=main": 1, "": 3, "index=2": 1, "pid=7": 0} {
		var filters []filter
		if args != "" {
			f, err := parseFilter(args)
			if err != nil {
				t.Fatal(err)
			}
			filters = []filter{f}
		}
		q := traceWritten{Filters: filters, Cmp: comparison{Op: "==", N: want}}
		if err := q.check(events, main, nil); err != nil {
			t.Errorf("written %s: %v", args, err)
		}
	}
}

func TestTraceRaced(t *testing.T) {
	const main = 100
	set := func(pid, ppid int, object uint64, index int, locked bool) process.TraceEvent {
		return process.TraceEvent{Event: "shared_set", Pid: pid, PPid: ppid, Object: object, Index: &index, Locked: locked}
	}
	events := []process.TraceEvent{
		set(main, 1, 7, 0, false), set(5, main, 7, 0, false), // the program fills, a child writes: not siblings
		set(5, main, 7, 1, false), set(6, main, 7, 1, false), // two children, no lock: raced
		set(5, main, 7, 2, true), set(6, main, 7, 2, true), // two children, both locked: fine
		set(5, main, 8, 0, true), set(6, main, 8, 0, false), // one locked, one not: raced
		set(5, main, 8, 0, false), // the same child again adds nothing
		set(6, main, 9, 0, false), // one writer
	}
	for args, want := range map[string]int{"ppid=main": 2, "object=7": 2, "object=9": 0, "locked=true": 0} {
		f, err := parseFilter(args)
		if err != nil {
			t.Fatal(err)
		}
		q := traceRaced{Filters: []filter{f}, Cmp: comparison{Op: "==", N: want}}
		if err := q.check(events, main, nil); err != nil {
			t.Errorf("raced %s: %v", args, err)
		}
	}
}
