package process

import "syscall"

// canSpawn is false: exec.Cmd cannot pass extra descriptors on Windows, and
// the library has no other channel to a child there yet.
const canSpawn = false

// childAttr returns the attributes of a child process.
func childAttr() *syscall.SysProcAttr { return nil }

// closeOnExec is not needed on Windows, where children are never started:
// exec.Cmd cannot pass extra descriptors there (see spawn).
func closeOnExec(fd int) {}
