//go:build unix

package process

import (
	"os"
	"syscall"
)

// terminateSignal is what Terminate sends.
var terminateSignal os.Signal = syscall.SIGTERM

// exitCode turns a wait status into Python's exitcode: the exit status, or
// -N for a child killed by signal N.
func exitCode(s *os.ProcessState) int {
	if s == nil {
		return NoExitCode
	}
	if ws, ok := s.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -int(ws.Signal())
	}
	return s.ExitCode()
}
