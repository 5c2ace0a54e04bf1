package process_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// The pool under crashes at each stage, in the manner of loky's crash
// tests: a worker that dies idle, in a task, in its initializer's shared
// memory, a task that ends its goroutine, a result that panics while it is
// decoded, a message too large, bytes that are not a message, a worker
// that cannot be started.

// goexitArg makes poolCrashy call runtime.Goexit; strayArg makes it write
// four stray bytes to its report pipe, forgeArg a well-formed message out
// of sequence.
const (
	goexitArg = -10
	strayArg  = -11
	forgeArg  = -12
)

var (
	poolCrashy = process.Register("crash.crashy", func(x int) int {
		switch x {
		case goexitArg:
			runtime.Goexit()
		case strayArg:
			os.NewFile(4, "report").Write([]byte{1, 2, 3, 4})
		case forgeArg:
			os.NewFile(4, "report").Write(forgedResults(77))
		}
		return x
	})
	goexitTarget = process.RegisterTarget("crash.goexitTarget", func(struct{}) { runtime.Goexit() })

	touchyIn  = process.Register("crash.touchyIn", func(t touchy) int { return t.N })
	touchyOut = process.Register("crash.touchyOut", func(n int) touchy { return touchy{N: n} })

	bytesOfSize = process.Register("crash.bytesOfSize", func(n int) []byte { return make([]byte, n) })
	lenOfBytes  = process.Register("crash.lenOfBytes", func(b []byte) int { return len(b) })

	listLen = process.Register("crash.listLen", func(l *listNode) int {
		n := 0
		for ; l != nil; l = l.Next {
			n++
		}
		return n
	})
)

// forgedResults is a msgResults frame for one int, well-formed but
// numbered 0, which no stream uses.
func forgedResults(v int) []byte {
	body := binary.LittleEndian.AppendUint32(nil, 0) // from
	body = binary.LittleEndian.AppendUint32(body, 1) // count
	body = append(body, 1, 0)                        // last, resultsWhole
	body = binary.LittleEndian.AppendUint32(body, 0) // no failures
	body = binary.LittleEndian.AppendUint64(body, uint64(v))
	h := make([]byte, 16)
	binary.LittleEndian.PutUint32(h, uint32(len(body)))
	h[8] = 13
	binary.LittleEndian.PutUint32(h[12:], crc32.Checksum(h[:12], crc32.MakeTable(crc32.Castagnoli))^0x70726f63)
	return append(h, body...)
}

// touchy encodes itself, and its decoding panics for 13.
type touchy struct{ N int }

func (t touchy) MarshalBinary() ([]byte, error) { return []byte{byte(t.N)}, nil }
func (t *touchy) UnmarshalBinary(b []byte) error {
	if b[0] == 13 {
		panic("touchy: 13 is unlucky")
	}
	t.N = int(b[0])
	return nil
}

type listNode struct {
	V    int
	Next *listNode
}

func list(n int) *listNode {
	var l *listNode
	for i := range n {
		l = &listNode{V: i, Next: l}
	}
	return l
}

// getWithin collects r, failing the test instead of hanging if it takes
// more than a minute.
func getWithin[R any](t *testing.T, r *process.AsyncResult[R]) (R, error) {
	t.Helper()
	v, err := r.Get(time.Minute)
	if errors.Is(err, process.ErrTimeout) {
		t.Fatalf("no result after a minute: the pool hangs")
	}
	return v, err
}

// TestInitializerSharedObjectsOutliveTheirHandle: the workers a pool starts
// late (MaxTasksPerChild) still reach the initializer's Value after the
// caller closed its handle and it was collected.
func TestInitializerSharedObjectsOutliveTheirHandle(t *testing.T) {
	counter, err := process.NewValue[int64](0)
	if err != nil {
		t.Fatal(err)
	}
	p := newPool(t, 1, process.Initializer(poolAttach, counter), process.MaxTasksPerChild(2))
	counter.Close()
	counter = nil
	runtime.GC()
	runtime.GC()
	got, err := process.Map(p, poolCount, []int{1, 1, 1, 1, 1, 1}, process.ChunkSize(1))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []int64{1, 2, 3, 4, 5, 6}) {
		t.Fatalf("three workers in turn added 1 six times: %v, want 1 to 6", got)
	}
}

