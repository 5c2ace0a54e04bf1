//go:build unix

package scenario

import "syscall"

// noFollow and nonBlock are the open flags that keep the checker from
// following a link the program left, and from waiting on a pipe.
const (
	noFollow = syscall.O_NOFOLLOW
	nonBlock = syscall.O_NONBLOCK
)
