package process_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// counterJob is what each counting child gets: the value to count on, the
// lock to count under (nil: use Add), and how many times to add 1.
type counterJob struct {
	Counter *process.Value[int64]
	Lock    *process.Lock
	Times   int
}

var (
	countUnderLock = process.RegisterTarget("shm_test.countUnderLock", func(j counterJob) {
		for range j.Times {
			j.Lock.Lock()
			j.Counter.Set(j.Counter.Get() + 1)
			j.Lock.Unlock()
		}
	})
	countWithAdd = process.RegisterTarget("shm_test.countWithAdd", func(j counterJob) {
		for range j.Times {
			j.Counter.Add(1)
		}
	})
	countUnderValueLock = process.RegisterTarget("shm_test.countUnderValueLock", func(j counterJob) {
		for range j.Times {
			j.Counter.Lock()
			j.Counter.Set(j.Counter.Get() + 1)
			j.Counter.Unlock()
		}
	})
	countCarelessly = process.RegisterTarget("shm_test.countCarelessly", func(j counterJob) {
		for range j.Times {
			j.Counter.Set(j.Counter.Get() + 1)
		}
	})
)

// runCounters runs four children of f, each adding 1 two thousand times,
// and returns the final count.
func runCounters(t *testing.T, f *process.Func[counterJob, struct{}], withLock bool) int64 {
	t.Helper()
	counter, err := process.NewValue[int64](0)
	if err != nil {
		t.Fatal(err)
	}
	defer counter.Close()
	job := counterJob{Counter: counter, Times: 2000}
	if withLock {
		l, err := process.NewLock()
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		job.Lock = l
	}
	var procs []*process.Process
	for range 4 {
		p := process.New(f, job)
		if err := p.Start(); err != nil {
			t.Fatal(err)
		}
		procs = append(procs, p)
	}
	for _, p := range procs {
		if err := p.Join(); err != nil {
			t.Fatal(err)
		}
	}
	return counter.Get()
}

func TestValueCountedUnderLockByFourChildren(t *testing.T) {
	if got := runCounters(t, countUnderLock, true); got != 8000 {
		t.Errorf("four children adding 1 two thousand times under a Lock: %d, want 8000", got)
	}
}

func TestValueCountedWithAddByFourChildren(t *testing.T) {
	if got := runCounters(t, countWithAdd, false); got != 8000 {
		t.Errorf("four children each calling Add(1) two thousand times: %d, want 8000", got)
	}
}

func TestValueCountedUnderItsOwnLockByFourChildren(t *testing.T) {
	if got := runCounters(t, countUnderValueLock, false); got != 8000 {
		t.Errorf("four children adding 1 two thousand times under the value's lock: %d, want 8000", got)
	}
}

// Without a lock, updates may be lost (or not, when the children happen not
// to overlap): the count is at most 8000, and nothing else is certain.
func TestValueCountedWithoutLockByFourChildren(t *testing.T) {
	got := runCounters(t, countCarelessly, false)
	if got < 1 || got > 8000 {
		t.Errorf("four children adding 1 two thousand times without a lock: %d, want 1 to 8000", got)
	}
	t.Logf("without a lock: %d of 8000", got)
}

func TestValueGetSetAdd(t *testing.T) {
	v, err := process.NewValue(1.5)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if got := v.Get(); got != 1.5 {
		t.Errorf("Get = %v, want 1.5", got)
	}
	v.Set(-2)
	if got := v.Add(0.25); got != -1.75 {
		t.Errorf("Add(0.25) = %v, want -1.75", got)
	}
	if got := v.Get(); got != -1.75 {
		t.Errorf("Get after Add = %v, want -1.75", got)
	}

	u, err := process.NewValue[uint8](255)
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	if got := u.Add(1); got != 0 {
		t.Errorf("uint8 255 + 1 = %d, want 0 (wrapped)", got)
	}
}

func TestValueAfterClose(t *testing.T) {
	v, err := process.NewValue[int32](7)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); !errors.Is(err, process.ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	for name, f := range map[string]func(){
		"Get": func() { v.Get() }, "Set": func() { v.Set(1) }, "Add": func() { v.Add(1) },
		"Lock": v.Lock, "Unlock": v.Unlock,
	} {
		msg := mustPanic(t, name+" after Close", f)
		if !strings.Contains(msg, "process: Value."+name+" after Close") {
			t.Errorf("%s after Close panicked with %q", name, msg)
		}
	}
}

// poolTotal is, in a pool worker, the Value its initializer received.
var poolTotal *process.Value[int64]

var (
	keepPoolTotal = process.RegisterTarget("shm_test.keepPoolTotal", func(v *process.Value[int64]) {
		poolTotal = v
	})
	addToPoolTotal = process.Register("shm_test.addToPoolTotal", func(x int64) int64 {
		return poolTotal.Add(x)
	})
)

func TestValueReachesPoolWorkersThroughTheInitializer(t *testing.T) {
	total, err := process.NewValue[int64](0)
	if err != nil {
		t.Fatal(err)
	}
	defer total.Close()
	pool, err := process.NewPool(2, process.Initializer(keepPoolTotal, total))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Terminate()
	in := make([]int64, 100)
	for i := range in {
		in[i] = int64(i + 1)
	}
	if _, err := process.Map(pool, addToPoolTotal, in); err != nil {
		t.Fatal(err)
	}
	if got := total.Get(); got != 5050 {
		t.Errorf("sum of 1..100 added by pool workers: %d, want 5050", got)
	}
}

func TestValueInAPoolTaskFails(t *testing.T) {
	v, err := process.NewValue[int64](0)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	pool, err := process.NewPool(1)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Terminate()
	_, err = process.ApplyAsync(pool, keepPoolTotal, v).Get(10 * time.Second)
	if err == nil || !strings.Contains(err.Error(), "can travel only in the argument") {
		t.Errorf("a Value as a pool task's argument: %v, want an error saying where shared objects travel", err)
	}
}

// TestValueAddOfEveryKind: Add is atomic for every kind of number, the
// atomic add of integers, the compare-and-swap loop of floats and the lock
// of small numbers alike: 4 goroutines adding 1000 times lose nothing.
func TestValueAddOfEveryKind(t *testing.T) {
	t.Run("int64", func(t *testing.T) { addConcurrently[int64](t, 1, 4000) })
	t.Run("uint32", func(t *testing.T) { addConcurrently[uint32](t, 3, 12000) })
	t.Run("float64", func(t *testing.T) { addConcurrently[float64](t, 0.5, 2000) })
	t.Run("float32", func(t *testing.T) { addConcurrently[float32](t, 0.25, 1000) })
	t.Run("int16", func(t *testing.T) { addConcurrently[int16](t, 2, 8000) })
	t.Run("int8 wraps", func(t *testing.T) { addConcurrently[int8](t, 1, int8(4000%256-256)) })
}

func addConcurrently[T process.Number](t *testing.T, d, want T) {
	v, err := process.NewValue[T](0)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 1000 {
				v.Add(d)
			}
		})
	}
	wg.Wait()
	if got := v.Get(); got != want {
		t.Errorf("4×1000 Adds of %v: %v, want %v", d, got, want)
	}
}
