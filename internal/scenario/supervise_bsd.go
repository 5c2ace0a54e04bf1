//go:build unix && !linux

package scenario

import "syscall"

// groupAttr puts the program in a process group of its own, which the
// supervisor kills at the end.
func groupAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
