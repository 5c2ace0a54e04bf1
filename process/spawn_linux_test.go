package process_test

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/procbook/procbook/process"
)

const lifelineHelperEnv = "PROCBOOK_LIFELINE_HELPER"

// TestLifelineHelper is not a test: it is the program that
// TestStartRecoversFromNoDescriptors runs, in a fresh process whose first
// Start has not made the children's lifeline yet.
func TestLifelineHelper(t *testing.T) {
	if os.Getenv(lifelineHelperEnv) == "" {
		t.Skip("run by TestStartRecoversFromNoDescriptors as a helper program")
	}
	// Go's poller takes descriptors of its own on first use: let it have
	// them now.
	r, w, _ := os.Pipe()
	r.Close()
	w.Close()
	var lim syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
	entries, _ := os.ReadDir("/proc/self/fd")
	low := lim
	low.Cur = uint64(len(entries)) // no descriptor left to open
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low); err != nil {
		t.Fatal(err)
	}
	err := process.New(emptyTarget, struct{}{}).Start()
	syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	if err == nil || !strings.HasPrefix(err.Error(), "process: ") {
		t.Fatalf("Start with no descriptor left: %v; want a process: error", err)
	}
	p := process.New(emptyTarget, struct{}{})
	if err := p.Start(); err != nil {
		t.Fatalf("Start once descriptors are back: %v", err)
	}
	if err := p.Join(); err != nil {
		t.Fatal(err)
	}
}

// TestStartRecoversFromNoDescriptors: a Start that fails for want of
// descriptors says so, and the next Start, once there are some, works.
func TestStartRecoversFromNoDescriptors(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestLifelineHelper$", "-test.v")
	cmd.Env = append(os.Environ(), lifelineHelperEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestLifelineHelper") {
		t.Fatalf("%v\n%s", err, out)
	}
}
