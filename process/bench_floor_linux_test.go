package process_test

import (
	"sync/atomic"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The floors of the shared objects' benchmarks: the bare atomic operations
// on shared memory that Value.Add and Lock are built on. bench/run prints
// each operation's ratio to its floor.

// sharedWord maps a word of fresh shared memory (a memfd, as the library's
// segments are) for the floor benchmarks below.
func sharedWord(b *testing.B) *uint64 {
	fd, err := unix.MemfdCreate("bench", unix.MFD_CLOEXEC)
	if err != nil {
		b.Skip(err)
	}
	defer unix.Close(fd)
	if err := unix.Ftruncate(fd, 4096); err != nil {
		b.Fatal(err)
	}
	mem, err := unix.Mmap(fd, 0, 4096, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { unix.Munmap(mem) })
	return (*uint64)(unsafe.Pointer(&mem[64]))
}

// BenchmarkBareAtomicAdd is the floor of Value.Add: one atomic add on a
// word of shared memory, with nothing around it.
func BenchmarkBareAtomicAdd(b *testing.B) {
	w := sharedWord(b)
	for b.Loop() {
		atomic.AddUint64(w, 1)
	}
}

// BenchmarkBareAtomicLock is the floor of Lock+Unlock: a compare-and-swap
// that takes a word of shared memory and a swap that gives it back, the
// two atomic operations any lock needs, with nothing around them.
func BenchmarkBareAtomicLock(b *testing.B) {
	w := (*uint32)(unsafe.Pointer(sharedWord(b)))
	for b.Loop() {
		if !atomic.CompareAndSwapUint32(w, 0, 1) {
			b.Fatal("taken")
		}
		atomic.SwapUint32(w, 0)
	}
}
