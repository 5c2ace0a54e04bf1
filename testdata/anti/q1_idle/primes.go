package main

// isPrime reports whether x is prime, by trial division: slow on purpose,
// so that there is work worth sharing between cores.
func isPrime(x int) bool {
	if x < 2 {
		return false
	}
	if x%2 == 0 {
		return x == 2
	}
	for d := 3; d*d <= x; d += 2 {
		if x%d == 0 {
			return false
		}
	}
	return true
}

// countPrimes returns how many primes lie in [lo, hi).
func countPrimes(lo, hi int) int {
	count := 0
	for x := lo; x < hi; x++ {
		if isPrime(x) {
			count++
		}
	}
	return count
}

// split cuts [0, n) into parts consecutive ranges of nearly equal length,
// as parts+1 boundaries: range i is [bounds[i], bounds[i+1]).
func split(n, parts int) []int {
	bounds := make([]int, parts+1)
	for i := range bounds {
		bounds[i] = n * i / parts
	}
	return bounds
}
