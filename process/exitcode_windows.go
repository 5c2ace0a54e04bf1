package process

import "os"

// terminateSignal is what Terminate sends; Windows has no SIGTERM to send.
var terminateSignal os.Signal = os.Kill

// exitCode returns the child's exit status.
func exitCode(s *os.ProcessState) int {
	if s == nil {
		return NoExitCode
	}
	return s.ExitCode()
}
