package process

import (
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The futex operations, without FUTEX_PRIVATE_FLAG: the words live in
// memory shared between processes, so the kernel must key waiters by the
// page, not by this process's address space.
const (
	futexOpWait = 0 // FUTEX_WAIT
	futexOpWake = 1 // FUTEX_WAKE
)

// maxWake asks futexWake to wake every waiter.
const maxWake = 1<<31 - 1

// futexWait sleeps until the word at addr is woken by futexWake, unless it
// does not hold val (then it returns at once), or until timeout has passed.
// Spurious returns are allowed: callers check the word again.
func futexWait(addr *uint32, val uint32, timeout time.Duration) {
	ts := unix.NsecToTimespec(int64(timeout))
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexOpWait, uintptr(val),
		uintptr(unsafe.Pointer(&ts)), 0, 0)
}

// futexWake wakes up to n waiters sleeping on addr, in any process.
func futexWake(addr *uint32, n int) {
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexOpWake, uintptr(n), 0, 0, 0)
}
