//go:build !linux

package process

import "os"

// growPipe does nothing: only Linux lets a program size a pipe's buffer.
func growPipe(f *os.File) {}
