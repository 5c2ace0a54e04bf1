// Package lib is not a program: the scenario package's tests check that
// building it is reported as such.
package lib

// F does nothing.
func F() {}
