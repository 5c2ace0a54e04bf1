//go:build !linux

package process

import "os"

// growPipe does nothing: only Linux lets a program size a pipe's buffer.
func growPipe(f *os.File) {}

// pipeCapacity returns how many bytes the pipe f is an end of surely
// holds: POSIX's PIPE_BUF, where the size cannot be asked.
func pipeCapacity(f *os.File) int { return 512 }
