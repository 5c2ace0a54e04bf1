package process

import (
	"os"
	"strconv"
)

// Hooks for the tests of package process_test: faults injected where the
// real cause (running out of descriptors, a 1 GiB message) is too costly
// to produce in a test.

// maxMessageEnv carries a lowered maxMessage to the test binary's
// children, which run the same init.
const maxMessageEnv = "PROCBOOK_TEST_MAX_MESSAGE"

func init() {
	if n, err := strconv.Atoi(os.Getenv(maxMessageEnv)); err == nil && n > 0 {
		maxMessage = n
	}
}

// SetMaxMessage lowers the largest message to n bytes, in this process and
// in the children it starts from now on, and returns a function that
// undoes it.
func SetMaxMessage(n int) (restore func()) {
	old := maxMessage
	maxMessage = n
	os.Setenv(maxMessageEnv, strconv.Itoa(n))
	return func() {
		maxMessage = old
		os.Unsetenv(maxMessageEnv)
	}
}

// SetStartWorkerFault makes every pool worker start call fault first, and
// fail with its error if it returns one, until restore is called.
func SetStartWorkerFault(fault func() error) (restore func()) {
	startWorkerFault.Store(&fault)
	return func() { startWorkerFault.Store(nil) }
}

// LifelineEnded is lifelineEnded.
var LifelineEnded = lifelineEnded
