//go:build !unix

package scenario

// noFollow and nonBlock have no meaning here: the sandbox, and with it a
// hostile program in the same folder as the checker's files, is Linux's.
const (
	noFollow = 0
	nonBlock = 0
)