// TestTaskToWorkerThatDiedIdleIsRetried: a worker killed while idle, with
// tasks sent to it before its death is noticed: every task runs.
func TestTaskToWorkerThatDiedIdleIsRetried(t *testing.T) {
	p := newPool(t, 1)
	for range 3 {
		pid, err := getWithin(t, process.ApplyAsync(p, process.Getpid, struct{}{}))
		if err != nil {
			t.Fatal(err)
		}
		if w, err := os.FindProcess(pid); err == nil {
			w.Kill()
		}
		results := make([]*process.AsyncResult[int], 10)
		for i := range results {
			results[i] = process.ApplyAsync(p, poolSquare, i)
		}
		for i, r := range results {
			if v, err := getWithin(t, r); err != nil || v != i*i {
				t.Fatalf("task %d after its worker died idle: %d, %v; want %d, nil", i, v, err, i*i)
			}
		}
	}
}

// TestWorkerDeathFailsOnlyItsTask: a worker dies in the middle of a chunk;
// its task fails, every other task of the chunk and the call completes.
func TestWorkerDeathFailsOnlyItsTask(t *testing.T) {
	p := newPool(t, 2)
	in := ints(100)
	in[55] = -3 // SIGKILL
	for _, chunk := range []int{10, 13, 100} {
		var failed []int
		n := 0
		for v, err := range process.Imap(p, poolFaulty, in, process.ChunkSize(chunk)) {
			var we *process.WorkerError
			var te *process.TaskError
			switch {
			case err == nil:
				if v != in[n] {
					t.Fatalf("chunk %d: task %d gave %d", chunk, n, v)
				}
			case errors.As(err, &we) && errors.As(err, &te) && we.Code == -9:
				failed = append(failed, te.Index)
			default:
				t.Fatalf("chunk %d: task %d: %v", chunk, n, err)
			}
			n++
		}
		if n != 100 || !slices.Equal(failed, []int{55}) {
			t.Fatalf("chunk %d: %d results, tasks %v failed; want 100, task 55 alone", chunk, n, failed)
		}
	}
	_, err := process.Map(p, poolFaulty, in)
	var te *process.TaskError
	if !errors.As(err, &te) || te.Index != 55 {
		t.Fatalf("Map: %v, want task 55's error", err)
	}
}

// TestGoexitIsAnError: runtime.Goexit in a Process's target or a pool task
// ends in an error that says so, not in a wait for ever.
func TestGoexitIsAnError(t *testing.T) {
	proc := process.New(goexitTarget, struct{}{})
	startOrFatal(t, proc)
	done := make(chan error, 1)
	go func() { done <- proc.Join() }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "runtime.Goexit") {
			t.Errorf("Join of a target that called Goexit: %v", err)
		}
	case <-time.After(time.Minute):
		proc.Kill()
		t.Fatal("Join of a target that called Goexit hangs")
	}
	p := newPool(t, 1)
	in := []int{1, goexitArg, 3, 4}
	var got []string
	for v, err := range process.Imap(p, poolCrashy, in, process.ChunkSize(4)) {
		if err != nil {
			got = append(got, err.Error())
		} else {
			got = append(got, fmt.Sprint(v))
		}
	}
	if len(got) != 4 || got[0] != "1" || !strings.Contains(got[1], "runtime.Goexit") || got[2] != "3" || got[3] != "4" {
		t.Fatalf("a chunk with a task that calls Goexit gave %q", got)
	}
}

