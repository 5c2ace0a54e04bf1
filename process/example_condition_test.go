package process_test

import (
	"fmt"

	"github.com/procbook/procbook/process"
)

type mailbox struct {
	Cond *process.Condition
	Box  *process.Array[int64] // [0]: 1 when full, [1]: the letter
}

var postman = process.RegisterTarget("example.postman", func(m mailbox) {
	for i := int64(1); i <= 3; i++ {
		m.Cond.L.Lock()
		for m.Box.Get(0) == 1 { // wait until the box is empty
			m.Cond.Wait()
		}
		m.Box.Set(1, i*100)
		m.Box.Set(0, 1)
		m.Cond.NotifyAll()
		m.Cond.L.Unlock()
	}
})

// A Condition over a Lock, used as sync.Cond across processes: a child
// posts letters one at a time into a one-letter box the parent empties.
func ExampleCondition() {
	cond, err := process.NewCondition(nil) // over a new Lock, cond.L
	if err != nil {
		panic(err)
	}
	defer cond.L.Close()
	defer cond.Close()
	box, err := process.NewArray([]int64{0, 0})
	if err != nil {
		panic(err)
	}
	defer box.Close()

	p := process.New(postman, mailbox{Cond: cond, Box: box})
	if err := p.Start(); err != nil {
		panic(err)
	}
	for range 3 {
		cond.L.Lock()
		for box.Get(0) == 0 { // wait until the box is full
			cond.Wait()
		}
		fmt.Println("letter", box.Get(1))
		box.Set(0, 0)
		cond.NotifyAll()
		cond.L.Unlock()
	}
	if err := p.Join(); err != nil {
		panic(err)
	}
	// Output:
	// letter 100
	// letter 200
	// letter 300
}
