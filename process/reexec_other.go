//go:build !linux

package process

import "os"

// selfExe returns the path that re-executes this very binary.
func selfExe() (string, error) { return os.Executable() }
