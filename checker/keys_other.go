//go:build !unix

package main

import "os"

// keyReader reads keys from a terminal. Here it blocks in read, so after
// stop it may still take one key meant for the program the terminal is
// lent to; Linux and macOS do not have that fault.
type keyReader struct {
	quit chan struct{}
}

func startKeys(in *os.File, keys chan<- key) *keyReader {
	r := &keyReader{quit: make(chan struct{})}
	go func() {
		buf := make([]byte, 64)
		var rest []byte
		for {
			m, err := in.Read(buf)
			if err != nil {
				select {
				case keys <- keyCtrlD:
				case <-r.quit:
				}
				return
			}
			var ks []key
			ks, rest = decodeKeys(append(rest, buf[:m]...))
			for _, k := range ks {
				select {
				case keys <- k:
				case <-r.quit:
					return
				}
			}
		}
	}()
	return r
}

func (r *keyReader) stop() { close(r.quit) }
