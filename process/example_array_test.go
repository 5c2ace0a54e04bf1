package process_test

import (
	"fmt"

	"github.com/procbook/procbook/process"
)

// squareTask tells a child which element of the shared array to square.
type squareTask struct {
	Index int
	Arr   *process.Array[int]
}

var squareElement = process.RegisterTarget("example.squareElement", func(t squareTask) {
	v := t.Arr.Get(t.Index)
	t.Arr.Set(t.Index, v*v)
})

// Ten children square the elements of a shared array in place; each
// writes only its own element, so no lock is needed.
func ExampleArray() {
	arr, err := process.NewArray([]int{2, 4, 3, 5, 6, 7, 5, 5, 7, 8})
	if err != nil {
		panic(err)
	}
	defer arr.Close()

	var procs []*process.Process
	for i := range arr.Len() {
		p := process.New(squareElement, squareTask{Index: i, Arr: arr})
		if err := p.Start(); err != nil {
			panic(err)
		}
		procs = append(procs, p)
	}
	for _, p := range procs {
		if err := p.Join(); err != nil {
			panic(err)
		}
	}
	fmt.Println(arr.Slice())
	// Output: [4 16 9 25 36 49 25 25 49 64]
}
