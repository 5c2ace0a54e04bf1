package process_test

import (
	"testing"

	"github.com/procbook/procbook/process"
)

// everything holds one of each shared object that has a holder's death or
// a wait to survive, as a child's argument carries them.
type everything struct {
	Sem   *process.Semaphore
	Ev    *process.Event
	Cond  *process.Condition
	Bar   *process.Barrier
	Conn  *process.Conn[string]
	Jobs  *process.JoinableQueue[int]
	Block *process.SharedMemory
}

// useEverything touches each object, so that a wrong decoding shows.
var useEverything = process.RegisterTarget("travel_test.useEverything", func(e everything) {
	e.Sem.Acquire()
	e.Sem.Release()
	e.Ev.Set()
	e.Cond.L.Lock()
	e.Cond.NotifyAll()
	e.Cond.L.Unlock()
	if _, err := e.Bar.Wait(); err != nil {
		panic(err)
	}
	if err := e.Conn.Send("hi"); err != nil {
		panic(err)
	}
	if err := e.Jobs.Put(1); err != nil {
		panic(err)
	}
	e.Block.Bytes()[0]++
})

// TestNewObjectsInChildrenLeaveNothing: each new shared object, made, handed
// to a child that uses it, and closed, a hundred times, leaves no
// descriptor or mapping behind in the parent.
func TestNewObjectsInChildrenLeaveNothing(t *testing.T) {
	cycle := func() {
		var e everything
		var err error
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		e.Sem, err = process.NewSemaphore(1)
		must(err)
		e.Ev, err = process.NewEvent()
		must(err)
		e.Cond, err = process.NewCondition(nil)
		must(err)
		e.Bar, err = process.NewBarrier(1)
		must(err)
		mine, theirs, err := process.NewPipe[string]()
		must(err)
		e.Conn = theirs
		e.Jobs, err = process.NewJoinableQueue[int](1)
		must(err)
		e.Block, err = process.NewSharedMemory("", 16)
		must(err)
		must(e.Block.Unlink())

		p := process.New(useEverything, e)
		must(p.Start())
		must(p.Join())
		if !e.Ev.IsSet() || e.Block.Bytes()[0] != 1 || e.Jobs.Len() != 1 {
			t.Fatalf("the child's changes are not seen: event set %v, block %d, queue %d", e.Ev.IsSet(), e.Block.Bytes()[0], e.Jobs.Len())
		}
		if s, err := mine.Recv(); s != "hi" || err != nil {
			t.Fatalf("the child's message: %q, %v", s, err)
		}
		for _, c := range []interface{ Close() error }{e.Sem, e.Ev, e.Cond, e.Cond.L, e.Bar, mine, theirs, e.Jobs, e.Block} {
			must(c.Close())
		}
	}
	noLeak(t, 100, cycle)
}
