package grade

import (
	"os"
	"testing"
)

// requireToolsEnv names the environment variable that turns a missing
// external tool (xmllint, Chromium, git) from a skip into a failure: .ci/run
// sets it, so that CI never passes by skipping what it must prove.
const requireToolsEnv = "PROCBOOK_REQUIRE_TOOLS"

// missingTool skips the test, or fails it where requireToolsEnv is set.
func missingTool(t *testing.T, why string) {
	t.Helper()
	if os.Getenv(requireToolsEnv) != "" {
		t.Fatalf("%s, and %s is set", why, requireToolsEnv)
	}
	t.Skip(why)
}
