//go:build unix

package process

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// peekReadable waits until the socket rc has a byte to read, or its peer
// has closed, without reading anything; the runtime's poller does the
// waiting, so a read deadline interrupts it.
func peekReadable(rc syscall.RawConn) error {
	var perr error
	var buf [1]byte
	err := rc.Read(func(fd uintptr) bool {
		_, _, e := unix.Recvfrom(int(fd), buf[:], unix.MSG_PEEK)
		if e == unix.EAGAIN || e == unix.EINTR {
			return false
		}
		perr = e
		return true
	})
	if err != nil {
		return err
	}
	return perr
}
