package process_test

import (
	"fmt"

	"github.com/procbook/procbook/process"
)

var addHundred = process.RegisterTarget("example.addHundred", func(total *process.Value[int64]) {
	for range 100 {
		total.Add(1) // atomic: no update is lost
	}
})

// Four children add to one shared number.
func ExampleValue() {
	total, err := process.NewValue[int64](0)
	if err != nil {
		panic(err)
	}
	defer total.Close()

	var procs []*process.Process
	for range 4 {
		p := process.New(addHundred, total)
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
	fmt.Println(total.Get())
	// Output: 400
}
