package main

import (
	"strconv"
	"strings"
)

// pyList formats xs as Python prints a list of numbers: [0, 1, 4, 9].
func pyList(xs []int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(x))
	}
	b.WriteByte(']')
	return b.String()
}

// pyRange returns the numbers 0, 1, ..., n-1: Python's range(n).
func pyRange(n int) []int {
	xs := make([]int, n)
	for i := range xs {
		xs[i] = i
	}
	return xs
}
