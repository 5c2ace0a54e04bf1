package process_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// whoArgs is what a child of the who helper is given.
type whoArgs struct {
	I   int
	Arr *process.Array[int64]
	Val *process.Value[int64]
}

// whoTarget prints two lines, one of them left unfinished until the next
// Print, writes element I of the array twice and adds to the value many
// times: two output events, one shared_set for the element and one for
// the value.
var whoTarget = process.RegisterTarget("core.who", func(a whoArgs) {
	fmt.Printf("child %d ", a.I)
	fmt.Println("says hello")
	a.Arr.Set(a.I, 10)
	a.Arr.Set(a.I, int64(a.I+1)*100)
	for range 1000 {
		a.Val.Add(1)
	}
	if a.I == 0 {
		// A grandchild's line reaches the terminal through its parent,
		// and is traced once, as its parent's.
		g := process.New(printTarget, "grand")
		if err := g.Start(); err != nil {
			panic(err)
		}
		if err := g.Join(); err != nil {
			panic(err)
		}
	}
	fmt.Println("child", a.I, "done")
})

// whoSquare is a pool task whose results the trace keeps.
var whoSquare = process.Register("core.whoSquare", func(x int) int { return x * x })

// helpWho writes the array's last element, runs two children that print
// and write shared memory, writes the last element again, prints, and maps
// whoSquare on a pool.
func helpWho() error {
	arr, err := process.NewArray([]int64{0, 0, 0})
	if err != nil {
		return err
	}
	defer arr.Close()
	val, err := process.NewValue[int64](0)
	if err != nil {
		return err
	}
	defer val.Close()
	arr.Set(2, 1)
	arr.Set(2, 2) // no new event: the same element, unlocked again
	arr.Lock()
	arr.Set(2, 3) // a new event: locked
	arr.Unlock()
	var procs []*process.Process
	for i := range 2 {
		p := process.New(whoTarget, whoArgs{I: i, Arr: arr, Val: val})
		if err := p.Start(); err != nil {
			return err
		}
		procs = append(procs, p)
	}
	for _, p := range procs {
		if err := p.Join(); err != nil {
			return err
		}
	}
	arr.Set(2, 7)
	fmt.Println("parent:", arr.Slice(), val.Get())
	pool, err := process.NewPool(2)
	if err != nil {
		return err
	}
	defer pool.Terminate()
	squares, err := process.Map(pool, whoSquare, []int{1, 2, 3})
	if err != nil {
		return err
	}
	fmt.Println("squares:", squares)
	return pool.Close()
}

// TestTraceWhoDidTheWork: the trace attributes each line a child prints to
// the child, and each write to shared memory to the process that wrote it,
// once per process and element between its starts and joins, and once
// more for a write holding a lock (the parent writes element 2 three
// times before starting its children, the last time locked, and once
// after joining them: three events; Add holds the value's lock); a
// task's end holds its result; and the
// output still reaches the terminal, the children's lines before the line
// the parent prints after joining them.
func TestTraceWhoDidTheWork(t *testing.T) {
	dir := t.TempDir()
	trace := filepath.Join(dir, "trace.jsonl")
	stdout, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	cmd := runHelperProgram(t, "who", stdout, os.Stderr, process.TraceEnv+"="+trace)
	if err := waitHelper(t, cmd, 60*time.Second); err != nil {
		t.Fatalf("helper: %v", err)
	}
	helper := cmd.Process.Pid
	out, err := os.ReadFile(stdout.Name())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	slices.Sort(lines[:5]) // the children's lines, in the order they ran
	want := []string{"child 0 done", "child 0 says hello", "child 1 done", "child 1 says hello", "stdout from child grand", "parent: [100 200 7] 2000", "squares: [1 4 9]"}
	if !slices.Equal(lines, want) {
		t.Errorf("stdout:\n%s\nwant (the first five in any order):\n%s", out, strings.Join(want, "\n"))
	}

	children := map[int]int{} // pid → I, from the order of the start events
	var output, results []string
	var setEvents []process.TraceEvent
	for _, l := range readTrace(t, trace) {
		e := l.TraceEvent
		switch e.Event {
		case "start":
			if e.Func == "core.who" {
				children[e.Pid] = len(children)
			}
		case "output":
			i, ok := children[e.Pid]
			if e.PPid != helper {
				t.Errorf("output event %+v traced by a process other than the helper (pid %d)", e, helper)
			}
			if !ok || e.Func != "core.who" || e.BeforeMain {
				t.Errorf("output event %+v is not that of a child of the helper (pid %d), after Main", e, helper)
			}
			output = append(output, fmt.Sprintf("%d: %s", i, e.Line))
		case "shared_set":
			if e.Object == 0 || e.Index == nil {
				t.Fatalf("shared_set %+v names no object or element", e)
			}
			setEvents = append(setEvents, e)
		case "task_end":
			results = append(results, fmt.Sprintf("%d→%s", *e.Task, e.Result))
		}
	}
	// The array is the object with an element beyond 0.
	var arrObject uint64
	for _, e := range setEvents {
		if *e.Index > 0 {
			arrObject = e.Object
		}
	}
	var sets []string
	for _, e := range setEvents {
		who := "parent"
		if i, ok := children[e.Pid]; ok {
			who = fmt.Sprint("child ", i)
			if e.PPid != helper {
				t.Errorf("shared_set %+v of a child has ppid %d, want %d", e, e.PPid, helper)
			}
		} else if e.Pid != helper {
			t.Errorf("shared_set %+v by neither the helper nor its children", e)
		}
		obj := "value"
		if e.Object == arrObject {
			obj = "array"
		}
		how := ""
		if e.Locked {
			how = " locked"
		}
		sets = append(sets, fmt.Sprintf("%s %s[%d]%s", who, obj, *e.Index, how))
	}
	slices.Sort(output)
	if want := []string{"0: child 0 done", "0: child 0 says hello", "0: stdout from child grand", "1: child 1 done", "1: child 1 says hello"}; !slices.Equal(output, want) {
		t.Errorf("output events:\n%s\nwant:\n%s", strings.Join(output, "\n"), strings.Join(want, "\n"))
	}
	slices.Sort(sets)
	if want := []string{"child 0 array[0]", "child 0 value[0] locked", "child 1 array[1]", "child 1 value[0] locked", "parent array[2]", "parent array[2]", "parent array[2] locked"}; !slices.Equal(sets, want) {
		t.Errorf("shared_set events:\n%s\nwant:\n%s", strings.Join(sets, "\n"), strings.Join(want, "\n"))
	}
	slices.Sort(results)
	if want := []string{"0→1", "1→4", "2→9"}; !slices.Equal(results, want) {
		t.Errorf("task results %v, want %v", results, want)
	}
}
