//go:build unix

package scenario

import (
	"strings"
	"testing"
	"time"
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
	} {
		msg, status, reason := judgeRun(&c.res, false)
		if status != Fail || !strings.HasPrefix(msg, c.msg) || reason != c.reason {
			t.Errorf("%+v: %s %q, reason %q", c.res, status, msg, reason)
		}
	}
}
