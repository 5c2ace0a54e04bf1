package process

import (
	"context"
	"sync"
)

// GetContext waits for the result until ctx ends and returns it, or the
// task's error: Get with a deadline or a cancellation. When ctx ends first
// it returns ctx.Err(); the task goes on running, and a later Get or
// GetContext may still collect it.
func (r *AsyncResult[R]) GetContext(ctx context.Context) (R, error) {
	select {
	case <-r.done:
		return r.val, r.err
	default:
	}
	select {
	case <-r.done:
		return r.val, r.err
	case <-ctx.Done():
		var zero R
		return zero, ctx.Err()
	}
}

// MapContext is Map that gives up once ctx ends: the tasks not yet handed
// to a worker are dropped, the ones running finish on their workers (a
// task is not interrupted, as in Python) and their results are thrown
// away, and MapContext returns ctx.Err() at once. The pool stays usable.
func MapContext[T, R any](ctx context.Context, p *Pool, f *Func[T, R], in []T, opts ...MapOption) ([]R, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := f.cannotTravel(); err != nil {
		return nil, err
	}
	cfg, err := mapOptions(opts, (len(in)+4*p.size-1)/(4*p.size))
	if len(in) == 0 {
		cfg.chunk = 1
		err = nil
	}
	if err != nil {
		return nil, err
	}
	c := &call{}
	out := make([]R, len(in))
	var (
		mu       sync.Mutex
		left     = len(in) // tasks not delivered yet
		firstErr *TaskError
		done     = make(chan struct{})
	)
	deliver := func(b *batch, o outcome) {
		errs := resultsInto(f.name, o, out[b.first:b.first+b.n])
		mu.Lock()
		defer mu.Unlock()
		for i, err := range errs {
			if err != nil && (firstErr == nil || b.first+i < firstErr.Index) {
				firstErr = &TaskError{Index: b.first + i, Err: err}
			}
		}
		if left -= b.n; left == 0 {
			close(done)
		}
	}
	if len(in) == 0 {
		if p.currentState() != poolRunning {
			return nil, ErrPoolNotRunning
		}
		return out, nil
	}
	if err := p.submit(newBatches(f.name, in, cfg.chunk, c, deliver)...); err != nil {
		return nil, err
	}
	select {
	case <-done:
	case <-ctx.Done():
		c.canceled.Store(true)
		return nil, ctx.Err()
	}
	mu.Lock()
	defer mu.Unlock()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
