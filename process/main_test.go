package process_test

import (
	"os"
	"testing"

	"github.com/procbook/procbook/process"
)

// TestMain makes the test binary a possible child: process.Main runs the
// requested function in a child and exits there.
func TestMain(m *testing.M) {
	process.Main()
	os.Exit(m.Run())
}
