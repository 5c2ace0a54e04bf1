//go:build unix && !linux

package process

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// socketPair returns a connected pair of Unix stream sockets, close-on-exec
// and non-blocking (see the Linux version).
func socketPair() (a, b *os.File, err error) {
	// Hold ForkLock so that no child is started between socketpair and the
	// close-on-exec flags.
	syscall.ForkLock.RLock()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err == nil {
		unix.CloseOnExec(fds[0])
		unix.CloseOnExec(fds[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, nil, os.NewSyscallError("socketpair", err)
	}
	for _, fd := range fds {
		if err := unix.SetNonblock(fd, true); err != nil {
			unix.Close(fds[0])
			unix.Close(fds[1])
			return nil, nil, os.NewSyscallError("fcntl", err)
		}
	}
	return os.NewFile(uintptr(fds[0]), "procbook-conn"), os.NewFile(uintptr(fds[1]), "procbook-conn"), nil
}
