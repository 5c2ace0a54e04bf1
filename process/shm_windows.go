package process

import (
	"fmt"
	"os"
)

// Shared memory on Windows would need file mappings and handle inheritance,
// which the rest of the library does not have either (Start returns
// ErrUnsupported there): creating a shared object fails the same way.

func createSharedFile(size int) (*os.File, error) {
	return nil, fmt.Errorf("shared memory on windows: %w", ErrUnsupported)
}

func mapFile(f *os.File, size int) ([]byte, error) {
	return nil, fmt.Errorf("shared memory on windows: %w", ErrUnsupported)
}

func unmapFile(mem []byte) error { return nil }

func dupFile(f *os.File) (*os.File, error) {
	return nil, fmt.Errorf("inheriting shared objects on windows: %w", ErrUnsupported)
}

func newPipe() (r, w *os.File, err error) {
	return nil, nil, fmt.Errorf("queues on windows: %w", ErrUnsupported)
}

// processAlive reports that pid may be alive: on Windows no lock is ever
// shared with another process.
func processAlive(pid int) bool { return true }
