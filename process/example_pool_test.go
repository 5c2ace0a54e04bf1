package process_test

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/procbook/procbook/process"
)

// poolExSquare is registered at package level, so that the pool's workers (this
// same program, started again) know it too.
var poolExSquare = process.Register("example.poolExSquare", func(x int) int { return x * x })

var poolExNap = process.RegisterTarget("example.poolExNap", func(d time.Duration) { time.Sleep(d) })

// A pool of 4 workers squares ten numbers: Python's
//
//	with Pool(4) as pool:
//	    print(pool.map(f, range(10)))
func ExampleMap() {
	pool, err := process.NewPool(4)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Terminate()

	squares, err := process.Map(pool, poolExSquare, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	fmt.Println(squares, err)
	// Output: [0 1 4 9 16 25 36 49 64 81] <nil>
}

// Imap yields results in the order of the input as they become ready.
func ExampleImap() {
	pool, err := process.NewPool(2)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Terminate()

	for sq, err := range process.Imap(pool, poolExSquare, []int{1, 2, 3}) {
		fmt.Println(sq, err)
	}
	// Output:
	// 1 <nil>
	// 4 <nil>
	// 9 <nil>
}

// ImapUnordered yields results as they complete, in any order.
func ExampleImapUnordered() {
	pool, err := process.NewPool(2)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Terminate()

	var got []int
	for sq, err := range process.ImapUnordered(pool, poolExSquare, []int{1, 2, 3, 4}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		got = append(got, sq)
	}
	slices.Sort(got)
	fmt.Println(got)
	// Output: [1 4 9 16]
}

// ApplyAsync hands one task to the pool and returns at once; Get collects
// the result, waiting at most the time given.
func ExampleApplyAsync() {
	pool, err := process.NewPool(2)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Terminate()

	res := process.ApplyAsync(pool, poolExSquare, 20)
	fmt.Println(res.Get(time.Second))

	slow := process.ApplyAsync(pool, poolExNap, 10*time.Second)
	if _, err := slow.Get(10 * time.Millisecond); errors.Is(err, process.ErrTimeout) {
		fmt.Println("We lacked patience and got a process.ErrTimeout")
	}
	// Output:
	// 400 <nil>
	// We lacked patience and got a process.ErrTimeout
}

// Getpid shows which worker ran a task.
func ExampleGetpid() {
	pool, err := process.NewPool(2)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Terminate()

	pid, err := process.ApplyAsync(pool, process.Getpid, struct{}{}).Get(time.Second)
	fmt.Println(pid > 0, err)
	// Output: true <nil>
}

// Close lets the queued work finish; Join waits for the workers to exit.
// Work given afterwards fails with ErrPoolNotRunning.
func ExamplePool_Close() {
	pool, err := process.NewPool(2)
	if err != nil {
		fmt.Println(err)
		return
	}
	res := process.ApplyAsync(pool, poolExSquare, 7)
	pool.Close()
	pool.Join()
	fmt.Println(res.Get(0))
	_, err = process.Map(pool, poolExSquare, []int{1})
	fmt.Println(err)
	// Output:
	// 49 <nil>
	// process: pool not running
}

var poolExSetting string
var poolExConfigure = process.RegisterTarget("example.poolExConfigure", func(s string) { poolExSetting = s })
var poolExReadSetting = process.Register("example.poolExReadSetting", func(struct{}) string { return poolExSetting })

// Initializer runs in every worker before its first task.
func ExampleInitializer() {
	pool, err := process.NewPool(2, process.Initializer(poolExConfigure, "ready"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Terminate()

	fmt.Println(process.ApplyAsync(pool, poolExReadSetting, struct{}{}).Get(time.Second))
	// Output: ready <nil>
}

// MaxTasksPerChild replaces each worker after it has run that many tasks.
func ExampleMaxTasksPerChild() {
	pool, err := process.NewPool(1, process.MaxTasksPerChild(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Terminate()

	first, _ := process.ApplyAsync(pool, process.Getpid, struct{}{}).Get(time.Second)
	second, _ := process.ApplyAsync(pool, process.Getpid, struct{}{}).Get(time.Second)
	fmt.Println(first != second)
	// Output: true
}

// ChunkSize sets how many tasks travel to a worker at once.
func ExampleChunkSize() {
	pool, err := process.NewPool(2)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Terminate()

	in := make([]int, 1000)
	for i := range in {
		in[i] = i
	}
	squares, err := process.Map(pool, poolExSquare, in, process.ChunkSize(100))
	fmt.Println(len(squares), squares[999], err)
	// Output: 1000 998001 <nil>
}

// NewPool(0) starts one worker per CPU.
func ExampleNewPool() {
	pool, err := process.NewPool(3)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Terminate()
	fmt.Println(pool.Size())
	// Output: 3
}

// Terminate stops the workers at once: what is still running or queued
// fails with ErrPoolNotRunning. Deferred, it plays Python's with-block.
func ExamplePool_Terminate() {
	pool, err := process.NewPool(1)
	if err != nil {
		fmt.Println(err)
		return
	}
	res := process.ApplyAsync(pool, poolExNap, time.Minute)
	pool.Terminate()
	_, err = res.Get(0)
	fmt.Println(errors.Is(err, process.ErrPoolNotRunning))
	// Output: true
}
