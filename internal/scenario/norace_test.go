//go:build !race

package scenario

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = false

// runTimeout is the time each run of a workbook program gets.
const runTimeout = DefaultTimeout
