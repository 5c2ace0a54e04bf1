//go:build unix

package process

import (
	"os"
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

// writeSome waits until the socket rc has room, then writes as much of b
// as fits, at least one byte, and returns how much; the runtime's poller
// does the waiting, so a write deadline interrupts it.
func writeSome(rc syscall.RawConn, b []byte) (int, error) {
	var n int
	var werr error
	err := rc.Write(func(fd uintptr) bool {
		m, e := unix.Write(int(fd), b)
		if e == unix.EAGAIN || e == unix.EINTR {
			return false
		}
		n, werr = m, e
		return true
	})
	if err != nil {
		return 0, err
	}
	if werr != nil {
		return 0, os.NewSyscallError("write", werr)
	}
	return n, nil
}
