//go:build !linux

package sandbox

import (
	"errors"
	"runtime"
)

// Command fails: only Linux has the namespaces a sandbox is made of.
func Command(spec Spec) (*Cmd, error) {
	return nil, Available()
}

// Available reports that programs cannot be sandboxed on this system, and
// how to get a machine where they can.
func Available() error {
	return &UnavailableError{
		Reason: errors.New(runtime.GOOS + " has no user, mount and pid namespaces"),
		How: "Grade on Linux: a Linux machine, or a Linux virtual machine or container on this one " +
			"(for example `docker run --rm -it --security-opt seccomp=unconfined -v \"$PWD\":/work -w /work golang`). " +
			"To run the submissions unconfined, as your own user, with access to all your files, pass --unsafe-no-sandbox.",
	}
}
