package process

import (
	"encoding/json"
	"testing"
	"time"
)

// TestEventJSON: the hand-written JSON of an event is what encoding/json
// writes for it, for every field set and unset, and for names that need
// escaping.
func TestEventJSON(t *testing.T) {
	at := time.Date(2026, 11, 24, 21, 30, 0, 123456789, time.UTC)
	for _, e := range []TraceEvent{
		{Event: "start", Pid: 12, PPid: 1, Func: "square", Time: at},
		{Event: "exit", Pid: 12, PPid: 1, Func: "sq\"uare\n\u00e9\x01\b\f\t\r<>&\\\u2028\xff", Code: intp(-9), Time: at},
		{Event: "task_end", Pid: 3, PPid: 2, Func: "f", Pool: 1, Task: intp(0), OK: boolp(false), Time: at.In(time.FixedZone("X", 3600))},
		{Event: "pool_start", Pid: 2, Pool: 4, Size: 2, Time: at},
		{Event: "task_end", Pid: 3, PPid: 2, Func: "square", Task: intp(7), OK: boolp(true), Result: "[1 \"<&>\" 2]", Time: at},
		{Event: "output", Pid: 12, PPid: 1, Func: "square", Line: "Square: 100\t\u00e9\x1f", Time: at},
		{Event: "output", Pid: 12, PPid: 1, Line: "hello from init", BeforeMain: true, Time: at},
		{Event: "shared_set", Pid: 13, PPid: 12, Object: 1<<63 + 5, Index: intp(0), Time: at},
		{Event: "shared_set", Pid: 13, PPid: 12, Object: 77, Index: intp(9), Locked: true, Time: at},
		{Event: "join", Pid: 12, PPid: 1, Func: "square", Time: at},
	} {
		want, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		got := e.appendJSON(nil)
		var back TraceEvent
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%s does not parse: %v", got, err)
		}
		if string(got) != string(want)+"\n" {
			t.Errorf("appendJSON:\n got %s\nwant %s", got, want)
		}
	}
}
