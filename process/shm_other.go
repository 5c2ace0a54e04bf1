//go:build unix && !linux

package process

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// createSharedFile returns a shared memory file of size bytes, zeroed: a
// temporary file, removed at once, so that it lives only as long as the
// descriptors of the processes using it.
func createSharedFile(size int) (*os.File, error) {
	f, err := os.CreateTemp("", "procbook-shm-*")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Truncate(int64(size)); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// newPipe returns a pipe whose ends are close-on-exec and non-blocking
// (see the Linux version for why non-blocking).
func newPipe() (r, w *os.File, err error) {
	var p [2]int
	// Hold ForkLock so that no child is started between pipe and the
	// close-on-exec flags.
	syscall.ForkLock.RLock()
	err = unix.Pipe(p[:])
	if err == nil {
		unix.CloseOnExec(p[0])
		unix.CloseOnExec(p[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, nil, os.NewSyscallError("pipe", err)
	}
	for _, fd := range p {
		if err := unix.SetNonblock(fd, true); err != nil {
			unix.Close(p[0])
			unix.Close(p[1])
			return nil, nil, os.NewSyscallError("fcntl", err)
		}
	}
	return os.NewFile(uintptr(p[0]), "procbook-pipe-r"), os.NewFile(uintptr(p[1]), "procbook-pipe-w"), nil
}

// isZombie reports whether pid has exited but not been reaped yet. Outside
// Linux there is no cheap way to tell; a zombie owner keeps a lock until its
// parent reaps it, which Process does as soon as the child exits.
func isZombie(pid int) bool { return false }
