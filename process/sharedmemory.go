package process

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// SharedMemory is a block of memory with a name, which any process can
// open by that name, related or not, in Go or in Python: Python's
// multiprocessing.shared_memory.SharedMemory. On Linux it is a POSIX shared
// memory object, a file under /dev/shm, the same that Python's names.
//
// The block's name outlives every process that uses it, until Unlink: call
// it once, in the process that owns the block (usually its creator), when
// no process will open it any more; the processes that have it open keep
// using it. Nothing unlinks it behind your back (Python's resource tracker
// unlinks blocks at exit, and warns about them, in every process that used
// them), and nothing warns.
//
// A SharedMemory may also travel inside a Process's argument, as a Lock,
// and then names the same memory in the child, even once unlinked.
type SharedMemory struct {
	name string
	sh   *sharedBlock
}

// sharedBlock is what SharedMemory handles point to. Its cleanup unmaps
// the block once no handle reaches it any more.
type sharedBlock struct {
	seg     *segment
	cleanup runtime.Cleanup
}

func newSharedBlock(seg *segment) *sharedBlock {
	b := &sharedBlock{seg: seg}
	b.cleanup = runtime.AddCleanup(b, (*segment).release, seg)
	return b
}

// NewSharedMemory creates a block of size bytes (size >= 1), zeroed, under
// name: Python's SharedMemory(name, create=True, size=size). An empty name
// picks a new one, "psm_" and random hex digits, as Python does; a
// leading "/", which POSIX's and Python's shm_open accept, is dropped. A
// name in use is an error wrapping fs.ErrExist.
func NewSharedMemory(name string, size int) (*SharedMemory, error) {
	if size < 1 || int64(size) > math.MaxInt {
		return nil, fmt.Errorf("process: NewSharedMemory(%q, %d): the size must be at least 1", name, size)
	}
	name = strings.TrimPrefix(name, "/")
	random := name == ""
	for range 100 {
		if random {
			name = randomBlockName()
		}
		path, err := blockPath(name)
		if err != nil {
			return nil, err
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) && random {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("process: NewSharedMemory(%q): %w", name, err)
		}
		m, err := mapBlock(f, name, size)
		if err != nil {
			f.Close()
			os.Remove(path)
			return nil, err
		}
		return m, nil
	}
	return nil, fmt.Errorf("process: NewSharedMemory: no free random name after 100 tries")
}

// OpenSharedMemory opens the block named name, which another process (or
// this one) created: Python's SharedMemory(name). A name that is not in
// use is an error wrapping fs.ErrNotExist.
func OpenSharedMemory(name string) (*SharedMemory, error) {
	name = strings.TrimPrefix(name, "/")
	path, err := blockPath(name)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("process: OpenSharedMemory(%q): %w", name, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("process: OpenSharedMemory(%q): %w", name, err)
	}
	m, err := mapBlock(f, name, int(st.Size()))
	if err != nil {
		f.Close()
		return nil, err
	}
	return m, nil
}

// mapBlock sizes f to size bytes if it is shorter (a new block) and maps
// it; once it succeeds the block owns f.
func mapBlock(f *os.File, name string, size int) (*SharedMemory, error) {
	if size < 1 {
		return nil, fmt.Errorf("process: shared memory %q is empty", name)
	}
	if st, err := f.Stat(); err == nil && st.Size() < int64(size) {
		if err := f.Truncate(int64(size)); err != nil {
			return nil, fmt.Errorf("process: sizing shared memory %q to %d bytes: %w", name, size, err)
		}
	}
	seg, err := mapSegment(f, size, 0)
	if err != nil {
		return nil, fmt.Errorf("process: shared memory %q: %w", name, err)
	}
	return &SharedMemory{name: name, sh: newSharedBlock(seg)}, nil
}

// blockPath returns the file of the block named name, refusing names that
// are not one plain file name.
func blockPath(name string) (string, error) {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") || len(name) > 255 {
		return "", fmt.Errorf("process: shared memory name %q: want a file name of 1 to 255 bytes, without '/'", name)
	}
	dir, err := blockDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, name), nil
}

func randomBlockName() string {
	var b [8]byte
	rand.Read(b[:])
	return "psm_" + hex.EncodeToString(b[:])
}

// Name returns the block's name, as OpenSharedMemory takes it.
func (m *SharedMemory) Name() string { return m.name }

// Bytes returns the block's memory, shared with every process that has it
// open: Python's buf. It is valid until Close; after Close it is nil.
func (m *SharedMemory) Bytes() []byte {
	if m.sh == nil || m.sh.seg.closed.Load() {
		return nil
	}
	return m.sh.seg.mem
}

// Size returns the block's size in bytes.
func (m *SharedMemory) Size() int { return len(m.Bytes()) }

// Close unmaps the block in this process; it stays for the others, and
// under its name until Unlink. A second Close returns ErrClosed.
func (m *SharedMemory) Close() error {
	if m.sh == nil {
		return ErrClosed
	}
	m.sh.cleanup.Stop()
	return m.sh.seg.close()
}

// Unlink removes the block's name, so that no process can open it any
// more; the processes that have it open keep it until they close it, and
// the memory is freed after the last. It may be called before or after
// Close. A block already unlinked (by any process) is an error wrapping
// fs.ErrNotExist.
func (m *SharedMemory) Unlink() error {
	path, err := blockPath(m.name)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("process: SharedMemory.Unlink: %q is not linked (unlinked already?): %w", m.Name(), fs.ErrNotExist)
		}
		return fmt.Errorf("process: SharedMemory.Unlink: %w", err)
	}
	return nil
}

// blockWire is a SharedMemory as it travels: its name, and the record of
// its mapping.
type blockWire struct {
	Name  string
	Block []byte
}

// shareEncode lets a SharedMemory travel inside a Process's argument, as a
// Lock; anywhere else it fails (send its Name instead).
func (m SharedMemory) shareEncode(e *encoder) ([]byte, error) {
	if m.sh == nil {
		return nil, errNotMadeBy("SharedMemory")
	}
	rec, err := e.encodeShared(m.sh.seg, shareRecord{Kind: "SharedMemory", Len: len(m.sh.seg.mem)})
	if err != nil {
		return nil, err
	}
	return encode(blockWire{Name: m.name, Block: rec})
}

// shareDecode maps, in a child, the SharedMemory its parent passed.
func (m *SharedMemory) shareDecode(data []byte) error {
	if m.sh != nil {
		return errDecodeInUse("SharedMemory")
	}
	var w blockWire
	if err := decodeInto(data, &w); err != nil {
		return fmt.Errorf("process: decoding a shared SharedMemory: %w", err)
	}
	seg, _, err := decodeShared(w.Block, shareRecord{Kind: "SharedMemory"}, 0, 0, func(rec shareRecord) (int, error) {
		if rec.Len < 1 {
			return 0, fmt.Errorf("size %d", rec.Len)
		}
		return rec.Len, nil
	})
	if err != nil {
		return err
	}
	m.name, m.sh = w.Name, newSharedBlock(seg)
	return nil
}
