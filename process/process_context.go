package process

import (
	"context"
	"sync"
)

// Done returns a channel that is closed once the child has ended and been
// reaped: Python's Process.sentinel, for a select. Before Start it returns
// nil, a channel that never fires.
func (p *Process) Done() <-chan struct{} {
	if done := p.doneChan(); done != nil {
		return done
	}
	return nil
}

// JoinContext waits for the process to end, as Join does, or for ctx to
// end, whichever comes first: Python's join(timeout) with a deadline or a
// cancellation. When ctx ends first it returns ctx.Err() and the child
// runs on; a later Join or JoinContext still collects it.
func (p *Process) JoinContext(ctx context.Context) error {
	done := p.doneChan()
	if done == nil {
		return ErrNotStarted
	}
	select {
	case <-done:
		return p.err
	default:
	}
	select {
	case <-done:
		return p.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// children holds the processes this process started, so that
// ActiveChildren can list those still running. Ended ones are dropped
// whenever the list is read and whenever it has doubled since.
var children struct {
	mu    sync.Mutex
	procs []startedChild
	prune int // prune ended processes when len(procs) reaches it
}

// startedChild is a started Process with its done channel, read here
// without the Process's lock (Start holds it while it calls trackChild).
type startedChild struct {
	p    *Process
	done <-chan struct{}
}

// trackChild records p, which has just started and closes done when it
// ends.
func trackChild(p *Process, done <-chan struct{}) {
	children.mu.Lock()
	defer children.mu.Unlock()
	children.procs = append(children.procs, startedChild{p, done})
	if len(children.procs) >= children.prune {
		pruneChildren()
		children.prune = max(2*len(children.procs), 16)
	}
}

// pruneChildren drops the processes that have ended; children.mu is held.
func pruneChildren() {
	live := children.procs[:0]
	for _, c := range children.procs {
		if !isClosed(c.done) {
			live = append(live, c)
		}
	}
	clear(children.procs[len(live):])
	children.procs = live
}

// ActiveChildren returns the processes started by this process (with
// Process.Start) that have not ended yet, in the order they started:
// Python's multiprocessing.active_children. A pool's workers are the
// pool's own and are not listed. Python's function also joins the children
// that have ended; here every child is reaped as soon as it ends, whether
// or not anybody joins it.
func ActiveChildren() []*Process {
	children.mu.Lock()
	defer children.mu.Unlock()
	pruneChildren()
	procs := make([]*Process, len(children.procs))
	for i, c := range children.procs {
		procs[i] = c.p
	}
	return procs
}
