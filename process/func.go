package process

import (
	"fmt"
	"reflect"
	"sync"
)

// Func is a function registered under a name, so that a child process (the
// same binary, re-executed) can find it and run it. Its argument T and result
// R travel between processes encoded (see Register for what can travel).
// Make one with Register or RegisterTarget, at package level.
type Func[T, R any] struct {
	name string
	fn   func(T) R

	travelOnce sync.Once
	travelErr  error
}

// Name returns the name fn was registered under.
func (f *Func[T, R]) Name() string { return f.name }

// runner is what a child needs to run a registered function without knowing
// its types: decode the argument, call, encode the result.
type runner interface {
	// runProcess decodes an encoded argument and calls the function, as the
	// target of a Process; the result is dropped, as Python drops a target's.
	runProcess(arg []byte) error
	// runBatch runs the function over a batch of encoded arguments, as pool
	// tasks, and sends the pool the results; see pool_worker.go.
	runBatch(args []byte, w *workerSide) error
}

var registry = struct {
	sync.Mutex
	funcs map[string]runner
}{funcs: map[string]runner{}}

// Register registers fn under name and returns the handle to run it in a
// child process (New) or a pool (Map, ApplyAsync, ...). Call it at package
// level, as in
//
//	var square = process.Register("square", func(x int) int { return x * x })
//
// so that it has run, in the child too, before Main. The name must be
// unique within the program; registering it twice panics.
//
// T and R travel between processes encoded (see codec.go): booleans,
// numbers, strings, slices, arrays, maps, pointers and structs of them
// (exported fields only, as with gob), and types that encode themselves
// (GobEncode/GobDecode, MarshalBinary/UnmarshalBinary, as time.Time); no
// funcs or chans, and interface values only of predeclared types. A
// function taking several arguments takes a struct. *Array, *Value, *Lock and *Queue may
// travel inside a Process's argument, and there name the same shared object.
func Register[T, R any](name string, fn func(T) R) *Func[T, R] {
	if fn == nil {
		panic(fmt.Sprintf("process: Register(%q) with a nil function", name))
	}
	f := &Func[T, R]{name: name, fn: fn}
	register(name, f)
	return f
}

// cannotTravel returns why T or R cannot travel to or from a pool worker
// (a func or chan inside, an unexported field), or nil.
// Types do not change, so it is worked out once.
func (f *Func[T, R]) cannotTravel() error {
	f.travelOnce.Do(func() {
		if err := cannotSend(reflect.TypeFor[T](), "to a pool worker (the argument of "+f.name+")"); err != nil {
			f.travelErr = err
		} else if err := cannotSend(reflect.TypeFor[R](), "back from a pool worker (the result of "+f.name+")"); err != nil {
			f.travelErr = err
		}
	})
	return f.travelErr
}

// RegisterTarget registers fn, a function with no result, as a target for
// New: Python's Process(target=fn, args=(arg,)). Its result type is
// struct{}, so it may run in a pool too.
func RegisterTarget[T any](name string, fn func(T)) *Func[T, struct{}] {
	if fn == nil {
		panic(fmt.Sprintf("process: RegisterTarget(%q) with a nil function", name))
	}
	return Register(name, func(arg T) struct{} {
		fn(arg)
		return struct{}{}
	})
}

// register adds r to the registry, panicking on a duplicate name or on a
// registration after Main: a child runs Main before any later registration
// could happen, so it would not find the function.
func register(name string, r runner) {
	if name == "" {
		panic("process: Register with an empty name")
	}
	if mainCalled.Load() {
		panic(fmt.Sprintf("process: Register(%q) after Main: register at package level, so that children see it too", name))
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.funcs[name]; dup {
		panic(fmt.Sprintf("process: Register called twice for name %q", name))
	}
	registry.funcs[name] = r
}

// lookup returns the function registered under name.
func lookup(name string) (runner, bool) {
	registry.Lock()
	defer registry.Unlock()
	r, ok := registry.funcs[name]
	return r, ok
}

// runProcess implements runner.
func (f *Func[T, R]) runProcess(arg []byte) error {
	v, err := decode[T](arg)
	if err != nil {
		return fmt.Errorf("process: decoding the argument of %s: %w", f.name, err)
	}
	f.fn(v)
	return nil
}
