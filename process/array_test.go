package process_test

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/process"
)

// squareJob is one child's share of the work: square one element in place.
type squareJob struct {
	Index int
	Arr   *process.Array[int32]
}

var squareInPlace = process.RegisterTarget("shm_test.squareInPlace", func(j squareJob) {
	v := j.Arr.Get(j.Index)
	j.Arr.Set(j.Index, v*v)
})

func TestArraySquaredInPlaceByTenChildren(t *testing.T) {
	arr, err := process.NewArray([]int32{2, 4, 3, 5, 6, 7, 5, 5, 7, 8})
	if err != nil {
		t.Fatal(err)
	}
	defer arr.Close()
	var procs []*process.Process
	for i := range arr.Len() {
		p := process.New(squareInPlace, squareJob{Index: i, Arr: arr})
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
	want := []int32{4, 16, 9, 25, 36, 49, 25, 25, 49, 64}
	if got := arr.Slice(); !slices.Equal(got, want) {
		t.Errorf("after the children: %v, want %v", got, want)
	}
}

// incrementAll adds 1 to every element of an array, in a child.
func incrementAll[T process.Number](a *process.Array[T]) {
	for i := range a.Len() {
		a.Set(i, a.Get(i)+1)
	}
}

var (
	incInt8    = process.RegisterTarget("shm_test.incInt8", incrementAll[int8])
	incUint16  = process.RegisterTarget("shm_test.incUint16", incrementAll[uint16])
	incInt32   = process.RegisterTarget("shm_test.incInt32", incrementAll[int32])
	incInt     = process.RegisterTarget("shm_test.incInt", incrementAll[int])
	incUint64  = process.RegisterTarget("shm_test.incUint64", incrementAll[uint64])
	incFloat32 = process.RegisterTarget("shm_test.incFloat32", incrementAll[float32])
	incFloat64 = process.RegisterTarget("shm_test.incFloat64", incrementAll[float64])
)

// checkIncrementedByChild runs f on an array of init in a child and checks
// that the parent sees every element incremented.
func checkIncrementedByChild[T process.Number](t *testing.T, f *process.Func[*process.Array[T], struct{}], init []T) {
	t.Helper()
	a, err := process.NewArray(init)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p := process.New(f, a)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
	for i, v := range init {
		if got := a.Get(i); got != v+1 {
			t.Errorf("%T element %d: %v, want %v", v, i, got, v+1)
		}
	}
}

func TestArrayOfEachNumberTypeInChild(t *testing.T) {
	checkIncrementedByChild(t, incInt8, []int8{-128 + 1, 0, 126})
	checkIncrementedByChild(t, incUint16, []uint16{0, 1000, 65534})
	checkIncrementedByChild(t, incInt32, []int32{-7, 0, 1 << 30})
	checkIncrementedByChild(t, incInt, []int{-1, 1 << 40})
	checkIncrementedByChild(t, incUint64, []uint64{0, 1<<64 - 2})
	checkIncrementedByChild(t, incFloat32, []float32{0.5, -2.25})
	checkIncrementedByChild(t, incFloat64, []float64{0.5, 1e300, -3})
}

func TestArrayGetSetSlice(t *testing.T) {
	init := []float64{1.5, -2, 3}
	a, err := process.NewArray(init)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	init[0] = 99 // NewArray copied it
	if a.Len() != 3 {
		t.Errorf("Len = %d, want 3", a.Len())
	}
	if got := a.Get(0); got != 1.5 {
		t.Errorf("Get(0) = %v, want 1.5", got)
	}
	a.Set(2, 7.25)
	s := a.Slice()
	if want := []float64{1.5, -2, 7.25}; !slices.Equal(s, want) {
		t.Errorf("Slice = %v, want %v", s, want)
	}
	s[0] = 42 // Slice copied it
	if got := a.Get(0); got != 1.5 {
		t.Errorf("Get(0) after changing Slice's result = %v, want 1.5", got)
	}
	a.Lock()
	a.Set(1, a.Get(1)*10)
	a.Unlock()
	if got := a.Get(1); got != -20 {
		t.Errorf("Get(1) = %v, want -20", got)
	}
}

func TestArrayEmpty(t *testing.T) {
	a, err := process.NewArray[int]([]int{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != 0 || len(a.Slice()) != 0 {
		t.Errorf("empty array: Len %d, Slice %v", a.Len(), a.Slice())
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
}

// mustPanic calls f and returns the panic's message, failing if f returns.
func mustPanic(t *testing.T, what string, f func()) (msg string) {
	t.Helper()
	defer func() {
		v := recover()
		if v == nil {
			t.Errorf("%s did not panic", what)
		}
		msg = fmt.Sprint(v)
	}()
	f()
	return ""
}

func TestArrayIndexOutOfRangePanics(t *testing.T) {
	a, err := process.NewArray([]int16{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, i := range []int{2, -1} {
		msg := mustPanic(t, fmt.Sprintf("Get(%d)", i), func() { a.Get(i) })
		if !strings.Contains(msg, "index out of range") {
			t.Errorf("Get(%d) panicked with %q, want an index out of range", i, msg)
		}
		mustPanic(t, fmt.Sprintf("Set(%d)", i), func() { a.Set(i, 0) })
	}
}

func TestArrayAfterClose(t *testing.T) {
	a, err := process.NewArray([]int{1})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); !errors.Is(err, process.ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	for name, f := range map[string]func(){
		"Get": func() { a.Get(0) }, "Set": func() { a.Set(0, 1) }, "Slice": func() { a.Slice() },
		"Lock": a.Lock, "Unlock": a.Unlock,
	} {
		msg := mustPanic(t, name+" after Close", f)
		if !strings.Contains(msg, "process: Array."+name+" after Close") {
			t.Errorf("%s after Close panicked with %q", name, msg)
		}
	}
	var zero process.Array[int]
	msg := mustPanic(t, "Get on a zero Array", func() { zero.Get(0) })
	if !strings.Contains(msg, "not made by NewArray") {
		t.Errorf("Get on a zero Array panicked with %q", msg)
	}
}

func TestArrayUnlockOfUnlockedPanics(t *testing.T) {
	a, err := process.NewArray([]int{1})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	mustPanic(t, "Unlock of an unlocked Array", a.Unlock)
}

func TestArrayPassedOutsideArgumentFails(t *testing.T) {
	a, err := process.NewArray([]int{1})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	q, err := process.NewQueue[*process.Array[int]](1)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	err = q.Put(a)
	if err == nil || !strings.Contains(err.Error(), "can travel only in the argument") {
		t.Errorf("an Array put in a Queue: %v", err)
	}
}

// openFDs counts this process's open descriptors.
func openFDs(t *testing.T) int { return selfEntries(t, "fd", "descriptors") }

// osThreads counts this process's threads.
func osThreads(t *testing.T) int { return selfEntries(t, "task", "threads") }

// selfEntries counts the entries of /proc/self/<dir>; where there is no
// such folder, it skips the test, saying what it could not count.
func selfEntries(t *testing.T, dir, what string) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/" + dir)
	if err != nil {
		t.Skipf("counting %s: %v", what, err)
	}
	return len(entries)
}

func TestArrayCreateAndCloseLeavesNoDescriptors(t *testing.T) {
	before := openFDs(t)
	for range 1000 {
		a, err := process.NewArray([]int64{1, 2, 3})
		if err != nil {
			t.Fatal(err)
		}
		a.Set(1, 5)
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if after := openFDs(t); after > before {
		t.Errorf("open descriptors went from %d to %d after creating and closing 1000 arrays", before, after)
	}
}

// mappings counts this process's memory mappings.
func mappings(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Skipf("counting mappings: %v", err)
	}
	return strings.Count(string(data), "\n")
}

// TestArrayInChildrenLeavesNothing: arrays created, handed to a child that
// squares them, and closed, a few hundred times, leave neither descriptors
// nor mappings behind in the parent.
func TestArrayInChildrenLeavesNothing(t *testing.T) {
	cycle := func() error {
		a, err := process.NewArray([]int32{3, 4})
		if err != nil {
			return err
		}
		p := process.New(squareInPlace, squareJob{Index: 1, Arr: a})
		if err := p.Start(); err != nil {
			return err
		}
		if err := p.Join(); err != nil {
			return err
		}
		if got := a.Get(1); got != 16 {
			return fmt.Errorf("the child squared 4 into %d", got)
		}
		return a.Close()
	}
	// A first round at the same concurrency starts the threads the cycles
	// need: each thread has a stack mapping or two, which stay, and are
	// no leak.
	runCycles(t, 4*runtime.NumCPU(), cycle)
	fds, maps, threads := openFDs(t), mappings(t), osThreads(t)
	runCycles(t, 300, cycle)
	if after := openFDs(t); after > fds {
		t.Errorf("open descriptors went from %d to %d", fds, after)
	}
	// The Go heap may grow a mapping or two, and a thread started since
	// brings two (its stack and guard page); a leak would add one per cycle.
	if after, more := mappings(t), max(0, osThreads(t)-threads); after > maps+10+2*more {
		t.Errorf("mappings went from %d to %d after 300 cycles (%d threads more)", maps, after, more)
	}
}

func TestArrayForgottenIsReleased(t *testing.T) {
	before := openFDs(t)
	for range 100 {
		if _, err := process.NewArray([]int64{1, 2, 3}); err != nil {
			t.Fatal(err)
		}
	}
	if openFDs(t) < before+100 {
		t.Fatalf("100 open arrays hold fewer than 100 descriptors: the count is not measuring them")
	}
	deadline := time.Now().Add(10 * time.Second)
	for openFDs(t) > before {
		if time.Now().After(deadline) {
			t.Fatalf("open descriptors still %d, %d before: forgotten arrays were not released", openFDs(t), before)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}

var doubleAll = process.RegisterTarget("shm_test.doubleAll", func(a *process.Array[uint32]) {
	a.Lock()
	defer a.Unlock()
	for i := range a.Len() {
		a.Set(i, 2*a.Get(i))
	}
})

func TestArrayAsTheWholeArgument(t *testing.T) {
	a, err := process.NewArray([]uint32{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p := process.New(doubleAll, a)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
	if got := a.Slice(); !slices.Equal(got, []uint32{2, 4, 6}) {
		t.Errorf("after the child: %v, want [2 4 6]", got)
	}
}

func TestArrayClosedCannotBePassed(t *testing.T) {
	a, err := process.NewArray([]int32{1})
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	err = process.New(squareInPlace, squareJob{Arr: a}).Start()
	if !errors.Is(err, process.ErrClosed) {
		t.Errorf("Start with a closed Array in the argument: %v, want ErrClosed", err)
	}
}
