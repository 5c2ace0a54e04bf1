//go:build !linux

package process

import "time"

// cancelCheckInterval is the longest a context-taking wait sleeps before it
// looks at its context again. Without a futex, wakeOnDone's wake-up does
// nothing, so the wait looks often.
const cancelCheckInterval = 5 * time.Millisecond
