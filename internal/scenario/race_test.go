//go:build race

package scenario

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = true
