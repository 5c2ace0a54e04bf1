package process_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// The pool's tests follow CPython's Lib/test/_test_multiprocessing.py and
// loky's crash tests: results in order, failures at each stage, workers
// that die, a pool that ends while work is queued.

var (
	poolSquare = process.Register("pool.square", func(x int) int { return x * x })

	// poolFaulty fails the ways a task can: by panicking, by exiting, by a
	// signal, by a Go fatal error. Other inputs are returned unchanged.
	poolFaulty = process.Register("pool.faulty", func(x int) int {
		switch x {
		case -1:
			panic("task -1 panicked")
		case -2:
			os.Exit(7)
		case -3:
			self, _ := os.FindProcess(os.Getpid())
			self.Kill()
			time.Sleep(time.Minute)
		case -4:
			debug.SetMaxStack(1 << 16)
			var recurse func(int) int
			recurse = func(n int) int { return recurse(n+1) + 1 }
			return recurse(0)
		}
		return x
	})

	poolSleep = process.Register("pool.sleep", func(d time.Duration) int {
		time.Sleep(d)
		return os.Getpid()
	})

	// poolBox carries any value; gob cannot encode a function in it.
	poolEcho = process.Register("pool.echo", func(b box) box { return b })
	poolMake = process.Register("pool.make", func(x int) box {
		if x < 0 {
			return box{V: func() {}}
		}
		return box{V: x}
	})

	poolInitialized int
	poolInit        = process.RegisterTarget("pool.init", func(v int) {
		if v < 0 {
			panic("initializer refused")
		}
		poolInitialized = v
	})
	poolReadInit = process.Register("pool.readInit", func(struct{}) int { return poolInitialized })

	// poolLog appends a line to a file: what tasks ran, seen from outside.
	poolLog = process.Register("pool.log", func(a logArg) int {
		f, err := os.OpenFile(a.File, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			panic(err)
		}
		fmt.Fprintln(f, a.N)
		f.Close()
		time.Sleep(a.Sleep)
		return a.N
	})
)

type box struct{ V any }

type logArg struct {
	File  string
	N     int
	Sleep time.Duration
}

func newPool(t *testing.T, n int, opts ...process.PoolOption) *process.Pool {
	t.Helper()
	p, err := process.NewPool(n, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Terminate() })
	return p
}

