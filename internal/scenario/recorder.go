package scenario

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

// recorder is the testscript.T of one scenario: where a Go test would
// fail, it records the failure, so that a scenario can be judged outside
// `go test` (in the checker) as well as inside.
//
// Like testing.T, FailNow and Skip end the goroutine that calls them
// (runtime.Goexit); Run therefore runs each function in a goroutine of its
// own and waits for it.
type recorder struct {
	verbose bool

	mu       sync.Mutex
	log      strings.Builder
	failed   bool
	skipped  bool
	panicked string // a panic in the scenario's machinery, with its stack
}

var _ testscript.T = (*recorder)(nil)

func (r *recorder) Skip(args ...any) {
	r.Log(args...)
	r.mu.Lock()
	r.skipped = true
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) {
	r.Log(args...)
	r.FailNow()
}

// Parallel does nothing: Check decides how many scenarios run at once.
func (r *recorder) Parallel() {}

func (r *recorder) Log(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.log.WriteString(fmt.Sprintln(args...))
}

func (r *recorder) FailNow() {
	r.mu.Lock()
	r.failed = true
	r.mu.Unlock()
	runtime.Goexit()
}

// Run runs f on a goroutine of its own, with r itself as its T, and waits
// for it. A panic in f is recorded, not propagated: a bug in a command
// must not bring the checker down.
func (r *recorder) Run(name string, f func(testscript.T)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if v := recover(); v != nil {
				r.mu.Lock()
				r.failed = true
				r.panicked = fmt.Sprintf("%v\n%s", v, debug.Stack())
				r.mu.Unlock()
			}
		}()
		f(r)
	}()
	<-done
}

func (r *recorder) Verbose() bool { return r.verbose }

// outcome returns what was recorded.
func (r *recorder) outcome() (log string, failed, skipped bool, panicked string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.log.String(), r.failed, r.skipped, r.panicked
}
