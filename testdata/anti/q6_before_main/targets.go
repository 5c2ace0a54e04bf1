package main

import (
	"fmt"

	"github.com/procbook/procbook/process"
)

// The four targets, one per process, as in the sheet's Python. Each is
// registered at package level so that a child process, which is this same
// program started again, finds it by name. RegisterTarget is for functions
// that print rather than return: Python's Process(target=f, args=(x,)).
var (
	// square prints x*x: "Square: 100".
	square = process.RegisterTarget("square", func(x int) {
		fmt.Println("Square:", x*x)
	})

	// cube prints x*x*x: "Cube: 1000".
	cube = process.RegisterTarget("cube", func(x int) {
		fmt.Println("Cube:", x*x*x)
	})

	// division prints x/10 as Python's true division does: "division by
	// 10: 1.0".
	division = process.RegisterTarget("division", func(x int) {
		fmt.Println("division by 10:", pyFloat(float64(x)/10))
	})

	// remainder prints x%4 as Python computes it: "remainder : 2".
	remainder = process.RegisterTarget("remainder", func(x int) {
		fmt.Println("remainder :", pyMod(x, 4))
	})
)
