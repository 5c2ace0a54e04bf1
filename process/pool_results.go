package process

import "fmt"

// results turns a batch's outcome into its n results and their errors
// (nil where the task succeeded).
func results[R any](fn string, o outcome, n int) ([]R, []error) {
	out := make([]R, n)
	errs := make([]error, n)
	failAll := func(err error) ([]R, []error) {
		for i := range errs {
			errs[i] = err
		}
		return out, errs
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
		vals, err := decode[[]R](p.rest())
		if err != nil || len(vals) != n {
			return failAll(fmt.Errorf("process: decoding the results of %s: %v", fn, err))
		}
		out = vals
		for _, f := range fails {
			if f.Index >= 0 && f.Index < n {
				errs[f.Index] = failureError(fn, o.pid, f)
			}
		}
	case resultsPerItem:
		if p.uint32() != n {
			return failAll(fmt.Errorf("process: %s: worker %d answered for the wrong number of tasks", fn, o.pid))
		}
		for i := range n {
			if p.byte() == 1 {
				v, err := decode[R](p.bytes())
				if err != nil {
					errs[i] = fmt.Errorf("process: decoding the result of %s: %v", fn, err)
				}
				out[i] = v
			} else {
				errs[i] = failureError(fn, o.pid, p.failure())
			}
		}
	case resultsBatchErr:
		return failAll(fmt.Errorf("process: %s in pool worker (pid %d): %s", fn, o.pid, p.string()))
	}
	if p.err != nil {
		return failAll(p.err)
	}
	return out, errs
}

// failureError is the error of a task that failed in a worker.
func failureError(fn string, pid int, f taskFailure) error {
	if f.Panic {
		return &PanicError{Func: fn, Pid: pid, Value: f.Value, Stack: f.Stack}
	}
	return fmt.Errorf("process: %s (pid %d): %s", fn, pid, f.Value)
}
