package main

import (
	"github.com/procbook/procbook/process"
)

// The four targets, registered as the solution's are, but idle: the
// mistake is that they print nothing, and the program prints for them.
var (
	square    = process.RegisterTarget("square", func(x int) {})
	cube      = process.RegisterTarget("cube", func(x int) {})
	division  = process.RegisterTarget("division", func(x int) {})
	remainder = process.RegisterTarget("remainder", func(x int) {})
)
