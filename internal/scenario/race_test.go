//go:build race

package scenario

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = true

// runTimeout is the time each run of a workbook program gets: Check gives a
// race build RaceSlowdown times as much.
const runTimeout = DefaultTimeout
