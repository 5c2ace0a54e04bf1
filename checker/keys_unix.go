//go:build unix

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// keyReader reads keys from a terminal until stopped. It waits for input
// with poll and a short timeout rather than blocking in read, so that
// stop can take it off the terminal before another program (the editor)
// reads from it: a blocked read would steal that program's first key.
type keyReader struct {
	quit chan struct{}
	done chan struct{}
}

func startKeys(in *os.File, keys chan<- key) *keyReader {
	r := &keyReader{quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		fd := int(in.Fd())
		buf := make([]byte, 64)
		var rest []byte
		for {
			select {
			case <-r.quit:
				return
			default:
			}
			fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
			n, err := unix.Poll(fds, 50)
			if err == unix.EINTR || n == 0 {
				continue
			}
			if err != nil || fds[0].Revents&(unix.POLLERR|unix.POLLHUP|unix.POLLNVAL) != 0 && fds[0].Revents&unix.POLLIN == 0 {
				send(r.quit, keys, keyCtrlD) // the terminal is gone: as if the learner left
				return
			}
			m, err := unix.Read(fd, buf)
			if err == unix.EINTR || err == unix.EAGAIN {
				continue
			}
			if err != nil || m == 0 {
				send(r.quit, keys, keyCtrlD)
				return
			}
			var ks []key
			ks, rest = decodeKeys(append(rest, buf[:m]...))
			for _, k := range ks {
				if !send(r.quit, keys, k) {
					return
				}
			}
		}
	}()
	return r
}

// send sends k unless the reader is stopped first.
func send(quit <-chan struct{}, keys chan<- key, k key) bool {
	select {
	case keys <- k:
		return true
	case <-quit:
		return false
	}
}

// stop stops the reader and waits until it no longer reads.
func (r *keyReader) stop() {
	close(r.quit)
	<-r.done
}
