package process

import (
	"errors"
	"fmt"
	"os"
	"sync"
)

// Shared objects (Array, Value, Lock, Queue) are backed by files: a shared
// memory segment, a pipe. When one travels inside a Process's argument, its
// GobEncode hands its files to shareFile, which gives each a slot: the
// child inherits the file at descriptor firstSharedFD+slot, and the shared
// object's GobDecode, in the child, finds it there with inheritedFile.

// errNotShareable is returned when a shared object is encoded anywhere but in
// the argument of a starting Process or pool initializer: a pool task, a
// queue item, a result. Python refuses the same ("Synchronized objects should
// only be shared between processes through inheritance").
var errNotShareable = errors.New("process: a shared object (Array, Value, Lock, Queue) can travel only in the argument of a Process or of a pool's initializer")

// sharing is the state of the one encoding that may carry shared objects.
// Its lock is held for the whole encoding of a child's argument.
var sharing struct {
	mu     sync.Mutex
	active bool
	files  []*os.File
}

// encodeSharing encodes v, collecting the files of the shared objects in it.
func encodeSharing[T any](v T) (data []byte, files []*os.File, err error) {
	sharing.mu.Lock()
	defer sharing.mu.Unlock()
	sharing.active = true
	sharing.files = nil
	defer func() {
		sharing.active = false
		sharing.files = nil
	}()
	data, err = appendEncoded(nil, v, true)
	return data, sharing.files, err
}

// shareFile registers f to be inherited by the child being started and
// returns its slot. The same file shared twice gets the same slot.
func shareFile(f *os.File) (slot int, err error) {
	if !sharing.active {
		return 0, errNotShareable
	}
	for i, g := range sharing.files {
		if g == f {
			return i, nil
		}
	}
	sharing.files = append(sharing.files, f)
	return len(sharing.files) - 1, nil
}

// inherited holds, in a child, the files it inherited, by slot; a shared
// object decoded twice from the same slot shares the file.
var inherited struct {
	mu    sync.Mutex
	count int // how many slots the parent passed
	files map[int]*os.File
}

// inheritedFile returns the file the parent passed in slot.
func inheritedFile(slot int) (*os.File, error) {
	inherited.mu.Lock()
	defer inherited.mu.Unlock()
	if slot < 0 || slot >= inherited.count {
		return nil, fmt.Errorf("process: no shared object in slot %d (this process inherited %d): shared objects are decoded only from a Process's argument", slot, inherited.count)
	}
	if f, ok := inherited.files[slot]; ok {
		return f, nil
	}
	if inherited.files == nil {
		inherited.files = map[int]*os.File{}
	}
	f := os.NewFile(uintptr(firstSharedFD+slot), fmt.Sprintf("shared-%d", slot))
	inherited.files[slot] = f
	return f, nil
}
