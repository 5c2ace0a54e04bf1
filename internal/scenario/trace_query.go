package scenario

import (
	"bufio"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/procbook/procbook/process"
)

// eventKinds are the kinds of trace event the process library writes.
var eventKinds = []string{"start", "exit", "join", "pool_start", "pool_end", "task_start", "task_end", "output", "shared_set",
	"sem_acquire", "sem_release", "event_set", "event_wait", "barrier_pass", "queue_put", "queue_get"}

// eventFields are the fields a filter or `trace distinct` may name.
var eventFields = []string{"pid", "ppid", "func", "code", "pool", "size", "task", "ok", "result", "line", "before_main", "object", "index", "locked"}

// textFields are the fields a filter may match with a regular expression,
// FIELD~REGEXP.
var textFields = []string{"func", "result", "line"}

// mainPid is the filter value that stands for the pid of the program that
// `run` started last.
const mainPid = "main"

// filter is one FIELD=VALUE, or FIELD~REGEXP, of a trace command.
type filter struct {
	Field, Value string
	Re           *regexp.Regexp // FIELD~REGEXP: the value must match it
}

func (f filter) String() string {
	if f.Re != nil {
		return f.Field + "~" + f.Value
	}
	return f.Field + "=" + f.Value
}

// parseFilter reads FIELD=VALUE or FIELD~REGEXP and checks that the value
// suits the field.
func parseFilter(s string) (filter, error) {
	i := strings.IndexAny(s, "=~")
	if i < 0 {
		return filter{}, fmt.Errorf("%q is not FIELD=VALUE or FIELD~REGEXP", s)
	}
	field, value := s[:i], s[i+1:]
	if !slices.Contains(eventFields, field) {
		return filter{}, fmt.Errorf("unknown field %q in %q (fields: %s)", field, s, strings.Join(eventFields, ", "))
	}
	if s[i] == '~' {
		if !slices.Contains(textFields, field) {
			return filter{}, fmt.Errorf("%q: only %s match a REGEXP (~); write %s=VALUE", s, strings.Join(textFields, ", "), field)
		}
		re, err := regexp.Compile(value)
		if err != nil {
			return filter{}, fmt.Errorf("%q: bad REGEXP: %v", s, err)
		}
		return filter{Field: field, Value: value, Re: re}, nil
	}
	switch field {
	case "func":
		if value == "" {
			return filter{}, fmt.Errorf("%q: func wants a registered function's name", s)
		}
	case "result", "line":
		// Any text, the empty one included.
	case "ok", "before_main", "locked":
		if value != "true" && value != "false" {
			return filter{}, fmt.Errorf("%q: %s is true or false", s, field)
		}
	case "pid", "ppid":
		if _, err := strconv.Atoi(value); err != nil && value != mainPid {
			return filter{}, fmt.Errorf("%q: %s wants a pid or main", s, field)
		}
	default:
		if _, err := strconv.Atoi(value); err != nil {
			return filter{}, fmt.Errorf("%q: %s wants a whole number", s, field)
		}
	}
	return filter{Field: field, Value: value}, nil
}

// fieldValue returns an event's field as text, and false when the event
// does not have it (an exit code on a start event, say).
func fieldValue(e process.TraceEvent, field string) (string, bool) {
	switch field {
	case "pid":
		return strconv.Itoa(e.Pid), true
	case "ppid":
		return strconv.Itoa(e.PPid), true
	case "func":
		return e.Func, e.Func != ""
	case "code":
		if e.Code == nil {
			return "", false
		}
		return strconv.Itoa(*e.Code), true
	case "pool":
		return strconv.Itoa(e.Pool), true
	case "size":
		return strconv.Itoa(e.Size), true
	case "task":
		if e.Task == nil {
			return "", false
		}
		return strconv.Itoa(*e.Task), true
	case "ok":
		if e.OK == nil {
			return "", false
		}
		return strconv.FormatBool(*e.OK), true
	case "result":
		return e.Result, e.Event == "task_end" && e.OK != nil && *e.OK
	case "line":
		return e.Line, e.Event == "output"
	case "before_main":
		return strconv.FormatBool(e.BeforeMain), e.Event == "output"
	case "object":
		return strconv.FormatUint(e.Object, 10), e.Object != 0
	case "locked":
		return strconv.FormatBool(e.Locked), e.Event == "shared_set"
	case "index":
		if e.Index == nil {
			return "", false
		}
		return strconv.Itoa(*e.Index), true
	}
	return "", false
}

