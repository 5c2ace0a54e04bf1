//go:build unix

package process

import (
	"os"
	"syscall"
)

// fileIdentity returns a number that names f's file in every process that
// has it open: its inode number (shared memory files all live on one
// file system). 0 means unknown.
func fileIdentity(f *os.File) uint64 {
	fi, err := f.Stat()
	if err != nil {
		return 0
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}
