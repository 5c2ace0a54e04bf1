package process

import (
	"fmt"
	"os"
)

// Shared memory on Windows would need file mappings and handle inheritance,
// which the rest of the library does not have either (Start returns
// ErrUnsupported there): creating a shared object fails the same way, and
// the functions below exist so that the package builds.

// errNoSharedMemory is what every shared object's constructor returns here.
var errNoSharedMemory = fmt.Errorf("shared memory on windows: %w", ErrUnsupported)

// createSharedFile fails: see errNoSharedMemory.
func createSharedFile(size int) (*os.File, error) { return nil, errNoSharedMemory }

// mapFile fails: see errNoSharedMemory.
func mapFile(f *os.File, size int) ([]byte, error) { return nil, errNoSharedMemory }

// unmapFile has nothing to undo.
func unmapFile(mem []byte) error { return nil }

// dupFile fails: no shared object is ever inherited here.
func dupFile(f *os.File) (*os.File, error) { return nil, errNoSharedMemory }

// processAlive reports that pid may be alive: on Windows no lock is ever
// shared with another process.
func processAlive(pid int) bool { return true }
