package main

import (
	"math"
	"strconv"
	"strings"
)

// pyFloat formats f as Python's repr (and so print) does: the shortest
// digits that read back as f, always with a decimal point or an exponent,
// so that 1 prints as "1.0" and 0.7 as "0.7". Python switches to an
// exponent below 1e-4 and from 1e16 on.
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	// The decimal exponent, read from the shortest exponent form: exact,
	// where math.Log10 may round across a power of ten.
	sci := strconv.FormatFloat(f, 'e', -1, 64)
	if exp, _ := strconv.Atoi(sci[strings.IndexByte(sci, 'e')+1:]); exp < -4 || exp >= 16 {
		return sci
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// pyMod is Python's x % m: the result has the sign of m, so -7 % 4 is 1,
// where Go's -7 % 4 is -3.
func pyMod(x, m int) int {
	r := x % m
	if r != 0 && (r < 0) != (m < 0) {
		r += m
	}
	return r
}
