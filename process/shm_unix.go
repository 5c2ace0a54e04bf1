//go:build unix

package process

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps the first size bytes of f, shared with every process that
// maps the same file.
func mapFile(f *os.File, size int) ([]byte, error) {
	return unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
}

// unmapFile undoes mapFile.
func unmapFile(mem []byte) error {
	return unix.Munmap(mem)
}

// dupFile returns a new descriptor for the file f opens, close-on-exec, so
// that it can be closed independently of f.
func dupFile(f *os.File) (*os.File, error) {
	fd, err := unix.FcntlInt(f.Fd(), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("fcntl", err)
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}

// processAlive reports whether the process pid may still run: it exists
// and is not a zombie waiting to be reaped. Used to take over a lock whose
// owner died; a process we may not signal (EPERM) is alive.
func processAlive(pid int) bool {
	if err := unix.Kill(pid, 0); err == unix.ESRCH {
		return false
	}
	return !isZombie(pid)
}
