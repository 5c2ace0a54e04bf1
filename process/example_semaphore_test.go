package process_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/procbook/procbook/process"
)

type downloadJob struct {
	Slots  *process.Semaphore
	Inside *process.Value[int32]
	Most   *process.Value[int32]
}

var download = process.RegisterTarget("example.download", func(j downloadJob) {
	j.Slots.Acquire()
	defer j.Slots.Release()
	n := j.Inside.Add(1)
	for m := j.Most.Get(); n > m; m = j.Most.Get() {
		j.Most.Set(n) // a race between holders only makes Most smaller
	}
	time.Sleep(5 * time.Millisecond)
	j.Inside.Add(-1)
})

// A Semaphore of two slots lets at most two of six children in at once.
func ExampleSemaphore() {
	slots, err := process.NewSemaphore(2)
	if err != nil {
		panic(err)
	}
	defer slots.Close()
	inside, _ := process.NewValue[int32](0)
	most, _ := process.NewValue[int32](0)
	defer inside.Close()
	defer most.Close()

	var ps []*process.Process
	for range 6 {
		p := process.New(download, downloadJob{Slots: slots, Inside: inside, Most: most})
		if err := p.Start(); err != nil {
			panic(err)
		}
		ps = append(ps, p)
	}
	for _, p := range ps {
		if err := p.Join(); err != nil {
			panic(err)
		}
	}
	fmt.Println("at most 2 at once:", most.Get() <= 2, "free slots:", slots.Value())
	// Output: at most 2 at once: true free slots: 2
}

// AcquireContext is acquire(timeout=...): when the time is up it has taken
// nothing.
func ExampleSemaphore_AcquireContext() {
	s, err := process.NewSemaphore(1)
	if err != nil {
		panic(err)
	}
	defer s.Close()
	s.Acquire()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	err = s.AcquireContext(ctx)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	s.Release()
	fmt.Println(s.TryAcquire())
	// Output:
	// true
	// true
}

// A bounded semaphore refuses a Release that was never acquired.
func ExampleNewBoundedSemaphore() {
	s, err := process.NewBoundedSemaphore(1)
	if err != nil {
		panic(err)
	}
	defer s.Close()
	defer func() { fmt.Println("panic:", recover()) }()
	s.Release()
	// Output: panic: process: Semaphore.Release: released more times than acquired (a bounded semaphore of 1 slots)
}
