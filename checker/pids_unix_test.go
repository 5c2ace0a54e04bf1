//go:build unix

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// running reports whether pid is a live process (a zombie is not).
func running(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		// No /proc (macOS): the signal test is all there is.
		return !errors.Is(err, fs.ErrNotExist) || !procExists()
	}
	// pid (comm) STATE ...: comm may hold spaces and parentheses.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

func procExists() bool {
	_, err := os.Stat("/proc/self/stat")
	return err == nil
}

// kill stops pid, a process a failed test left behind.
func kill(pid int) { syscall.Kill(pid, syscall.SIGKILL) }
