package process_test

import (
	"fmt"
	"os"

	"github.com/procbook/procbook/process"
)

var readBlock = process.RegisterTarget("example.readBlock", func(name string) {
	m, err := process.OpenSharedMemory(name)
	if err != nil {
		panic(err)
	}
	defer m.Close()
	fmt.Printf("child read %q\n", m.Bytes()[:5])
	copy(m.Bytes()[5:], " back")
})

// A block of shared memory with a name: any process opens it by that name
// (here a child, which gets only the name), Python's too. Its creator
// unlinks it once.
func ExampleSharedMemory() {
	m, err := process.NewSharedMemory(fmt.Sprintf("example_%d", os.Getpid()), 64)
	if err != nil {
		panic(err)
	}
	defer m.Unlink()
	defer m.Close()
	copy(m.Bytes(), "hello")

	p := process.New(readBlock, m.Name())
	if err := p.Start(); err != nil {
		panic(err)
	}
	if err := p.Join(); err != nil {
		panic(err)
	}
	fmt.Printf("parent reads %q\n", m.Bytes()[:10])
	// Output:
	// child read "hello"
	// parent reads "hello back"
}

// OpenSharedMemory finds a block by name; its size is the block's.
func ExampleOpenSharedMemory() {
	m, err := process.NewSharedMemory("", 100) // a fresh name, psm_…
	if err != nil {
		panic(err)
	}
	defer m.Close()
	o, err := process.OpenSharedMemory(m.Name())
	if err != nil {
		panic(err)
	}
	defer o.Close()
	m.Bytes()[0] = 42
	fmt.Println(o.Size(), o.Bytes()[0])
	m.Unlink()
	_, err = process.OpenSharedMemory(m.Name())
	fmt.Println(err != nil)
	// Output:
	// 100 42
	// true
}
