package sandbox_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/procbook/procbook/internal/sandbox"
)

// A grader runs a program it built in a sandbox: here the test binary
// itself, which lists the root it sees.
func ExampleCommand() {
	exe, _ := os.Executable()
	scratch, _ := os.MkdirTemp("", "sandbox-example-")
	defer os.RemoveAll(scratch)
	c, err := sandbox.Command(sandbox.Spec{
		Path:     exe,
		Args:     []string{"helper", "ls", "/dev"},
		Env:      []string{"SANDBOX_TEST_HELPER=1"},
		Scratch:  scratch,
		ReadOnly: []string{filepath.Dir(exe)},
		Limits:   sandbox.Limits{Processes: 256, CPU: 10 * time.Second, FileSize: 1 << 20},
	})
	if err != nil {
		fmt.Println(err) // no sandbox here, and how to get one
		return
	}
	c.Stdout = os.Stdout
	if err := c.Start(); err != nil {
		fmt.Println(err)
		return
	}
	c.Wait()
	exit, err := c.Exit()
	fmt.Println(exit.ExitCode(), exit.Left, err)
	// Output:
	// fd full null random stderr stdin stdout urandom zero <nil>
	// 0 0 <nil>
}

// A run of four processes, each holding 128 MiB, is stopped past its limit
// on memory in all: the sandbox says which limit, and killed every process.
func ExampleOverrun() {
	exe, _ := os.Executable()
	scratch, _ := os.MkdirTemp("", "sandbox-example-")
	defer os.RemoveAll(scratch)
	c, err := sandbox.Command(sandbox.Spec{
		Path:     exe,
		Args:     []string{"helper", "hold", "4", "128", "ever"},
		Env:      []string{"SANDBOX_TEST_HELPER=1"},
		Scratch:  scratch,
		ReadOnly: []string{filepath.Dir(exe)},
		Limits:   sandbox.Limits{Processes: 256, TotalMemory: 256 << 20},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := c.Start(); err != nil {
		fmt.Println(err)
		return
	}
	c.Wait()
	exit, err := c.Exit()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(exit.Overrun.Limit, exit.Overrun.Used > exit.Overrun.Max, exit.ExitCode(), exit.Left)
	// Output:
	// TotalMemory true -9 0
}
