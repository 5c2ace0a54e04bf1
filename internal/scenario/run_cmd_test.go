//go:build unix

package scenario

import (
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/internal/sandbox"
)

// TestJudgeRunSandboxVerdicts gives the ends a sandbox reports: each gets
// a failure in plain words.
func TestJudgeRunSandboxVerdicts(t *testing.T) {
	for _, c := range []struct {
		res    runResult
		msg    string
		reason string
	}{
		{runResult{Name: "q6", Left: 1}, "q6 left 1 process running when it ended (they were killed): join every process", "left 1 process running when it ended"},
		{runResult{Name: "q6", Left: 3}, "q6 left 3 processes running", "left 3 processes running when it ended"},
		{runResult{Name: "q2", Code: 66, Stderr: "==================\nWARNING: DATA RACE\nWrite at 0x00c by goroutine 7:\n"}, "q2 has a data race", "had a data race"},
		{runResult{Name: "q1", Code: -9, CPU: 29 * time.Second, CPULimit: 30 * time.Second}, "q1 used 30s of CPU time, its limit, and was stopped", "used 30s of CPU time, its limit, and was stopped"},
		{runResult{Name: "q1", Code: -9, CPU: time.Second, CPULimit: 30 * time.Second}, "q1 was killed by signal 9", "was killed by signal 9 (killed)"},
		{runResult{Name: "q4", Code: -9, Overrun: &sandbox.Overrun{Limit: sandbox.TotalMemoryLimit, Max: 2 << 30, Used: 2<<30 + 1}}, "q4 used more than 2 GiB of memory in all, and was stopped", "used more than 2 GiB of memory in all, and was stopped"},
		{runResult{Name: "q4", Code: -9, Overrun: &sandbox.Overrun{Limit: sandbox.ScratchBytesLimit, Max: 256 << 20, Used: 300 << 20}}, "q4 wrote more than 256 MiB of files in its folder, and was stopped", "wrote more than 256 MiB of files in its folder, and was stopped"},
		{runResult{Name: "q4", Code: 0, Overrun: &sandbox.Overrun{Limit: sandbox.ScratchFilesLimit, Max: 4096, Used: 5000}}, "q4 made more than 4096 files in its folder", "made more than 4096 files in its folder"},
	} {
		msg, status, reason := judgeRun(&c.res, false)
		if status != Fail || !strings.HasPrefix(msg, c.msg) || reason != c.reason {
			t.Errorf("%+v: %s %q, reason %q", c.res, status, msg, reason)
		}
	}
}
