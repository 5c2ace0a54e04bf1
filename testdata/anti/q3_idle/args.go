package main

import (
	"fmt"
	"math"
	"strconv"
)

// usage is printed after an error in the arguments.
const usage = `usage: q3 [N ...]
  squares each number in a child process of its own;
  the numbers default to the sheet's: 2 4 3 5 6 7 5 5 7 8
`

// sheetNumbers is the sheet's array, used when no numbers are given.
var sheetNumbers = []int64{2, 4, 3, 5, 6, 7, 5, 5, 7, 8}

// parseNumbers reads the array from the command line. Each number must fit
// in 32 bits, as the elements of Python's Array('i', ...) do, so that its
// square always fits in the int64 the shared array holds.
func parseNumbers(args []string) ([]int64, error) {
	if len(args) == 0 {
		return append([]int64(nil), sheetNumbers...), nil
	}
	numbers := make([]int64, len(args))
	for i, a := range args {
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", a)
		}
		if n < math.MinInt32 || n > math.MaxInt32 {
			return nil, fmt.Errorf("%d is out of range: each number must fit in 32 bits (%d to %d)", n, math.MinInt32, math.MaxInt32)
		}
		numbers[i] = n
	}
	return numbers, nil
}
