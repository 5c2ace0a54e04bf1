package process

import (
	"os"

	"golang.org/x/sys/unix"
)

// socketPair returns a connected pair of Unix stream sockets, close-on-exec
// and non-blocking from the start, so that os.NewFile puts them in the
// runtime's poller (Close interrupts a Read or Write in flight) and Fd
// leaves them so, which matters because the flag is shared with every
// process that inherits them.
func socketPair() (a, b *os.File, err error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		return nil, nil, os.NewSyscallError("socketpair", err)
	}
	return os.NewFile(uintptr(fds[0]), "procbook-conn"), os.NewFile(uintptr(fds[1]), "procbook-conn"), nil
}
