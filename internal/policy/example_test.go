package policy_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/procbook/procbook/internal/policy"
)

// A grader checks an exercise's sources before it builds them: this one
// writes the process library's trace itself.
func ExampleCheck() {
	dir, _ := os.MkdirTemp("", "policy-example-")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte(`package main

import "os"

func main() {
	os.WriteFile(os.Getenv("PROCBOOK_TRACE"), []byte("{}"), 0o644)
}
`), 0o644)
	if err := policy.Check(dir); err != nil {
		for _, v := range err.(*policy.Error).Violations {
			fmt.Println(v)
		}
	}
	// Output:
	// main.go:6:2: uses os.WriteFile (a program writes only to its standard output and error)
	// main.go:6:25: names PROCBOOK_TRACE (the process library's variables and descriptors are its own)
}