func ints(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestMapInOrder(t *testing.T) {
	p := newPool(t, 3)
	for _, opts := range [][]process.MapOption{nil, {process.ChunkSize(1)}, {process.ChunkSize(7)}, {process.ChunkSize(1000)}} {
		got, err := process.Map(p, poolSquare, ints(100), opts...)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range got {
			if v != i*i {
				t.Fatalf("Map: got[%d] = %d, want %d", i, v, i*i)
			}
		}
	}
}

func TestImapInOrderAndUnorderedComplete(t *testing.T) {
	p := newPool(t, 2)
	var got []int
	for v, err := range process.Imap(p, poolSquare, ints(50), process.ChunkSize(3)) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	for i, v := range got {
		if v != i*i {
			t.Fatalf("Imap: got[%d] = %d, want %d", i, v, i*i)
		}
	}
	got = got[:0]
	for v, err := range process.ImapUnordered(p, poolSquare, ints(50)) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	slices.Sort(got)
	for i, v := range got {
		if v != i*i {
			t.Fatalf("ImapUnordered: sorted got[%d] = %d, want %d", i, v, i*i)
		}
	}
}

func TestEmptyInput(t *testing.T) {
	p := newPool(t, 2)
	got, err := process.Map(p, poolSquare, nil)
	if err != nil || len(got) != 0 {
		t.Fatalf("Map(nil) = %v, %v; want [], nil", got, err)
	}
	for range process.Imap(p, poolSquare, []int{}) {
		t.Fatal("Imap of nothing yielded")
	}
	for range process.ImapUnordered(p, poolSquare, []int{}) {
		t.Fatal("ImapUnordered of nothing yielded")
	}
}

func TestApplyAsync(t *testing.T) {
	p := newPool(t, 2)
	r := process.ApplyAsync(p, poolSquare, 20)
	v, err := r.Get(10 * time.Second)
	if err != nil || v != 400 {
		t.Fatalf("Get = %d, %v; want 400, nil", v, err)
	}
	if !r.Ready() || !r.Successful() {
		t.Fatal("a collected result is not Ready and Successful")
	}
	pid, err := process.ApplyAsync(p, process.Getpid, struct{}{}).Get(10 * time.Second)
	if err != nil || pid == os.Getpid() || pid <= 0 {
		t.Fatalf("Getpid in a worker = %d, %v; want a worker's pid", pid, err)
	}
}

// TestGetTimeoutThenMoreWork: a Get that times out leaves the task running
// and the pool usable, as in Python.
func TestGetTimeoutThenMoreWork(t *testing.T) {
	p := newPool(t, 2)
	slow := process.ApplyAsync(p, poolSleep, 300*time.Millisecond)
	if _, err := slow.Get(10 * time.Millisecond); !errors.Is(err, process.ErrTimeout) {
		t.Fatalf("Get of a slow task = %v, want ErrTimeout", err)
	}
	if slow.Ready() || slow.Successful() {
		t.Fatal("a running task says it is ready")
	}
	if v, err := process.ApplyAsync(p, poolSquare, 3).Get(10 * time.Second); err != nil || v != 9 {
		t.Fatalf("work after a timeout: %d, %v", v, err)
	}
	if _, err := slow.Get(0); err != nil {
		t.Fatalf("the slow task, collected later: %v", err)
	}
	if !slow.Wait(time.Millisecond) {
		t.Fatal("Wait on a finished task said false")
	}
}

// TestTaskFailures fails tasks at each stage, through each entry point:
// the other tasks of the same call still succeed.
func TestTaskFailures(t *testing.T) {
	p := newPool(t, 2)
	t.Run("panic", func(t *testing.T) {
		checkFailure(t, p, poolFaulty, []int{1, -1, 3}, 1, func(err error) bool {
			var pe *process.PanicError
			return errors.As(err, &pe) && pe.Value == "task -1 panicked" && strings.Contains(pe.Stack, "pool_test.go")
		})
	})
	t.Run("argument", func(t *testing.T) {
		in := []box{{V: 1}, {V: func() {}}, {V: 3}}
		checkFailure(t, p, poolEcho, in, 1, func(err error) bool {
			return strings.Contains(err.Error(), "encoding the argument of pool.echo")
		})
	})
	t.Run("result", func(t *testing.T) {
		checkFailure(t, p, poolMake, []int{1, -1, 3}, 1, func(err error) bool {
			return strings.Contains(err.Error(), "encoding the result of pool.make")
		})
	})
	// The pool still serves after all that.
	if v, err := process.ApplyAsync(p, poolSquare, 5).Get(10 * time.Second); err != nil || v != 25 {
		t.Fatalf("after failures: %d, %v", v, err)
	}
}

// checkFailure runs in through Map, Imap, ImapUnordered (chunked, so that a
// failing task shares its chunk with good ones) and ApplyAsync, and checks
// that only task bad fails, with an error that is(err).
func checkFailure[T, R any](t *testing.T, p *process.Pool, f *process.Func[T, R], in []T, bad int, is func(error) bool) {
	t.Helper()
	_, err := process.Map(p, f, in, process.ChunkSize(len(in)))
	var te *process.TaskError
	if !errors.As(err, &te) || te.Index != bad || !is(err) {
		t.Errorf("Map: err = %v; want task %d to fail", err, bad)
	}
	for name, seq := range map[string]func(yield func(R, error) bool){
		"Imap":          process.Imap(p, f, in, process.ChunkSize(len(in))),
		"ImapUnordered": process.ImapUnordered(p, f, in, process.ChunkSize(len(in))),
	} {
		failed := 0
		n := 0
		for _, err := range seq {
			n++
			if err != nil {
				failed++
				if !errors.As(err, &te) || te.Index != bad || !is(err) {
					t.Errorf("%s: err = %v; want task %d to fail", name, err, bad)
				}
			}
		}
		if n != len(in) || failed != 1 {
			t.Errorf("%s: %d results, %d failed; want %d, 1", name, n, failed, len(in))
		}
	}
	for i, arg := range in {
		_, err := process.ApplyAsync(p, f, arg).Get(10 * time.Second)
		if (i == bad) != (err != nil) || (err != nil && !is(err)) {
			t.Errorf("ApplyAsync(task %d): err = %v", i, err)
		}
	}
}

type withFunc struct{ F func() }
type withChan struct{ C chan int }

var (
	poolTakesFunc   = process.Register("pool.takesFunc", func(withFunc) int { return 0 })
	poolReturnsChan = process.Register("pool.returnsChan", func(int) withChan { return withChan{} })
)

// TestTypesThatCannotTravel: a func or chan inside an argument or result
// type is an error at once, where gob would silently drop it.
func TestTypesThatCannotTravel(t *testing.T) {
	p := newPool(t, 1)
	if _, err := process.Map(p, poolTakesFunc, []withFunc{{}}); err == nil || !strings.Contains(err.Error(), "cannot send process_test.withFunc to a pool worker (the argument of pool.takesFunc): field F is a func()") {
		t.Errorf("Map with a func in the argument: %v", err)
	}
	if _, err := process.ApplyAsync(p, poolReturnsChan, 1).Get(0); err == nil || !strings.Contains(err.Error(), "cannot send process_test.withChan back from a pool worker (the result of pool.returnsChan): field C is a chan int") {
		t.Errorf("ApplyAsync with a chan in the result: %v", err)
	}
	for _, err := range process.ImapUnordered(p, poolReturnsChan, []int{1}) {
		if err == nil {
			t.Errorf("ImapUnordered with a chan in the result succeeded")
		}
	}
}

// TestWorkerDeaths: a task whose worker dies fails with the pid and how it
// died; the worker is replaced and the other tasks complete.
func TestWorkerDeaths(t *testing.T) {
	p := newPool(t, 2)
	for _, c := range []struct {
		arg  int
		code int
	}{{-2, 7}, {-3, -9}, {-4, 2}} {
		in := []int{10, 11, c.arg, 12, 13, 14, 15}
		var failed []error
		var good []int
		for v, err := range process.Imap(p, poolFaulty, in) {
			if err != nil {
				failed = append(failed, err)
			} else {
				good = append(good, v)
			}
		}
		var we *process.WorkerError
		if len(failed) != 1 || !errors.As(failed[0], &we) || we.Code != c.code || we.Pid <= 0 {
			t.Fatalf("task %d: failures %v; want one *WorkerError with code %d", c.arg, failed, c.code)
		}
		if !slices.Equal(good, []int{10, 11, 12, 13, 14, 15}) {
			t.Fatalf("task %d: the other tasks gave %v", c.arg, good)
		}
	}
}

// TestSeveralWorkersDieAtOnce kills every worker of the pool at the same
// time, with more work queued behind.
func TestSeveralWorkersDieAtOnce(t *testing.T) {
	p := newPool(t, 3)
	in := []int{-3, -3, -3, 1, 2, 3, 4, 5, 6}
	var died, ok int
	for _, err := range process.ImapUnordered(p, poolFaulty, in) {
		var we *process.WorkerError
		switch {
		case err == nil:
			ok++
		case errors.As(err, &we):
			died++
		default:
			t.Fatal(err)
		}
	}
	if died != 3 || ok != 6 {
		t.Fatalf("%d died, %d ok; want 3, 6", died, ok)
	}
}

// TestTerminateWithQueuedWork: Terminate returns promptly with 10,000 tasks
// queued, and every one of them fails rather than hangs. The tasks take an
// hour, so that none can end before Terminate however slow the machine:
// the two running are killed, the others never start.
func TestTerminateWithQueuedWork(t *testing.T) {
	p := newPool(t, 2)
	results := make([]*process.AsyncResult[int], 10000)
	for i := range results {
		results[i] = process.ApplyAsync(p, poolSleep, time.Hour)
	}
	done := make(chan error)
	go func() { done <- p.Terminate() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Terminate did not return")
	}
	for i, r := range results {
		if _, err := r.Get(0); !errors.Is(err, process.ErrPoolNotRunning) {
			t.Fatalf("task %d of %d, queued or running when the pool was terminated: %v, want ErrPoolNotRunning", i, len(results), err)
		}
	}
}

func TestClosedPool(t *testing.T) {
	p := newPool(t, 2)
	r := process.ApplyAsync(p, poolSleep, 50*time.Millisecond)
	if err := p.Join(); err == nil {
		t.Fatal("Join of a running pool succeeded")
	}
	p.Close()
	if _, err := process.Map(p, poolSquare, ints(3)); !errors.Is(err, process.ErrPoolNotRunning) {
		t.Fatalf("Map after Close: %v", err)
	}
	if _, err := process.ApplyAsync(p, poolSquare, 1).Get(0); !errors.Is(err, process.ErrPoolNotRunning) {
		t.Fatalf("ApplyAsync after Close: %v", err)
	}
	for _, err := range process.Imap(p, poolSquare, ints(3)) {
		if !errors.Is(err, process.ErrPoolNotRunning) {
			t.Fatalf("Imap after Close: %v", err)
		}
	}
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Get(0); err != nil {
		t.Fatalf("work queued before Close: %v", err)
	}
	if err := p.Terminate(); err != nil {
		t.Fatalf("Terminate after Join: %v", err)
	}
}

func TestMaxTasksPerChild(t *testing.T) {
	p := newPool(t, 1, process.MaxTasksPerChild(2))
	pids := map[int]bool{}
	for range 6 {
		pid, err := process.ApplyAsync(p, process.Getpid, struct{}{}).Get(10 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		pids[pid] = true
	}
	if len(pids) != 3 {
		t.Fatalf("6 tasks, 2 per child, ran in %d workers; want 3", len(pids))
	}
}

func TestInitializer(t *testing.T) {
	p := newPool(t, 2, process.Initializer(poolInit, 42))
	got, err := process.Map(p, poolReadInit, make([]struct{}, 8), process.ChunkSize(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range got {
		if v != 42 {
			t.Fatalf("a task saw %d, want what the initializer set, 42", v)
		}
	}
}

// poolCounter is the shared Value a worker's initializer hands to its tasks.
var (
	poolCounter    *process.Value[int64]
	poolAttach     = process.RegisterTarget("pool.attach", func(v *process.Value[int64]) { poolCounter = v })
	poolCount      = process.Register("pool.count", func(n int) int64 { return poolCounter.Add(int64(n)) })
	poolCarryValue = process.Register("pool.carryValue", func(v *process.Value[int64]) int { return 0 })
)

// TestSharedMemoryThroughInitializer: shared objects reach a pool's tasks
// through the initializer, as in Python; in a task's argument they are
// refused with an error that says so.
func TestSharedMemoryThroughInitializer(t *testing.T) {
	counter, err := process.NewValue[int64](0)
	if err != nil {
		t.Fatal(err)
	}
	defer counter.Close()
	p := newPool(t, 2, process.Initializer(poolAttach, counter))
	if _, err := process.Map(p, poolCount, slices.Repeat([]int{1}, 1000), process.ChunkSize(10)); err != nil {
		t.Fatal(err)
	}
	if got := counter.Get(); got != 1000 {
		t.Fatalf("counter = %d after 1000 tasks added 1 each", got)
	}
	_, err = process.ApplyAsync(p, poolCarryValue, counter).Get(0)
	if err == nil || !strings.Contains(err.Error(), "can travel only in the argument of a Process or of a pool's initializer") {
		t.Fatalf("a Value in a task's argument: %v", err)
	}
}

func TestInitializerFails(t *testing.T) {
	_, err := process.NewPool(2, process.Initializer(poolInit, -1))
	var pe *process.PanicError
	if !errors.As(err, &pe) || pe.Value != "initializer refused" {
		t.Fatalf("NewPool with a failing initializer: %v", err)
	}
}

// TestImapBreakStopsWork: leaving the loop early stops handing out tasks.
func TestImapBreakStopsWork(t *testing.T) {
	p := newPool(t, 1)
	log := t.TempDir() + "/log"
	in := make([]logArg, 100)
	for i := range in {
		in[i] = logArg{File: log, N: i, Sleep: 5 * time.Millisecond}
	}
	for range process.Imap(p, poolLog, in) {
		break
	}
	p.Close()
	p.Join()
	data, _ := os.ReadFile(log)
	if n := strings.Count(string(data), "\n"); n >= 10 {
		t.Fatalf("%d tasks ran after the loop stopped at the first", n)
	}
}

func TestChunkSizeInvalid(t *testing.T) {
	p := newPool(t, 1)
	if _, err := process.Map(p, poolSquare, ints(3), process.ChunkSize(0)); err == nil {
		t.Fatal("ChunkSize(0) accepted")
	}
}

// TestNoDescriptorLeak: 100 pools started and ended leave the process's
// descriptors as they were.
func TestNoDescriptorLeak(t *testing.T) {
	process.Map(newPool(t, 2), poolSquare, ints(4)) // warm up: the lifeline, the trace
	before := openFDs(t)
	for range 100 {
		p, err := process.NewPool(2)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := process.Map(p, poolSquare, ints(4)); err != nil {
			t.Fatal(err)
		}
		p.Close()
		p.Join()
	}
	if after := openFDs(t); after > before {
		t.Fatalf("descriptors: %d before 100 pools, %d after", before, after)
	}
}

// The tests below run the test binary again as a parent program (selected
// with poolHelperEnv), to see what only a whole program shows: its output,
// and what happens to its workers when it is killed.

const poolHelperEnv = "PROCBOOK_POOL_HELPER"

var poolPrint = process.Register("pool.print", func(x int) int {
	fmt.Println("worker prints", x)
	return x * x
})

// TestPoolHelper is not a test: it is the parent program the tests below
// start, selected by poolHelperEnv.
func TestPoolHelper(t *testing.T) {
	mode := os.Getenv(poolHelperEnv)
	if mode == "" {
		t.Skip("run by other tests as a helper program")
	}
	p, err := process.NewPool(2)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	switch mode {
	case "output":
		got, err := process.Map(p, poolPrint, []int{1, 2, 3}, process.ChunkSize(1))
		fmt.Println("results", got, err)
		p.Close()
		p.Join()
	case "trace":
		process.Map(p, poolSquare, ints(6), process.ChunkSize(2))
		process.ApplyAsync(p, poolFaulty, -1).Get(0)
		p.Close()
		p.Join()
	case "terminate":
		process.ApplyAsync(p, poolSleep, time.Minute)
		process.ApplyAsync(p, poolSleep, time.Minute)
		process.ApplyAsync(p, poolSleep, time.Minute)
		time.Sleep(50 * time.Millisecond)
		p.Terminate()
	case "orphans":
		// Both at once, so that each worker takes one and prints its pid.
		a, b := process.ApplyAsync(p, poolSleep, 100*time.Millisecond), process.ApplyAsync(p, poolSleep, 100*time.Millisecond)
		for _, r := range []*process.AsyncResult[int]{a, b} {
			pid, _ := r.Get(0)
			fmt.Println("pid", pid)
		}
		process.ApplyAsync(p, poolSleep, time.Minute)
		process.ApplyAsync(p, poolSleep, time.Minute)
		fmt.Println("ready")
		time.Sleep(time.Minute)
	}
	os.Exit(0)
}

func helper(t *testing.T, mode string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestPoolHelper$")
	cmd.Env = append(os.Environ(), poolHelperEnv+"="+mode)
	return cmd
}

// TestWorkerOutputReachesStdout: what a task prints goes to the program's
// stdout, and results still come back (they travel on other descriptors).
func TestWorkerOutputReachesStdout(t *testing.T) {
	out, err := helper(t, "output").Output()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, want := range []string{"worker prints 1\n", "worker prints 2\n", "worker prints 3\n", "results [1 4 9] <nil>\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestNoWorkerOutlivesKilledParent: SIGKILL the pool's parent; its workers
// exit on their own.
func TestNoWorkerOutlivesKilledParent(t *testing.T) {
	cmd := helper(t, "orphans")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var pids []int
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && sc.Text() != "ready" {
		if s, ok := strings.CutPrefix(sc.Text(), "pid "); ok {
			pid, _ := strconv.Atoi(s)
			pids = append(pids, pid)
		}
	}
	if len(pids) == 0 {
		cmd.Process.Kill()
		t.Fatal("helper printed no worker pid")
	}
	cmd.Process.Kill()
	cmd.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for _, pid := range pids {
		for processExists(pid) {
			if time.Now().After(deadline) {
				t.Fatalf("worker %d outlived its killed parent", pid)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// TestPoolTrace: the trace shows the pool, its workers, and every task's
// start and end with the worker that ran it.
func TestPoolTrace(t *testing.T) {
	file := t.TempDir() + "/trace.jsonl"
	cmd := helper(t, "trace")
	cmd.Env = append(cmd.Env, process.TraceEnv+"="+file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	workers := map[int]bool{}
	tasks := map[int]bool{}
	var parent int
	for line := range strings.Lines(string(data)) {
		var e process.TraceEvent
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("bad trace line %q: %v", line, err)
		}
		count[e.Event]++
		switch e.Event {
		case "pool_start":
			parent = e.Pid
			if e.Size != 2 {
				t.Errorf("pool_start size %d, want 2", e.Size)
			}
		case "start":
			if e.Func == "process.worker" {
				workers[e.Pid] = true
			}
		case "task_end":
			if e.Func == "pool.square" && e.OK != nil && *e.OK {
				tasks[*e.Task] = true
			}
			if e.Func == "pool.faulty" && (e.OK == nil || *e.OK) {
				t.Errorf("the panicking task's end is not marked failed: %s", line)
			}
		}
	}
	for line := range strings.Lines(string(data)) {
		var e process.TraceEvent
		json.Unmarshal([]byte(line), &e)
		if strings.HasPrefix(e.Event, "task_") && (!workers[e.Pid] || e.PPid != parent || e.Time.IsZero()) {
			t.Errorf("task event not from a worker of the pool: %s", line)
		}
	}
	if count["pool_start"] != 1 || count["pool_end"] != 1 || len(workers) != 2 || count["exit"] != 2 {
		t.Errorf("events %v with %d workers; want one pool of 2 workers that start and exit", count, len(workers))
	}
	if count["task_start"] != 7 || count["task_end"] != 7 || len(tasks) != 6 {
		t.Errorf("task events %v, square tasks ended %v; want 7 starts and ends, tasks 0-5", count, tasks)
	}
}

// TestTerminateStartsNoWorker: workers killed by Terminate in the middle of
// their tasks are not replaced, and the pool's size is what started.
func TestTerminateStartsNoWorker(t *testing.T) {
	file := t.TempDir() + "/trace.jsonl"
	cmd := helper(t, "terminate")
	cmd.Env = append(cmd.Env, process.TraceEnv+"="+file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), `"event":"start","pid"`); n != 2 {
		t.Fatalf("%d workers started for a pool of 2 terminated mid-task:\n%s", n, data)
	}
}

// processExists reports whether pid is a live process (a zombie counts as
// gone: it has exited, and only its reaper is missing).
func processExists(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}
