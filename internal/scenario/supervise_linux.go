package scenario

import "syscall"

// groupAttr puts the program in a process group of its own, which the
// supervisor kills at the end, and has the kernel kill the program if the
// process supervising it dies first.
func groupAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
