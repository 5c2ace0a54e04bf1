package scenario

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A build batch is one go build for the programs of several exercises
// whose builds were asked for at nearly the same moment, as grading asks
// for a submission's six at once. Each go command starts, loads the
// workbook's packages and hashes their sources before it compiles
// anything: a tenth of a second of CPU, a fifth of what building an
// exercise costs once the library is compiled. One go command for six
// programs pays it once.
//
// A batch only ever saves time; it never decides a verdict. A member
// whose program the batch did not build (its package does not compile,
// is not a program, or the go command failed before building anything)
// is built again alone, by the ordinary path, which gives the verdict
// with its own messages.

// batchWindow is how long a build waits for others to join its batch.
const batchWindow = 80 * time.Millisecond

// batchKey is what builds must share to go through one go command.
type batchKey struct {
	goTool, root, cache string
	offline, race       bool
}

// batchMember is one exercise's build in a batch.
type batchMember struct {
	spec    buildSpec
	overlay map[string]string
	slot    string // its program cache slot, or ""
	exe     string // where its program goes
	ok      bool   // the batch built it, at exe
}

// buildBatch is the batch being gathered, or built.
type buildBatch struct {
	key     batchKey
	members []*batchMember
	full    chan struct{} // closed once it holds every exercise: none can join
	done    chan struct{}
}

// openBatches are the batches still gathering members, by key.
var openBatches struct {
	mu sync.Mutex
	m  map[batchKey]*buildBatch
}

// buildInBatch builds m's program in a batch with the builds asked for
// within batchWindow, and reports whether the batch built it. A false
// says nothing about the program: build it alone.
func buildInBatch(ctx context.Context, key batchKey, m *batchMember) bool {
	openBatches.mu.Lock()
	b := openBatches.m[key]
	if b == nil || b.has(m.spec.Name) {
		// A second program of the same exercise (another student's) has
		// the same package path: it waits for the next batch.
		b = &buildBatch{key: key, full: make(chan struct{}), done: make(chan struct{})}
		if openBatches.m == nil {
			openBatches.m = map[batchKey]*buildBatch{}
		}
		openBatches.m[key] = b
		go b.run(ctx)
	}
	b.members = append(b.members, m)
	if len(b.members) == exerciseCount(key.root) {
		close(b.full)
		delete(openBatches.m, key)
	}
	openBatches.mu.Unlock()
	select {
	case <-b.done:
		return m.ok
	case <-ctx.Done():
		return false
	}
}

func (b *buildBatch) has(name string) bool {
	for _, m := range b.members {
		if m.spec.Name == name {
			return true
		}
	}
	return false
}

// run waits for members, closes the batch to others, and builds them, unless it has
// only one, which builds alone as it would have without batches.
func (b *buildBatch) run(ctx context.Context) {
	defer close(b.done)
	select {
	case <-time.After(batchWindow):
	case <-b.full:
	case <-ctx.Done():
		return
	}
	openBatches.mu.Lock()
	if openBatches.m[b.key] == b {
		delete(openBatches.m, b.key)
	}
	members := b.members
	openBatches.mu.Unlock()
	if len(members) < 2 {
		return
	}

	first := members[0].spec
	dir, err := os.MkdirTemp(first.OutDir, "batch-")
	if err != nil {
		return
	}
	defer os.RemoveAll(dir)
	overlay := map[string]string{}
	pkgs := []string{}
	kept := map[*batchMember]string{}
	for _, m := range members {
		maps.Copy(overlay, m.overlay)
		pkgs = append(pkgs, "./exercises/"+m.spec.Name)
		if fetchProgram(m.slot, m.built(dir)) {
			kept[m] = fileHash(m.built(dir))
		}
	}
	args, err := goBuildArgs(dir+string(filepath.Separator), dir, overlay, b.key.race, pkgs...)
	if err != nil {
		return
	}

	select {
	case buildSlots <- struct{}{}:
	case <-ctx.Done():
		return
	}
	cmd := exec.CommandContext(ctx, b.key.goTool, args...)
	cmd.Dir = b.key.root
	cmd.Env = buildEnv(b.key.offline)
	out, err := cmd.CombinedOutput()
	<-buildSlots
	failed := err != nil
	for _, m := range members {
		built := m.built(dir)
		fi, serr := os.Stat(built)
		_, fetched := kept[m]
		switch {
		case serr != nil || !isExecutable(fi):
			continue // not built: alone, it gets its verdict
		case failed && (fetched || namesPackage(string(out), m.spec.Name)):
			continue // a kept program left there, or a package that failed
		}
		if os.Rename(built, m.exe) != nil && copyProgram(built, m.exe, 0o755) != nil {
			continue
		}
		if h, ok := kept[m]; !ok || h != fileHash(m.exe) {
			keepProgram(m.slot, m.exe, m.spec.Kept) // linked anew
		}
		m.ok = true
		batchBuilt.Add(1)
	}
}

// batchBuilt counts the programs built in batches, for the tests.
var batchBuilt atomic.Int64

// exerciseCounts caches exerciseCount, per workbook root.
var exerciseCounts sync.Map // root → int

// exerciseCount is how many exercise folders the workbook at root has
// (exercises/*/): a batch that holds a build of each is full. It is 0,
// and no batch is ever full, when they cannot be read.
func exerciseCount(root string) int {
	if n, ok := exerciseCounts.Load(root); ok {
		return n.(int)
	}
	n := 0
	entries, _ := os.ReadDir(filepath.Join(root, "exercises"))
	for _, e := range entries {
		if e.IsDir() {
			n++
		}
	}
	exerciseCounts.Store(root, n)
	return n
}

// built is where the batch's go build writes m's program.
func (m *batchMember) built(dir string) string {
	return filepath.Join(dir, m.spec.Name+exeSuffixes[0])
}

// namesPackage reports whether the go command's output has a section for
// the exercise's package ("# github.com/…/exercises/q3"): its errors.
func namesPackage(out, name string) bool {
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "# ") && strings.HasSuffix(line, "/exercises/"+name) {
			return true
		}
	}
	return false
}
