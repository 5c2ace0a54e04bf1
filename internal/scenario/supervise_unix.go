//go:build unix

package scenario

import (
	"os"
	"syscall"
)

// killGroup kills the program's whole process group: the program and
// everything it started that stayed in its group (the process library's
// children do). A group that is already gone is no error.
func killGroup(p *os.Process) {
	syscall.Kill(-p.Pid, syscall.SIGKILL)
	p.Kill()
}

// exitCode turns a wait status into the code a scenario speaks of: the
// exit status, or -N for a program killed by signal N (as the process
// library's ExitCode).
func exitCode(s *os.ProcessState) int {
	if ws, ok := s.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -int(ws.Signal())
	}
	return s.ExitCode()
}

// killedBySupervisor reports whether an exit code is that of a program
// killed the way the supervisor kills: SIGKILL.
func killedBySupervisor(code int) bool { return code == -int(syscall.SIGKILL) }

// signalName names signal n: "killed", "segmentation fault".
func signalName(n int) string { return syscall.Signal(n).String() }

// exeSuffixes are what a program's file name may end with.
var exeSuffixes = []string{""}

// isExecutable reports whether a file may be run.
func isExecutable(fi os.FileInfo) bool { return fi.Mode()&0o111 != 0 }
