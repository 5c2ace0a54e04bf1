package timeline

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
)

// workLog is the trace of a pool of two running A 5, B 2, C 1, D 3 (in
// tenths of a second): the FIFO schedule puts C and D on the worker that
// finished B.
const workLog = `{"event":"pool_start","pid":100,"ppid":1,"pool":1,"size":2,"time":"2026-01-01T00:00:00.000Z"}
{"event":"start","pid":101,"ppid":100,"func":"process.worker","time":"2026-01-01T00:00:00.000Z"}
{"event":"start","pid":102,"ppid":100,"func":"process.worker","time":"2026-01-01T00:00:00.000Z"}
{"event":"task_start","pid":101,"ppid":100,"pool":1,"task":0,"func":"work","time":"2026-01-01T00:00:00.000Z"}
{"event":"task_start","pid":102,"ppid":100,"pool":1,"task":1,"func":"work","time":"2026-01-01T00:00:00.000Z"}
{"event":"task_end","pid":102,"ppid":100,"pool":1,"task":1,"func":"work","ok":true,"time":"2026-01-01T00:00:00.200Z"}
{"event":"task_start","pid":102,"ppid":100,"pool":1,"task":2,"func":"work","time":"2026-01-01T00:00:00.200Z"}
{"event":"task_end","pid":102,"ppid":100,"pool":1,"task":2,"func":"work","ok":true,"time":"2026-01-01T00:00:00.300Z"}
{"event":"task_start","pid":102,"ppid":100,"pool":1,"task":3,"func":"work","time":"2026-01-01T00:00:00.300Z"}
{"event":"task_end","pid":101,"ppid":100,"pool":1,"task":0,"func":"work","ok":true,"time":"2026-01-01T00:00:00.500Z"}
{"event":"task_end","pid":102,"ppid":100,"pool":1,"task":3,"func":"work","ok":false,"time":"2026-01-01T00:00:00.600Z"}
{"event":"exit","pid":101,"ppid":100,"func":"process.worker","code":0,"time":"2026-01-01T00:00:00.600Z"}
{"event":"exit","pid":102,"ppid":100,"func":"process.worker","code":-9,"time":"2026-01-01T00:00:00.600Z"}
{"event":"pool_end","pid":100,"ppid":1,"pool":1,"time":"2026-01-01T00:00:00.600Z"}
{"event":"exi`

func TestWorkLog(t *testing.T) {
	events, skipped, err := Read(strings.NewReader(workLog))
	if err != nil {
		t.Fatal(err)
	}
	if skipped != 1 {
		t.Errorf("skipped = %d, want 1 (the torn last line)", skipped)
	}
	tl, err := Build(events)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Procs) != 3 || tl.Procs[0].Pid != 100 || tl.Tasks() != 4 {
		t.Fatalf("procs = %d (first pid %d), tasks = %d; want 3 (100 first), 4", len(tl.Procs), tl.Procs[0].Pid, tl.Tasks())
	}
	if w := tl.Procs[2]; w.Pid != 102 || len(w.Tasks) != 3 || w.Tasks[2].OK {
		t.Fatalf("worker 102 = %+v; want tasks 1, 2, 3, the last failed", w)
	}

	var b strings.Builder
	tl.Render(&b, Style{Width: 61})
	out := b.String()
	lines := strings.Split(out, "\n")
	// 61 columns for 0.6s: 0.1s every 10 columns.
	// A task's bar ends before the column where the next one starts; the
	// shades alternate.
	// shades alternate; a worker's end is drawn as its pool's.
	want101 := "0" + strings.Repeat("█", 49) + strings.Repeat("─", 10) + "┤ 1 task, ended with its pool"
	want102 := "1" + strings.Repeat("█", 19) + "2" + strings.Repeat("▓", 9) + "3" + strings.Repeat("█", 29) + "× 3 tasks, stopped by its pool's Terminate"
	if !strings.HasSuffix(lines[2], want101) {
		t.Errorf("worker 101 row:\n%s\nwant it to end with\n%s", lines[2], want101)
	}
	if !strings.HasSuffix(lines[3], want102) {
		t.Errorf("worker 102 row:\n%s\nwant it to end with\n%s", lines[3], want102)
	}
	if !strings.Contains(out, "task 3") || !strings.Contains(out, "failed") {
		t.Errorf("task list lacks the failed task 3:\n%s", out)
	}
}

func TestEmpty(t *testing.T) {
	if _, err := Build(nil); err != ErrEmpty {
		t.Fatalf("Build(nil) = %v, want ErrEmpty", err)
	}
}

