package process

import (
	"bytes"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// createSharedFile returns an anonymous shared memory file of size bytes,
// zeroed: a memfd, which has no name in any file system, so nothing is left
// behind whatever happens to the processes using it.
func createSharedFile(size int) (*os.File, error) {
	fd, err := unix.MemfdCreate("procbook-shm", unix.MFD_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("memfd_create", err)
	}
	if err := unix.Ftruncate(fd, int64(size)); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("ftruncate", err)
	}
	return os.NewFile(uintptr(fd), "procbook-shm"), nil
}

// isZombie reports whether pid has exited but not been reaped yet: it still
// answers kill(pid, 0), but will never unlock anything.
func isZombie(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// pid (comm) S ...: comm may hold spaces and parentheses, the state
	// follows the last ')'.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 || i+2 >= len(stat) {
		return false
	}
	state := stat[i+2]
	return state == 'Z' || state == 'X'
}
