package process_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/procbook/procbook/process"
)

// Functions that run in child processes are registered at package level,
// so that the child, the same program started again, knows them too.
var (
	greet = process.RegisterTarget("example.greet", func(name string) {
		fmt.Println("hello,", name)
	})

	// A target taking several arguments takes a struct; its exported
	// fields travel to the child.
	describe = process.RegisterTarget("example.describe", func(o order) {
		fmt.Printf("%d × %s = %.2f\n", o.Count, o.Item, float64(o.Count)*o.Price)
	})

	divide = process.RegisterTarget("example.divide", func(d int) {
		fmt.Println(10 / d)
	})

	nap = process.RegisterTarget("example.nap", func(d time.Duration) {
		time.Sleep(d)
	})

	double = process.RegisterTarget("example.double", func(xs []int) {
		for i := range xs {
			xs[i] *= 2
		}
		fmt.Println("child: ", xs)
	})
)

type order struct {
	Item  string
	Count int
	Price float64
}

// A Process runs a registered function in a child process: Python's
// Process(target=greet, args=("world",)). Its output goes where the
// parent's goes.
func ExampleProcess() {
	p := process.New(greet, "world")
	if err := p.Start(); err != nil {
		fmt.Println(err)
		return
	}
	if err := p.Join(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("exit code:", p.ExitCode())
	// Output:
	// hello, world
	// exit code: 0
}

// The argument travels encoded: the child works on a copy, and the
// parent's slice is left as it was. (To share memory, use an Array.)
func ExampleNew() {
	xs := []int{1, 2, 3}
	p := process.New(double, xs)
	if err := p.Start(); err != nil {
		fmt.Println(err)
		return
	}
	p.Join()
	fmt.Println("parent:", xs)
	// Output:
	// child:  [2 4 6]
	// parent: [1 2 3]
}

// RegisterTarget registers a function with no result; a struct carries
// several arguments.
func ExampleRegisterTarget() {
	p := process.New(describe, order{Item: "tea", Count: 3, Price: 1.5})
	if err := p.Start(); err != nil {
		fmt.Println(err)
		return
	}
	p.Join()
	// Output:
	// 3 × tea = 4.50
}

// A panic in the child comes back from Join as a *PanicError, with the
// child's message and stack; the exit code is 1.
func ExampleProcess_Join() {
	p := process.New(divide, 0)
	if err := p.Start(); err != nil {
		fmt.Println(err)
		return
	}
	err := p.Join()
	var panicErr *process.PanicError
	if errors.As(err, &panicErr) {
		fmt.Println("panic:", panicErr.Value)
	}
	fmt.Println("exit code:", p.ExitCode())
	// Output:
	// panic: runtime error: integer divide by zero
	// exit code: 1
}

// Terminate sends SIGTERM; the exit code of a child killed by signal N is
// -N, as in Python.
func ExampleProcess_Terminate() {
	p := process.New(nap, time.Minute)
	if err := p.Start(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("alive:", p.Alive())
	p.Terminate()
	var exitErr *process.ExitError
	if errors.As(p.Join(), &exitErr) {
		fmt.Println("join: exit code", exitErr.Code)
	}
	fmt.Println("alive:", p.Alive())
	fmt.Println("exit code:", p.ExitCode())
	// Output:
	// alive: true
	// join: exit code -15
	// alive: false
	// exit code: -15
}