func TestChildIsABar(t *testing.T) {
	const trace = `{"event":"start","pid":7,"ppid":1,"func":"square","time":"2026-01-01T00:00:00.000Z"}
{"event":"exit","pid":7,"ppid":1,"func":"square","code":0,"time":"2026-01-01T00:00:01.000Z"}
`
	events, _, err := Read(strings.NewReader(trace))
	if err != nil {
		t.Fatal(err)
	}
	tl, err := Build(events)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	tl.Render(&b, Style{Width: 20})
	if !strings.Contains(b.String(), "pid 7 square") || !strings.Contains(b.String(), strings.Repeat("█", 20)) {
		t.Fatalf("a child's row is not a full bar:\n%s", b.String())
	}
	if !strings.Contains(b.String(), "pid 1 the program") {
		t.Fatalf("no row for the program:\n%s", b.String())
	}
}

func TestRunning(t *testing.T) {
	const trace = `{"event":"start","pid":7,"ppid":1,"func":"nap","time":"2026-01-01T00:00:00.000Z"}
{"event":"start","pid":8,"ppid":1,"func":"square","time":"2026-01-01T00:00:00.100Z"}
{"event":"exit","pid":8,"ppid":1,"func":"square","code":0,"time":"2026-01-01T00:00:00.200Z"}
`
	events, _, err := Read(strings.NewReader(trace))
	if err != nil {
		t.Fatal(err)
	}
	tl, err := Build(events)
	if err != nil {
		t.Fatal(err)
	}
	if r := tl.Running(); len(r) != 1 || r[0].Pid != 7 || r[0].Func != "nap" {
		t.Fatalf("Running = %+v, want pid 7 nap alone", r)
	}
}

// TestNarrowTasks: tasks too narrow for a column each are counted, and a
// worker killed while its pool goes on is not said to end with it.
func TestNarrowTasks(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"event":"start","pid":101,"ppid":100,"func":"process.worker","time":"2026-01-01T00:00:00.000Z"}
{"event":"pool_start","pid":100,"ppid":1,"pool":1,"size":1,"time":"2026-01-01T00:00:00.000Z"}
`)
	for i := range 5 {
		fmt.Fprintf(&b, `{"event":"task_start","pid":101,"ppid":100,"pool":1,"task":%d,"func":"f","time":"2026-01-01T00:00:00.00%dZ"}
{"event":"task_end","pid":101,"ppid":100,"pool":1,"task":%d,"func":"f","ok":true,"time":"2026-01-01T00:00:00.00%dZ"}
`, i, i, i, i)
	}
	b.WriteString(`{"event":"exit","pid":101,"ppid":100,"func":"process.worker","code":-9,"time":"2026-01-01T00:00:01.000Z"}
{"event":"pool_end","pid":100,"ppid":1,"pool":1,"time":"2026-01-01T00:00:05.000Z"}
`)
	events, _, err := Read(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	tl, err := Build(events)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	tl.Render(&out, Style{Width: 40})
	row := strings.Split(out.String(), "\n")[2]
	if !strings.Contains(row, "pool worker            ▒─") {
		t.Errorf("five tasks in one column: the row is\n%s\nwant it to start with ▒", row)
	}
	if !strings.HasSuffix(row, "─ 5 tasks, killed by signal 9") || strings.Contains(row, "Terminate") {
		t.Errorf("a worker killed 4s before its pool ended:\n%s", row)
	}
	if !strings.Contains(out.String(), "▒ several tasks within one column") {
		t.Errorf("no legend:\n%s", out.String())
	}
}

func TestSVG(t *testing.T) {
	events, _, err := Read(strings.NewReader(workLog))
	if err != nil {
		t.Fatal(err)
	}
	tl, err := Build(events)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := tl.SVG(&b, "q5 · A pool <of> workers"); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	var doc struct{}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, svg)
	}
	for _, want := range []string{"q5 · A pool &lt;of&gt; workers", "pid 102 pool worker", "task 3 work on pid 102", "#e76f51", "stopped by its pool&#39;s Terminate", "Terminate (signal 9): that is how a pool ends", ">×</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	if n := strings.Count(svg, "<rect "); n != 1+4 {
		t.Errorf("%d rects, want the background and the 4 tasks", n)
	}
}

func ExampleTimeline_SVG() {
	events, _, _ := Read(strings.NewReader(`{"event":"start","pid":7,"ppid":1,"func":"square","time":"2026-01-01T00:00:00Z"}
{"event":"exit","pid":7,"ppid":1,"func":"square","code":0,"time":"2026-01-01T00:00:01Z"}
`))
	tl, _ := Build(events)
	var b strings.Builder
	tl.SVG(&b, "q3 · Create a process")
	fmt.Println(strings.Contains(b.String(), "pid 7 square"))
	// Output: true
}
