package grade

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/procbook/procbook/internal/sandbox"
	"github.com/procbook/procbook/internal/testcache"
	"github.com/procbook/procbook/internal/workbook"
)

// limitAttacks are submissions that try to take the grading machine's
// memory or disk, each process or file under the limits on one, by student
// id; and the verdict each gets. The static policy is off, so that they
// run.
var limitAttacks = map[string]struct{ main, verdict string }{
	// Four processes of 48 MiB each: over the run's memory in all.
	"mallory-memory": {`package main

import (
	"fmt"
	"os"
	"os/exec"
	"time"
)

func main() {
	if os.Getenv("HOLD") == "1" {
		b := make([]byte, 48<<20)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		time.Sleep(time.Hour)
		fmt.Println(len(b))
	}
	var cmds []*exec.Cmd
	for range 4 {
		cmd := exec.Command("/proc/self/exe")
		cmd.Env = append(os.Environ(), "HOLD=1")
		cmd.Start()
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		cmd.Wait()
	}
	fmt.Println("ok")
}
`, "h used more than 128 MiB of memory in all, and was stopped"},
	// The same from goroutines: built with the race detector (where cgo
	// is on), which takes no limit on address space, and held all the
	// same.
	"mallory-race-memory": {`package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var keep [][]byte
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := make([]byte, 48<<20)
			for i := 0; i < len(b); i += 4096 {
				b[i] = 1
			}
			mu.Lock()
			keep = append(keep, b)
			mu.Unlock()
		}()
	}
	wg.Wait()
	time.Sleep(time.Hour)
	fmt.Println("ok", len(keep))
}
`, "h used more than 128 MiB of memory in all, and was stopped"},
	// Files of 4 MiB each, many: over the scratch folder's bytes.
	"mallory-disk": {`package main

import (
	"fmt"
	"os"
)

func main() {
	for i := range 32 {
		os.WriteFile(fmt.Sprintf("fill%d", i), make([]byte, 4<<20), 0o644)
	}
	fmt.Println("ok")
}
`, "h wrote more than 32 MiB of files in its folder"},
	// Empty files, many: over the scratch folder's count.
	"mallory-files": {`package main

import (
	"fmt"
	"os"
)

func main() {
	for i := range 10000 {
		os.WriteFile(fmt.Sprintf("empty%d", i), nil, 0o644)
	}
	fmt.Println("ok")
}
`, "h made more than 256 files in its folder"},
}

// TestGradeHostileLimits grades the attacks on the machine's memory and
// disk beside an honest student, in the sandbox with smaller limits on a
// whole run: each attack loses its scenario with a verdict that says
// which limit it passed, and the honest student's grade is whole.
func TestGradeHostileLimits(t *testing.T) {
	dir, root := sandboxedHostileWorkbook(t)
	class := filepath.Join(dir, "class")
	files := map[string]string{"alice/h/main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"ok\") }\n"}
	for id, a := range limitAttacks {
		files[id+"/h/main.go"] = a.main
	}
	writeFiles(t, class, files)
	lim := sandbox.DefaultLimits
	lim.TotalMemory, lim.ScratchBytes, lim.ScratchFiles = 128<<20, 32<<20, 256
	gb, err := Grade(context.Background(), class, Options{
		Root: root, ProgramCache: testPrograms, ProgramsKept: testcache.ProgramsKept, Exercises: []workbook.Exercise{hostileExercise}, Jobs: 2, Timeout: 20 * time.Second,
		TempDir: t.TempDir(), noPolicy: true, Sandbox: lim,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range gb.Students {
		sc := s.Exercises[0].Scenarios[0]
		if s.ID == "alice" {
			if s.Score != 10 {
				t.Errorf("alice: %d points (%s: %s)", s.Score, sc.Status, sc.Message)
			}
			continue
		}
		a := limitAttacks[s.ID]
		if sc.Status != Fail || !strings.Contains(sc.Message, a.verdict) {
			t.Errorf("%s: %s %q, want a failure saying %q", s.ID, sc.Status, sc.Message, a.verdict)
		}
	}
}
