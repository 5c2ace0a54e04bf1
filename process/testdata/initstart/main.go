// Command initstart starts a process and a pool from its package's init,
// before process.Main has run: the mistake that, left unchecked, would make
// every child start a child of its own, for ever. The library refuses both
// with ErrMainNotCalled; main then starts a child the right way.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/procbook/procbook/process"
)

var child = process.RegisterTarget("initstart.child", func(struct{}) {
	fmt.Println("child: ran")
})

func init() {
	err := process.New(child, struct{}{}).Start()
	fmt.Println("init: Start:", err)
	fmt.Println("init: ErrMainNotCalled:", errors.Is(err, process.ErrMainNotCalled))
	pool, err := process.NewPool(1)
	if err == nil {
		pool.Terminate()
	}
	fmt.Println("init: NewPool: ErrMainNotCalled:", errors.Is(err, process.ErrMainNotCalled))
}

func main() {
	process.Main()
	p := process.New(child, struct{}{})
	if err := p.Start(); err != nil {
		fmt.Println("main: Start:", err)
		os.Exit(1)
	}
	fmt.Println("main: Join:", p.Join())
}
