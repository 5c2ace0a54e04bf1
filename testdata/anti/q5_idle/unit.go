package main

import (
	"fmt"
	"os"
	"time"
)

// unitEnv names the environment variable that sets how long one of the
// sheet's seconds lasts: a Go duration such as "100ms". The scenarios set
// it short so that a schedule of several seconds runs in a fraction of one.
const unitEnv = "PROCBOOK_UNIT"

// sheetSecond returns the length of one of the sheet's seconds: 1s, or
// PROCBOOK_UNIT.
func sheetSecond() (time.Duration, error) {
	s, ok := os.LookupEnv(unitEnv)
	if !ok || s == "" {
		return time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q: want a positive Go duration such as 100ms", unitEnv, s)
	}
	return d, nil
}
