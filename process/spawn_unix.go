//go:build unix

package process

import "syscall"

// canSpawn: children get their pipes as inherited descriptors, which
// Unix passes to exec.Cmd.ExtraFiles.
const canSpawn = true

// childAttr returns the attributes of a child process: none beyond the
// defaults, so a child stays in its parent's process group and a terminal's
// Ctrl-C (or a supervisor killing the group) reaches it too.
func childAttr() *syscall.SysProcAttr { return nil }

// closeOnExec marks an inherited descriptor close-on-exec.
func closeOnExec(fd int) { syscall.CloseOnExec(fd) }
