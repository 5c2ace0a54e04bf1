package grade

import (
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestReap leaves processes behind in a workspace, as a runaway
// submission would, one in its folder and one running a program from it,
// and checks that reap kills both and nothing else.
func TestReap(t *testing.T) {
	work := t.TempDir()
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep command")
	}
	inDir := exec.Command(sleep, "60")
	inDir.Dir = work
	// A copy of sleep inside the workspace stands for a built program.
	prog := filepath.Join(work, "q3")
	if out, err := exec.Command("cp", sleep, prog).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	fromDir := exec.Command(prog, "60")
	other := exec.Command(sleep, "60") // somewhere else: not to be touched
	for _, c := range []*exec.Cmd{inDir, fromDir, other} {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	defer other.Process.Kill()

	reap(work)

	for _, c := range []*exec.Cmd{inDir, fromDir} {
		done := make(chan error, 1)
		go func() { done <- c.Wait() }()
		select {
		case err := <-done:
			if err == nil || c.ProcessState.ExitCode() != -1 {
				t.Errorf("%v: ended with %v, want killed", c.Args, err)
			}
		case <-time.After(5 * time.Second):
			c.Process.Kill()
			t.Errorf("%v still running after reap", c.Args)
		}
	}
	if other.ProcessState != nil {
		t.Error("reap touched a process outside the workspace")
	}
	if err := other.Process.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("the process outside the workspace is gone: %v", err)
	}
}
