package process

import (
	"os"

	"golang.org/x/sys/unix"
)

// pipeSize is the buffer asked for the pipes that carry bulk data (a pool
// worker's, a Queue's): with Linux's default of 64 KiB, a megabyte crosses
// in sixteen hand-overs between writer and reader; 1 MiB is what an
// unprivileged process may ask (/proc/sys/fs/pipe-max-size).
const pipeSize = 1 << 20

// growPipe enlarges the buffer of the pipe f is an end of, if the kernel
// lets it; a refusal (over the user's limit of pipe memory) leaves the
// pipe as it was, only slower. It goes through SyscallConn so that f stays
// in the runtime's poller.
func growPipe(f *os.File) {
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	rc.Control(func(fd uintptr) {
		unix.FcntlInt(fd, unix.F_SETPIPE_SZ, pipeSize)
	})
}

// pipeCapacity returns how many bytes the pipe f is an end of holds.
func pipeCapacity(f *os.File) int {
	n := minPipeCapacity
	if rc, err := f.SyscallConn(); err == nil {
		rc.Control(func(fd uintptr) {
			if c, err := unix.FcntlInt(fd, unix.F_GETPIPE_SZ, 0); err == nil {
				n = c
			}
		})
	}
	return n
}

// minPipeCapacity is what any pipe holds: one page.
const minPipeCapacity = 4096
