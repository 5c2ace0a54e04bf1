// Command broken does not compile: the scenario package's tests check
// what the build reports.
package main

import "fmt"

func main() {
	var n int = "three"
	fmt.Println(n)
}