// matches reports whether e is of kind (any kind when kind is "") and
// passes every filter; main is the pid the value "main" stands for.
func matches(e process.TraceEvent, kind string, filters []filter, main int) bool {
	if kind != "" && e.Event != kind {
		return false
	}
	for _, f := range filters {
		want := f.Value
		if want == mainPid {
			want = strconv.Itoa(main)
		}
		got, ok := fieldValue(e, f.Field)
		switch {
		case !ok:
			return false
		case f.Re != nil:
			if !f.Re.MatchString(got) {
				return false
			}
		case got != want:
			return false
		}
	}
	return true
}

// readTrace reads the events of a trace file. A file that does not exist
// is an empty trace: the program traced nothing, as a program that starts
// no process does.
func readTrace(name string) ([]process.TraceEvent, error) {
	f, err := openTrace(name)
	if err != nil || f == nil {
		return nil, err
	}
	defer f.Close()
	var events []process.TraceEvent
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var e process.TraceEvent
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, fmt.Errorf("line %d of the trace is not an event: %v", n, err)
		}
		events = append(events, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the trace: %v", err)
	}
	return events, nil
}

// comparison is the OP N that ends most trace commands.
type comparison struct {
	Op string
	N  int
}

var comparisonOps = []string{"==", "!=", "<", "<=", ">", ">="}

func parseComparison(op, n string) (comparison, error) {
	if !slices.Contains(comparisonOps, op) {
		return comparison{}, fmt.Errorf("%q is not a comparison (%s)", op, strings.Join(comparisonOps, " "))
	}
	v, err := strconv.Atoi(n)
	if err != nil || v < 0 {
		return comparison{}, fmt.Errorf("%q is not a count", n)
	}
	return comparison{Op: op, N: v}, nil
}

// holds reports whether got compares with N as wanted.
func (c comparison) holds(got int) bool {
	switch c.Op {
	case "==":
		return got == c.N
	case "!=":
		return got != c.N
	case "<":
		return got < c.N
	case "<=":
		return got <= c.N
	case ">":
		return got > c.N
	case ">=":
		return got >= c.N
	}
	return false
}

// want says in words what the comparison wants: "10", "at most 4".
func (c comparison) want() string {
	n := strconv.Itoa(c.N)
	switch c.Op {
	case "!=":
		return "other than " + n
	case "<":
		return "fewer than " + n
	case "<=":
		return "at most " + n
	case ">":
		return "more than " + n
	case ">=":
		return "at least " + n
	}
	return n
}

// withFilters says which filters applied: " with ppid=main func=square".
func withFilters(filters []filter) string {
	if len(filters) == 0 {
		return ""
	}
	s := make([]string, len(filters))
	for i, f := range filters {
		s[i] = f.String()
	}
	return " with " + strings.Join(s, " ")
}

// parseFilters reads every FIELD=VALUE of args.
func parseFilters(args []string) ([]filter, error) {
	var filters []filter
	for _, a := range args {
		f, err := parseFilter(a)
		if err != nil {
			return nil, err
		}
		filters = append(filters, f)
	}
	return filters, nil
}

// parseKind checks an event kind.
func parseKind(kind string) error {
	if !slices.Contains(eventKinds, kind) {
		return fmt.Errorf("unknown event %q (events: %s)", kind, strings.Join(eventKinds, ", "))
	}
	return nil
}
