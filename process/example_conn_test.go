package process_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/procbook/procbook/process"
)

var shout = process.RegisterTarget("example.shout", func(c *process.Conn[string]) {
	for {
		s, err := c.Recv()
		if err == io.EOF {
			return // the parent closed its end
		}
		if err != nil {
			panic(err)
		}
		c.Send(strings.ToUpper(s))
	}
})

// A Pipe's two ends talk both ways: Python's Pipe(). The parent closes
// the child's end, so that the child's exit, or the parent's Close, is the
// other's io.EOF.
func ExampleNewPipe() {
	parent, child, err := process.NewPipe[string]()
	if err != nil {
		panic(err)
	}
	p := process.New(shout, child)
	if err := p.Start(); err != nil {
		panic(err)
	}
	child.Close()
	for _, s := range []string{"hello", "pipe"} {
		parent.Send(s)
		got, _ := parent.Recv()
		fmt.Println(got)
	}
	parent.Close() // the child's Recv returns io.EOF: it ends
	fmt.Println(p.Join())
	// Output:
	// HELLO
	// PIPE
	// <nil>
}

// RecvContext is poll(timeout) and recv in one: when the time is up
// nothing was taken.
func ExampleConn_RecvContext() {
	a, b, err := process.NewPipe[int]()
	if err != nil {
		panic(err)
	}
	defer a.Close()
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = a.RecvContext(ctx)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	b.Send(7)
	fmt.Println(a.Recv())
	// Output:
	// true
	// 7 <nil>
}

// request is what the clients of the counter server send: Python's
// Manager, done with a Queue to a server process that owns the state and
// a Pipe back to each client.
type request struct {
	Key   string
	Add   int
	Reply int // the client whose Pipe gets the answer
}

type serverJob struct {
	Requests *process.Queue[request]
	Replies  []*process.Conn[int]
}

// counterServer owns a map no other process touches; the others change it
// by asking. An empty Key stops it.
var counterServer = process.RegisterTarget("example.counterServer", func(j serverJob) {
	counts := map[string]int{}
	for {
		r, err := j.Requests.Get()
		if err != nil || r.Key == "" {
			return
		}
		counts[r.Key] += r.Add
		j.Replies[r.Reply].Send(counts[r.Key])
	}
})

// Go needs no Manager: a server process that owns the state, a Queue of
// requests to it and a Pipe back do the job, with types checked by the
// compiler instead of proxies.
func Example_manager() {
	requests, err := process.NewQueue[request](16)
	if err != nil {
		panic(err)
	}
	defer requests.Close()
	mine, theirs, err := process.NewPipe[int]()
	if err != nil {
		panic(err)
	}
	defer mine.Close()
	server := process.New(counterServer, serverJob{Requests: requests, Replies: []*process.Conn[int]{theirs}})
	if err := server.Start(); err != nil {
		panic(err)
	}
	theirs.Close()

	for _, add := range []int{2, 3, 5} {
		requests.Put(request{Key: "apples", Add: add, Reply: 0})
		total, _ := mine.Recv()
		fmt.Println("apples:", total)
	}
	requests.Put(request{}) // stop
	fmt.Println(server.Join())
	// Output:
	// apples: 2
	// apples: 5
	// apples: 10
	// <nil>
}
