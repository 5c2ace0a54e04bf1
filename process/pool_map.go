package process

import (
	"errors"
	"fmt"
	"iter"
	"sync"
)

// MapOption configures Map, Imap and ImapUnordered.
type MapOption func(*mapConfig)

type mapConfig struct {
	chunk int
}

// ChunkSize sets how many tasks travel to a worker together: Python's
// chunksize. Larger chunks cost less per task; smaller ones balance uneven
// tasks better. Map's default is Python's, len(in)/(4×workers) rounded up;
// Imap's and ImapUnordered's is 1.
func ChunkSize(n int) MapOption {
	return func(c *mapConfig) { c.chunk = n }
}

func mapOptions(opts []MapOption, chunk int) (mapConfig, error) {
	c := mapConfig{chunk: chunk}
	for _, opt := range opts {
		opt(&c)
	}
	if c.chunk < 1 {
		return c, fmt.Errorf("process: chunk size %d: must be at least 1", c.chunk)
	}
	return c, nil
}

// Map runs f on every element of in, on the pool's workers, and returns the
// results in the order of in: Python's pool.map. If tasks fail, it returns
// the error of the first failing one (a *TaskError naming its index) once
// all have ended.
func Map[T, R any](p *Pool, f *Func[T, R], in []T, opts ...MapOption) ([]R, error) {
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
	out := make([]R, len(in))
	var (
		pending  sync.WaitGroup // one count per task
		mu       sync.Mutex
		firstErr *TaskError
	)
	deliver := func(b *batch, o outcome) {
		errs := resultsInto(f.name, o, out[b.first:b.first+b.n])
		if errs != nil {
			mu.Lock()
			for i, err := range errs {
				if err != nil && (firstErr == nil || b.first+i < firstErr.Index) {
					firstErr = &TaskError{Index: b.first + i, Err: err}
				}
			}
			mu.Unlock()
		}
		pending.Add(-b.n)
	}
	if len(in) == 0 {
		if p.currentState() != poolRunning {
			return nil, ErrPoolNotRunning
		}
		return out, nil
	}
	pending.Add(len(in))
	if err := p.submit(newBatches(f.name, in, cfg.chunk, nil, deliver)...); err != nil {
		return nil, err
	}
	pending.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

// Imap runs f on every element of in, on the pool's workers, and yields
// the results in the order of in as they become available: Python's
// pool.imap. A task that failed yields its error (a *TaskError); the loop
// may go on. Breaking out of the loop stops handing out the remaining
// tasks.
func Imap[T, R any](p *Pool, f *Func[T, R], in []T, opts ...MapOption) iter.Seq2[R, error] {
	return imap(p, f, in, opts, true)
}

// ImapUnordered is Imap yielding results in the order they complete:
// Python's pool.imap_unordered.
func ImapUnordered[T, R any](p *Pool, f *Func[T, R], in []T, opts ...MapOption) iter.Seq2[R, error] {
	return imap(p, f, in, opts, false)
}

// batchResults holds one batch's results until the loop yields them. A
// batch may be delivered in parts (see batch.deliver); it is complete when
// left reaches 0.
type batchResults[R any] struct {
	first int
	vals  []R
	errs  []error
	left  int // tasks not yet delivered, under the call's lock
	done  chan struct{}
}

func imap[T, R any](p *Pool, f *Func[T, R], in []T, opts []MapOption, ordered bool) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		var zero R
		cfg, err := mapOptions(opts, 1)
		if err == nil {
			err = f.cannotTravel()
		}
		if err != nil {
			yield(zero, err)
			return
		}
		c := &call{}
		defer c.canceled.Store(true)
		// slots holds every batch's results in input order; completed
		// receives each as it ends. It has room for all, so a delivery
		// never waits.
		batches := newBatches(f.name, in, cfg.chunk, c, nil)
		completed := make(chan *batchResults[R], len(batches))
		slots := make([]*batchResults[R], len(batches))
		var mu sync.Mutex
		for i, b := range batches {
			r := &batchResults[R]{first: b.first, vals: make([]R, b.n), errs: make([]error, b.n), left: b.n, done: make(chan struct{})}
			slots[i] = r
			b.deliver = func(part *batch, o outcome) {
				off := part.first - r.first
				errs := resultsInto(f.name, o, r.vals[off:off+part.n])
				mu.Lock()
				if errs != nil {
					copy(r.errs[off:], errs)
				}
				r.left -= part.n
				end := r.left == 0
				mu.Unlock()
				if end {
					close(r.done)
					completed <- r
				}
			}
		}
		if len(batches) > 0 {
			if err := p.submit(batches...); err != nil {
				yield(zero, err)
				return
			}
		} else if p.currentState() != poolRunning {
			yield(zero, ErrPoolNotRunning)
			return
		}
		emitAll := func(r *batchResults[R]) bool {
			for i, v := range r.vals {
				err := errAt(r.errs, i)
				if err != nil {
					var te *TaskError
					if !errors.As(err, &te) {
						err = &TaskError{Index: r.first + i, Err: err}
					}
				}
				if !yield(v, err) {
					return false
				}
			}
			return true
		}
		if ordered {
			for _, r := range slots {
				<-r.done
				if !emitAll(r) {
					return
				}
			}
			return
		}
		for range slots {
			if !emitAll(<-completed) {
				return
			}
		}
	}
}
