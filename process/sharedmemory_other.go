//go:build unix && !linux

package process

import (
	"os"
	"path/filepath"
)

// blockDir is where named shared memory lives. Outside Linux, POSIX shared
// memory has no directory (shm_open needs cgo), so blocks are files of a
// directory of the temporary directory instead: any Go program of this
// library finds them, but Python's SharedMemory does not.
func blockDir() (string, error) {
	dir := filepath.Join(os.TempDir(), "procbook-shm")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return dir, nil
}
