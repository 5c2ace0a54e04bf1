package testcache_test

import (
	"fmt"
	"path/filepath"

	"github.com/procbook/procbook/internal/testcache"
)

// The scenario package's tests keep their programs in a folder of their
// own, which they hand to scenario.Options.ProgramCache.
func ExamplePrograms() {
	dir := testcache.Programs("scenario")
	fmt.Println(filepath.Base(filepath.Dir(dir)), filepath.Base(dir))
	// Output: test-programs scenario
}
