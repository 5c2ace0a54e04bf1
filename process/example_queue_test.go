package process_test

import (
	"fmt"

	"github.com/procbook/procbook/process"
)

var produceSquares = process.RegisterTarget("example.produceSquares", func(q *process.Queue[int]) {
	for i := 1; i <= 5; i++ {
		if err := q.Put(i * i); err != nil {
			panic(err)
		}
	}
})

// A child puts squares into a queue; the parent gets them, in order.
func ExampleQueue() {
	q, err := process.NewQueue[int](2) // Put waits while 2 items are waiting
	if err != nil {
		panic(err)
	}
	defer q.Close()

	p := process.New(produceSquares, q)
	if err := p.Start(); err != nil {
		panic(err)
	}
	for range 5 {
		v, err := q.Get()
		if err != nil {
			panic(err)
		}
		fmt.Println(v)
	}
	if err := p.Join(); err != nil {
		panic(err)
	}
	// Output:
	// 1
	// 4
	// 9
	// 16
	// 25
}
