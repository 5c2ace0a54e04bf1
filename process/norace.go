//go:build !race

package process

// raceEnabled reports whether this binary was built with -race.
const raceEnabled = false
