//go:build race

package sandbox

// raceEnabled: the test binary, run as the sandboxed program, is built
// with the race detector, whose shadow memory no address-space limit holds.
const raceEnabled = true
