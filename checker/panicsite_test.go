package main

import (
	"strings"
	"testing"
)

func TestPanicSite(t *testing.T) {
	const log = `> run q6
[stderr]
panic: process: boom (pid 32735) panicked: runtime error: index out of range [3] with length 0
	
	goroutine 1 [running]:
	runtime/debug.Stack()
		/usr/local/go/src/runtime/debug/stack.go:26 +0x5e
	github.com/procbook/procbook/process.runTarget.func1()
		/w/process/reexec.go:109 +0x74
	panic({0x500d40?, 0x348756b3e000?})
		/usr/local/go/src/runtime/panic.go:860 +0x13a
	main.init.func1(0x519ee0?)
		/w/exercises/q6/main.go:7 +0x9 fp=0x1 sp=0x2 pc=0x3
	main.main()
		/w/exercises/q6/main.go:11 +0x17

goroutine 1 gp=0x1cc17516c1e0 m=2 mp=0x1cc1751a0808 [running]:
main.main()
	/w/exercises/q6/main.go:15 +0x138 fp=0x1cc1751f7f48 sp=0x1cc1751f7f18 pc=0x4d9218
`
	pos, fn, ok := panicSite(log, "/w/exercises/q6", "/w")
	if !ok || pos != "exercises/q6/main.go:7" || fn != "main.init.func1" {
		t.Fatalf("panicSite = %q, %q, %v; want the child's frame exercises/q6/main.go:7 in main.init.func1", pos, fn, ok)
	}
	// A -trimpath build names the workbook's files by import path.
	trimmed := strings.NewReplacer("/w/exercises/", "github.com/procbook/procbook/exercises/", "/w/process/", "github.com/procbook/procbook/process/").Replace(log)
	if pos, fn, ok := panicSite(trimmed, "/w/exercises/q6", "/w"); !ok || pos != "exercises/q6/main.go:7" || fn != "main.init.func1" {
		t.Fatalf("trimmed: panicSite = %q, %q, %v; want exercises/q6/main.go:7 in main.init.func1", pos, fn, ok)
	}
	if _, _, ok := panicSite("no panic here", "/w/exercises/q6", "/w"); ok {
		t.Fatal("a site found without a panic")
	}
	if a, b := sameFailure("boom (pid 1) panicked", "x:1"), sameFailure("boom (pid 2) panicked", "x:1"); a != b {
		t.Fatalf("two runs of one panic differ: %q %q", a, b)
	}
}
