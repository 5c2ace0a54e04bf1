package process_test

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkStartJoinProgram measures Process start+join in a plain
// program (testdata/startjoin), the way a learner's program pays it.
// BenchmarkStartJoin measures the same in this test binary, which links
// the testing package and every test's imports; each child pays for those
// at start-up too, so the figure is larger. bench/run compares this one
// with CPython.
func BenchmarkStartJoinProgram(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "startjoin")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/startjoin").CombinedOutput(); err != nil {
		b.Fatalf("building the program: %v\n%s", err, out)
	}
	b.ResetTimer()
	out, err := exec.Command(bin, strconv.Itoa(b.N)).Output()
	if err != nil {
		b.Fatal(err)
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		b.Fatalf("the program printed %q", out)
	}
	b.ReportMetric(float64(time.Duration(ns))/1, "ns/op")
}