// TestDecodePanicIsTheTasksError: an UnmarshalBinary that panics fails the
// task it decodes, with its message, in the worker and in the parent.
func TestDecodePanicIsTheTasksError(t *testing.T) {
	p := newPool(t, 1)
	if _, err := getWithin(t, process.ApplyAsync(p, touchyIn, touchy{N: 13})); err == nil || !strings.Contains(err.Error(), "13 is unlucky") {
		t.Errorf("an argument whose decoding panics: %v", err)
	}
	if _, err := getWithin(t, process.ApplyAsync(p, touchyOut, 13)); err == nil || !strings.Contains(err.Error(), "13 is unlucky") {
		t.Errorf("a result whose decoding panics: %v", err)
	}
	got, err := process.Map(p, touchyOut, []int{1, 2, 3})
	if err != nil || len(got) != 3 || got[2].N != 3 {
		t.Errorf("the pool after decoding panics: %v, %v", got, err)
	}
}

// TestMessageSizeLimit: an argument or result over the limit of a message
// fails its own task with an error that says so; a batch over the limit is
// cut, results over it come in pieces, and every other task completes.
func TestMessageSizeLimit(t *testing.T) {
	defer process.SetMaxMessage(1 << 20)()
	p := newPool(t, 1)
	_, err := getWithin(t, process.ApplyAsync(p, lenOfBytes, make([]byte, 2<<20)))
	var we *process.WorkerError
	if err == nil || errors.As(err, &we) || !strings.Contains(err.Error(), "one message may carry") {
		t.Errorf("an argument over the limit: %v", err)
	}
	_, err = getWithin(t, process.ApplyAsync(p, bytesOfSize, 2<<20))
	if err == nil || errors.As(err, &we) || !strings.Contains(err.Error(), "one message may carry") {
		t.Errorf("a result over the limit: %v", err)
	}
	args := [][]byte{make([]byte, 400<<10), make([]byte, 400<<10), make([]byte, 400<<10), make([]byte, 2<<20), make([]byte, 400<<10)}
	got, err := process.Map(p, lenOfBytes, args, process.ChunkSize(5))
	var te *process.TaskError
	if !errors.As(err, &te) || te.Index != 3 {
		t.Errorf("a chunk of arguments over the limit, one alone over it: %v, %v; want task 3 to fail", got, err)
	}
	sizes := []int{400 << 10, 400 << 10, 400 << 10, 400 << 10}
	res, err := process.Map(p, bytesOfSize, sizes, process.ChunkSize(4))
	if err != nil || len(res) != 4 || len(res[3]) != 400<<10 {
		t.Errorf("results over the limit together: %d results, %v", len(res), err)
	}
}

// TestLinkedListTravels: a list of a hundred (or thousands of) nodes
// travels; one too deep is refused with a short error.
func TestLinkedListTravels(t *testing.T) {
	p := newPool(t, 1)
	for _, n := range []int{100, 5000} {
		if got, err := getWithin(t, process.ApplyAsync(p, listLen, list(n))); err != nil || got != n {
			t.Errorf("a list of %d nodes: %d, %v", n, got, err)
		}
	}
	_, err := getWithin(t, process.ApplyAsync(p, listLen, list(50000)))
	if err == nil || !strings.Contains(err.Error(), "nests more than") || len(err.Error()) > 300 {
		t.Errorf("a list of 50,000 nodes: %d bytes of error: %.500v", len(fmt.Sprint(err)), err)
	}
}

// TestBytesThatAreNotAMessage: a task that writes to the worker's report
// pipe fails with an error that says so, at once; the pool goes on, and
// no later result is shifted.
func TestBytesThatAreNotAMessage(t *testing.T) {
	p := newPool(t, 1)
	for _, arg := range []int{strayArg, forgeArg} {
		_, err := getWithin(t, process.ApplyAsync(p, poolCrashy, arg))
		if err == nil || !strings.Contains(err.Error(), "descriptor 4") {
			t.Errorf("task %d, which writes to descriptor 4: %v", arg, err)
		}
		for i := range 3 {
			if v, err := getWithin(t, process.ApplyAsync(p, poolSquare, i)); err != nil || v != i*i {
				t.Errorf("after task %d: square(%d) = %d, %v", arg, i, v, err)
			}
		}
	}
}

