package process

import (
	"fmt"
	"time"
)

// AsyncResult is the result of a task given to a pool with ApplyAsync, to
// be collected later: Python's AsyncResult.
type AsyncResult[R any] struct {
	done chan struct{}
	val  R
	err  error
}

// ApplyAsync runs f(arg) on one of the pool's workers and returns at once:
// Python's pool.apply_async. Collect the result with Get.
func ApplyAsync[T, R any](p *Pool, f *Func[T, R], arg T) *AsyncResult[R] {
	r := &AsyncResult[R]{done: make(chan struct{})}
	if err := f.cannotTravel(); err != nil {
		r.finish(err)
		return r
	}
	// Encoded now, so that an argument that cannot travel fails at once,
	// and changes made to arg later are not seen.
	data, err := encode([]T{arg})
	if err == nil && len(data) > maxMessage {
		err = errTooLarge{len(data)}
	}
	if err != nil {
		r.finish(encodingError(f.name, err))
		return r
	}
	b := &batch{fn: f.name, n: 1,
		encode: func(b []byte, _, _ int) ([]byte, int, error) { return append(b, data...), 1, nil },
		deliver: func(_ *batch, o outcome) {
			var val [1]R
			errs := resultsInto(f.name, o, val[:])
			r.val = val[0]
			r.finish(errAt(errs, 0))
		},
	}
	if err := p.submit(b); err != nil {
		r.finish(err)
	}
	return r
}

func (r *AsyncResult[R]) finish(err error) {
	r.err = err
	close(r.done)
}

// Get waits for the result at most timeout (a timeout of zero or less
// waits as long as it takes) and returns it, or the task's error. When time
// is up it returns ErrTimeout; the task goes on running, and a later Get
// may still collect it, as in Python.
func (r *AsyncResult[R]) Get(timeout time.Duration) (R, error) {
	if !r.Wait(timeout) {
		var zero R
		return zero, fmt.Errorf("%w after %v", ErrTimeout, timeout)
	}
	return r.val, r.err
}

// Wait waits at most timeout (zero or less: as long as it takes) for the
// task to end, and reports whether it has.
func (r *AsyncResult[R]) Wait(timeout time.Duration) bool {
	if timeout <= 0 {
		<-r.done
		return true
	}
	select {
	case <-r.done:
		return true
	default:
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-r.done:
		return true
	case <-t.C:
		return false
	}
}

// Ready reports whether the task has ended.
func (r *AsyncResult[R]) Ready() bool { return isClosed(r.done) }

// Successful reports whether the task has ended without error. Unlike
// Python's, it does not fail when the task is not ready: it says false.
func (r *AsyncResult[R]) Successful() bool { return r.Ready() && r.err == nil }
