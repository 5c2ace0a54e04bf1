//go:build !unix

package scenario

import (
	"os"
	"strconv"
	"syscall"
)

// groupAttr: without process groups, the program runs with default
// attributes and only the program itself is killed at the end.
func groupAttr() *syscall.SysProcAttr { return nil }

// killGroup kills the program (this platform has no process groups).
func killGroup(p *os.Process) { p.Kill() }

// exitCode returns the program's exit status.
func exitCode(s *os.ProcessState) int { return s.ExitCode() }

// killedBySupervisor reports whether an exit code is that of a killed
// program; a killed process's status is 1 here.
func killedBySupervisor(code int) bool { return code == 1 }

// signalName names signal n.
func signalName(n int) string { return "signal " + strconv.Itoa(n) }

// exeSuffixes are what a program's file name may end with.
var exeSuffixes = []string{".exe", ""}

// isExecutable reports whether a file may be run: any file, here.
func isExecutable(os.FileInfo) bool { return true }
