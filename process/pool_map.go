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
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr *TaskError
	)
	fail := func(i int, err error) {
		mu.Lock()
		if firstErr == nil || i < firstErr.Index {
			firstErr = &TaskError{Index: i, Err: err}
		}
		mu.Unlock()
	}
	batches := split(f, in, cfg.chunk, nil, fail, func(first, n int) func(outcome) {
		wg.Add(1)
		return func(o outcome) {
			defer wg.Done()
			errs := resultsInto(f.name, o, out[first:first+n])
			for i, err := range errs {
				if err != nil {
					fail(first+i, err)
				}
			}
		}
	})
	if len(in) == 0 || len(batches) == 0 {
		if p.currentState() != poolRunning {
			return nil, ErrPoolNotRunning
		}
	} else if err := p.submit(batches...); err != nil {
		return nil, err
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

// split cuts in into batches of chunk tasks. An argument that cannot be
// encoded fails its own task (through fail) and no other: a batch that does
// not encode is cut into batches of one. newDeliver makes the delivery
// function of the batch starting at first.
func split[T, R any](f *Func[T, R], in []T, chunk int, c *call, fail func(i int, err error), newDeliver func(first, n int) func(outcome)) []*batch {
	var bs []*batch
	add := func(b *batch) {
		b.call = c
		b.deliver = newDeliver(b.first, b.n)
		bs = append(bs, b)
	}
	for first := 0; first < len(in); first += chunk {
		n := min(chunk, len(in)-first)
		if b, err := newBatch(f.name, first, in[first:first+n]); err == nil {
			add(b)
			continue
		}
		for i := first; i < first+n; i++ {
			b, err := newBatch(f.name, i, in[i:i+1])
			if err != nil {
				fail(i, fmt.Errorf("process: encoding the argument of %s: %w", f.name, err))
				continue
			}
			add(b)
		}
	}
	return bs
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

// batchResults holds one batch's results until the loop yields them.
type batchResults[R any] struct {
	first int
	vals  []R
	errs  []error
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
		// slots holds every batch's results in input order, a task that
		// failed before running as a batch of its own (split meets them in
		// order); completed receives each as it ends, the early failures at
		// once. It has room for all, so a delivery never waits.
		completed := make(chan *batchResults[R], len(in))
		var slots []*batchResults[R]
		fail := func(i int, err error) {
			r := &batchResults[R]{first: i, vals: []R{zero}, errs: []error{err}, done: make(chan struct{})}
			close(r.done)
			slots = append(slots, r)
			completed <- r
		}
		batches := split(f, in, cfg.chunk, c, fail, func(first, n int) func(outcome) {
			r := &batchResults[R]{first: first, done: make(chan struct{})}
			slots = append(slots, r)
			return func(o outcome) {
				r.vals, r.errs = results[R](f.name, o, n)
				close(r.done)
				completed <- r
			}
		})
		if len(batches) > 0 {
			if err := p.submit(batches...); err != nil {
				yield(zero, err)
				return
			}
		} else if len(in) == 0 && p.currentState() != poolRunning {
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
