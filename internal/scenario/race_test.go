//go:build race

package scenario

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = true

// runTimeout is the time each run of a workbook program gets. The race
// detector makes a program several times slower (atomic operations on
// shared memory above all: q2's four children locking two million times
// each take over 5 s where the plain build takes 0.2 s), so a race build
// gets four times the plain limit: enough for a right program, still a
// verdict for one that hangs.
const runTimeout = 4 * DefaultTimeout
