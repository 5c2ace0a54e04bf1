//go:build unix && !linux

package process

import "os"

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

// isZombie reports whether pid has exited but not been reaped yet. Outside
// Linux there is no cheap way to tell; a zombie owner keeps a lock until its
// parent reaps it, which Process does as soon as the child exits.
func isZombie(pid int) bool { return false }
