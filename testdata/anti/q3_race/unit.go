package main

import (
	"fmt"
	"os"
	"time"
)

// unitEnv names the environment variable that sets the length of one
// unit of time, a Go duration such as 50ms. The checker shortens it so
// that the scenarios run fast; by default a unit is one second.
const unitEnv = "PROCBOOK_UNIT"

// unit returns the length of one unit of time, from PROCBOOK_UNIT.
func unit() (time.Duration, error) {
	s := os.Getenv(unitEnv)
	if s == "" {
		return time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s=%q is not a duration such as 1s or 50ms", unitEnv, s)
	}
	return d, nil
}

// pause sleeps for one unit. The parent checked PROCBOOK_UNIT before it
// started any child, and children inherit it, so a child never sees a bad
// one; if it did, it would pause for a second.
func pause() {
	d, err := unit()
	if err != nil {
		d = time.Second
	}
	time.Sleep(d)
}
