package process

import (
	"fmt"
	"reflect"
)

// resultsInto decodes a batch's outcome into out, which holds a place for
// each of its tasks, and returns the tasks' errors: nil when all succeeded
// (a batch may hold a million tasks), else one per task. A batch of
// numbers is copied straight into place.
func resultsInto[R any](fn string, o outcome, out []R) []error {
	n := len(out)
	var errs []error
	setErr := func(i int, err error) {
		if errs == nil {
			errs = make([]error, n)
		}
		errs[i] = err
	}
	failAll := func(err error) []error {
		for i := range n {
			setErr(i, err)
		}
		return errs
	}
	if o.err != nil {
		return failAll(o.err)
	}
	p := o.results
	switch p.byte() {
	case resultsWhole:
		fails := make([]taskFailure, p.uint32())
		for i := range fails {
			fails[i] = p.failure()
		}
		if p.err != nil {
			return failAll(p.err)
		}
		payload := p.rest()
		if isPlainNumberSlice(reflect.TypeFor[[]R]()) {
			if !copyNumbersInto(out, payload) {
				return failAll(fmt.Errorf("process: decoding the results of %s: %d bytes for %d results", fn, len(payload), n))
			}
		} else {
			vals, err := decodeOwned[[]R](payload)
			if err != nil || len(vals) != n {
				return failAll(fmt.Errorf("process: decoding the results of %s: %v", fn, err))
			}
			copy(out, vals)
		}
		for _, f := range fails {
			if f.Index >= 0 && f.Index < n {
				setErr(f.Index, failureError(fn, o.pid, f))
			}
		}
	case resultsPerItem:
		for i := range n {
			if p.byte() == 1 {
				v, err := decodeOwned[R](p.bytes())
				if err != nil {
					setErr(i, fmt.Errorf("process: decoding the result of %s: %v", fn, err))
				}
				out[i] = v
			} else {
				setErr(i, failureError(fn, o.pid, p.failure()))
			}
		}
	case resultsBatchErr:
		return failAll(fmt.Errorf("process: %s in pool worker (pid %d): %s", fn, o.pid, p.string()))
	}
	if p.err != nil {
		return failAll(p.err)
	}
	return errs
}

// errAt returns errs[i], where errs is what resultsInto returned.
func errAt(errs []error, i int) error {
	if errs == nil {
		return nil
	}
	return errs[i]
}

// failureError is the error of a task that failed in a worker.
func failureError(fn string, pid int, f taskFailure) error {
	if f.Panic {
		return &PanicError{Func: fn, Pid: pid, Value: f.Value, Stack: f.Stack}
	}
	return fmt.Errorf("process: %s (pid %d): %s", fn, pid, f.Value)
}
