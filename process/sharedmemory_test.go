package process_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/procbook/procbook/process"
)

// testBlockName returns a block name unique to this test run.
func testBlockName(t *testing.T) string {
	return fmt.Sprintf("procbook_test_%d_%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "_"))
}

// TestSharedMemoryBasics follows CPython's
// _TestSharedMemory.test_shared_memory_basics: a block created under a
// name is opened by that name and shows the same bytes; a name in use
// cannot be created again, a missing one cannot be opened, and a block is
// unlinked once.
func TestSharedMemoryBasics(t *testing.T) {
	name := testBlockName(t)
	m, err := process.NewSharedMemory(name, 512)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Name() != name || m.Size() != 512 || len(m.Bytes()) != 512 {
		t.Fatalf("Name %q, Size %d, len(Bytes) %d; want %q, 512", m.Name(), m.Size(), len(m.Bytes()), name)
	}
	copy(m.Bytes(), "howdy")
	o, err := process.OpenSharedMemory("/" + name) // a leading slash, as POSIX names are written
	if err != nil {
		t.Fatal(err)
	}
	if got := string(o.Bytes()[:5]); got != "howdy" || o.Size() != 512 {
		t.Errorf("the opened block holds %q and is %d bytes, want howdy and 512", got, o.Size())
	}
	o.Bytes()[0] = 'H'
	if m.Bytes()[0] != 'H' {
		t.Error("a write through the opened block is not seen through the created one")
	}
	if _, err := process.NewSharedMemory(name, 10); !errors.Is(err, fs.ErrExist) {
		t.Errorf("creating a block under a name in use: %v, want fs.ErrExist", err)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if o.Bytes() != nil {
		t.Error("Bytes after Close is not nil")
	}
	if err := o.Close(); !errors.Is(err, process.ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	if err := m.Unlink(); err != nil {
		t.Fatal(err)
	}
	if err := o.Unlink(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("second Unlink: %v, want fs.ErrNotExist", err)
	}
	if _, err := process.OpenSharedMemory(name); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("opening an unlinked block: %v, want fs.ErrNotExist", err)
	}
	if m.Bytes()[0] != 'H' {
		t.Error("the created block lost its memory on Unlink")
	}
}

func TestSharedMemoryBadInput(t *testing.T) {
	for _, name := range []string{"a/b", "..", strings.Repeat("x", 300)} {
		if _, err := process.NewSharedMemory(name, 1); err == nil || !strings.Contains(err.Error(), "want a file name") {
			t.Errorf("NewSharedMemory(%q): %v", name, err)
		}
	}
	if _, err := process.NewSharedMemory("", 0); err == nil || !strings.Contains(err.Error(), "at least 1") {
		t.Errorf("NewSharedMemory of 0 bytes: %v", err)
	}
	m, err := process.NewSharedMemory("", 1)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Unlink()
	defer m.Close()
	if !strings.HasPrefix(m.Name(), "psm_") {
		t.Errorf("a block made without a name is named %q, want psm_…", m.Name())
	}
}

type blockJob struct {
	Name  string
	Block *process.SharedMemory
}

// writeByName opens a block by its name, as an unrelated process would,
// and writes to it.
var writeByName = process.RegisterTarget("shmem_test.writeByName", func(j blockJob) {
	m, err := process.OpenSharedMemory(j.Name)
	if err != nil {
		panic(err)
	}
	copy(m.Bytes(), "by name")
	if err := m.Close(); err != nil {
		panic(err)
	}
})

// writeInherited writes to the block its parent passed in its argument.
var writeInherited = process.RegisterTarget("shmem_test.writeInherited", func(j blockJob) {
	copy(j.Block.Bytes()[8:], "inherited")
	j.Block.Close()
})

// TestSharedMemoryAcrossProcesses follows CPython's
// test_shared_memory_across_processes: a child opens the block by name and
// writes to it; another gets it in its argument, after its name is gone.
func TestSharedMemoryAcrossProcesses(t *testing.T) {
	name := testBlockName(t)
	m, err := process.NewSharedMemory(name, 64)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := startChild(t, process.New(writeByName, blockJob{Name: name})).Join(); err != nil {
		t.Fatal(err)
	}
	if err := m.Unlink(); err != nil {
		t.Fatal(err)
	}
	if err := startChild(t, process.New(writeInherited, blockJob{Block: m})).Join(); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimRight(string(m.Bytes()[:17]), "\x00"); got != "by name\x00inherited" {
		t.Errorf("the block holds %q after the children wrote", got)
	}
}

// TestSharedMemoryWithPython: a block made here is read by CPython's
// SharedMemory by its name, and one CPython makes is opened here.
func TestSharedMemoryWithPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on PATH")
	}
	name := testBlockName(t)
	m, err := process.NewSharedMemory(name, 16)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Unlink()
	defer m.Close()
	copy(m.Bytes(), "from Go")
	// Python's resource tracker would unlink the block when the script
	// ends, and warn: tell it the block is not the script's.
	script := `
import sys
from multiprocessing import shared_memory, resource_tracker
m = shared_memory.SharedMemory(sys.argv[1])
resource_tracker.unregister(m._name, "shared_memory")
print(bytes(m.buf[:7]).decode())
m.buf[:9] = b"to Python"
m.close()
n = shared_memory.SharedMemory(sys.argv[1] + "_py", create=True, size=8)
resource_tracker.unregister(n._name, "shared_memory")
n.buf[:6] = b"Python"
n.close()
`
	out, err := exec.Command(python, "-c", script, name).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "from Go" {
		t.Errorf("Python read %q from the block, want \"from Go\"", got)
	}
	if got := string(m.Bytes()[:9]); got != "to Python" {
		t.Errorf("Python's write shows here as %q", got)
	}
	p, err := process.OpenSharedMemory(name + "_py")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.Unlink(); err != nil {
		t.Fatal(err)
	}
	if got := string(p.Bytes()[:6]); got != "Python" || p.Size() != 8 {
		t.Errorf("the block Python made holds %q (%d bytes)", got, p.Size())
	}
}

// TestSharedMemoryCreateAndCloseLeavesNothing: a thousand blocks created,
// opened, closed and unlinked leave no descriptor, mapping or name behind.
func TestSharedMemoryCreateAndCloseLeavesNothing(t *testing.T) {
	name := testBlockName(t)
	noLeak(t, 1000, func() {
		m, err := process.NewSharedMemory(name, 4096)
		if err != nil {
			t.Fatal(err)
		}
		o, err := process.OpenSharedMemory(name)
		if err != nil {
			t.Fatal(err)
		}
		m.Bytes()[1] = 1
		if o.Bytes()[1] != 1 {
			t.Fatal("the opened block does not see the write")
		}
		if err := o.Close(); err != nil {
			t.Fatal(err)
		}
		if err := m.Close(); err != nil {
			t.Fatal(err)
		}
		if err := m.Unlink(); err != nil {
			t.Fatal(err)
		}
	})
	if _, err := process.OpenSharedMemory(name); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the block's name is still there after the cycles: %v", err)
	}
}
