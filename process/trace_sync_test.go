package process_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

type syncJob struct {
	Sem *process.Semaphore
	Ev  *process.Event
	Bar *process.Barrier
	Q   *process.Queue[int]
}

// syncParty takes and gives back a slot, waits for the event, passes the
// barrier twice and puts one item on the queue.
var syncParty = process.RegisterTarget("trace_sync_test.party", func(j syncJob) {
	if err := j.Q.Put(1); err != nil {
		panic(err)
	}
	j.Sem.Acquire()
	j.Sem.Release()
	if err := j.Ev.Wait(context.Background()); err != nil {
		panic(err)
	}
	for range 2 {
		if _, err := j.Bar.Wait(); err != nil {
			panic(err)
		}
	}
})

// helpSync runs two syncParty children beside itself, as the third party
// of the barrier, for TestTraceSync.
func helpSync() error {
	var j syncJob
	var err error
	if j.Sem, err = process.NewSemaphore(1); err != nil {
		return err
	}
	if j.Ev, err = process.NewEvent(); err != nil {
		return err
	}
	if j.Bar, err = process.NewBarrier(3); err != nil {
		return err
	}
	if j.Q, err = process.NewQueue[int](2); err != nil {
		return err
	}
	var ps []*process.Process
	for range 2 {
		p := process.New(syncParty, j)
		if err := p.Start(); err != nil {
			return err
		}
		ps = append(ps, p)
	}
	j.Ev.Set()
	for range 2 {
		if _, err := j.Bar.Wait(); err != nil {
			return err
		}
	}
	for range 2 {
		if _, err := j.Q.Get(); err != nil {
			return err
		}
	}
	for _, p := range ps {
		if err := p.Join(); err != nil {
			return err
		}
	}
	return nil
}

// TestTraceSync: in trace mode, a Semaphore's acquires and releases, an
// Event's set and waits, a Barrier's passes and a Queue's puts and gets
// are traced by the process that made them, each object under one identity in every process, and
// the barrier's arrival indexes are 0, 1 and 2 in each round.
func TestTraceSync(t *testing.T) {
	trace := filepath.Join(t.TempDir(), "trace.jsonl")
	cmd := runHelperProgram(t, "sync", os.Stdout, os.Stderr, process.TraceEnv+"="+trace)
	if err := waitHelper(t, cmd, 60*time.Second); err != nil {
		t.Fatalf("helper: %v", err)
	}
	f, err := os.Open(trace)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	helper := cmd.Process.Pid
	objects := map[string]map[uint64]bool{} // kind → objects seen
	byPid := map[string]map[int]int{}       // kind → pid → events
	var indexes []int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e process.TraceEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("trace line %s: %v", sc.Bytes(), err)
		}
		switch e.Event {
		case "sem_acquire", "sem_release", "event_set", "event_wait", "barrier_pass", "queue_put", "queue_get":
		default:
			continue
		}
		if objects[e.Event] == nil {
			objects[e.Event], byPid[e.Event] = map[uint64]bool{}, map[int]int{}
		}
		objects[e.Event][e.Object] = true
		byPid[e.Event][e.Pid]++
		if e.Event == "barrier_pass" {
			if e.Index == nil {
				t.Fatalf("barrier_pass without an index: %s", sc.Bytes())
			}
			indexes = append(indexes, *e.Index)
		}
	}
	for kind, want := range map[string][2]int{ // processes, events each
		"sem_acquire": {2, 1}, "sem_release": {2, 1}, "event_wait": {2, 1}, "event_set": {1, 1}, "barrier_pass": {3, 2},
		"queue_put": {2, 1}, "queue_get": {1, 2},
	} {
		pids := byPid[kind]
		if len(pids) != want[0] {
			t.Errorf("%s traced by %d processes (%v), want %d", kind, len(pids), pids, want[0])
		}
		for pid, n := range pids {
			if n != want[1] {
				t.Errorf("%s traced %d times by pid %d, want %d", kind, n, pid, want[1])
			}
		}
		if len(objects[kind]) != 1 || objects[kind][0] {
			t.Errorf("%s names objects %v, want one, not 0", kind, objects[kind])
		}
	}
	if byPid["event_set"][helper] != 1 {
		t.Errorf("event_set not traced by the helper (pid %d): %v", helper, byPid["event_set"])
	}
	slices.Sort(indexes)
	if want := []int{0, 0, 1, 1, 2, 2}; !slices.Equal(indexes, want) {
		t.Errorf("barrier_pass indexes %v, want %v (0, 1, 2 in each of 2 rounds)", indexes, want)
	}
}