// TestPoolRecoversFromFailedWorkerStarts: workers that cannot be started
// for a while (as when descriptors run out) fail the work nobody can run,
// and the pool serves again once they can; while another worker lives, no
// task fails at all.
func TestPoolRecoversFromFailedWorkerStarts(t *testing.T) {
	var starts atomic.Int64
	failing := func(from, to int64) func() error {
		starts.Store(0)
		return func() error {
			if n := starts.Add(1); n >= from && n <= to {
				return fmt.Errorf("start %d: %w", n, syscall.EMFILE)
			}
			return nil
		}
	}
	p := newPool(t, 1, process.MaxTasksPerChild(1))
	restore := process.SetStartWorkerFault(failing(1, 2))
	defer restore()
	var outcomes []string
	for i := range 5 {
		_, err := getWithin(t, process.ApplyAsync(p, poolSquare, i))
		if err != nil && !errors.Is(err, syscall.EMFILE) {
			t.Fatalf("task %d: %v", i, err)
		}
		outcomes = append(outcomes, fmt.Sprint(err == nil))
	}
	if want := []string{"true", "false", "false", "true", "true"}; !slices.Equal(outcomes, want) {
		t.Errorf("tasks succeeded %v, want %v: the pool must recover", outcomes, want)
	}
	restore()

	p2 := newPool(t, 2)
	defer process.SetStartWorkerFault(failing(1, 3))()
	in := ints(40)
	in[3] = -3
	failed := 0
	for _, err := range process.ImapUnordered(p2, poolFaulty, in) {
		if err != nil {
			failed++
		}
	}
	if failed != 1 {
		t.Errorf("%d tasks failed while one of two workers could not be replaced; want 1, the one that killed it", failed)
	}
}

// TestLifelineTellsParentGoneFromClosedDescriptor: a child whose function
// closes descriptor 3 runs to its end, and a lifeline read that fails
// other than by EOF is said in words, not taken for the parent's death.
func TestLifelineTellsParentGoneFromClosedDescriptor(t *testing.T) {
	proc := process.New(closeFD3Target, 100*time.Millisecond)
	startOrFatal(t, proc)
	if err := proc.Join(); err != nil {
		t.Errorf("a child that closed descriptor 3: %v", err)
	}
	if code, msg := process.LifelineEnded(nil); code != 1 || msg != "" {
		t.Errorf("EOF on the lifeline: exit %d, %q; want 1, silent", code, msg)
	}
	if code, msg := process.LifelineEnded(syscall.EBADF); code == 1 || !strings.Contains(msg, "lifeline") {
		t.Errorf("a failed lifeline read: exit %d, %q; want another code and a message", code, msg)
	}
}

var closeFD3Target = process.RegisterTarget("crash.closeFD3", func(d time.Duration) {
	syscall.Close(3)
	time.Sleep(d)
})

type unexportedArgs struct {
	Name  string
	count int
}

var takesUnexported = process.Register("crash.takesUnexported", func(a unexportedArgs) int { return a.count })

// TestUnexportedFieldsAreRefused: an argument type with an unexported
// field is refused by Start and by the pool, naming the type and the
// field, where it would travel without the field's value.
func TestUnexportedFieldsAreRefused(t *testing.T) {
	want := "cannot send process_test.unexportedArgs to a child (the argument of crash.takesUnexported): field count is unexported; export it (Count) so it can travel"
	err := process.New(takesUnexported, unexportedArgs{count: 1}).Start()
	if err == nil || err.Error() != "process: "+want {
		t.Errorf("Start: %v\nwant: process: %s", err, want)
	}
	p := newPool(t, 1)
	_, err = process.ApplyAsync(p, takesUnexported, unexportedArgs{}).Get(0)
	if err == nil || !strings.Contains(err.Error(), "field count is unexported; export it (Count)") {
		t.Errorf("ApplyAsync: %v", err)
	}
	// time.Time has unexported fields but encodes itself.
	if _, err := process.ApplyAsync(p, poolEcho, box{V: 1}).Get(0); err != nil {
		t.Errorf("a struct of exported fields: %v", err)
	}
}
