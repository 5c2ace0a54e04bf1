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
