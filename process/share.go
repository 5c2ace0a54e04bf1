package process

import (
	"errors"
	"fmt"
	"os"
	"sync"
)

// Shared objects (Array, Value, Lock, Queue) are backed by files: a shared
// memory segment, a pipe. When one travels inside a Process's argument, the
// codec calls its shareEncode with the encoding's state; shareEncode hands
// its segment to e.encodeShared, which gives each of its files a slot in
// that state: the child inherits the file at descriptor
// firstSharedFD+slot, and the shared object's shareDecode, in the child,
// finds it there with inheritedFile. A shared object follows one pattern:
//
//	func (l Lock) shareEncode(e *encoder) ([]byte, error) {
//		if l.sh == nil {
//			return nil, errNotMadeBy("Lock")
//		}
//		return e.encodeShared(l.sh.seg, shareRecord{Kind: "Lock"})
//	}
//
//	func (l *Lock) shareDecode(data []byte) error {
//		... decodeShared(data, shareRecord{Kind: "Lock"}, words, extraFiles, layout) ...
//	}
//
// The value receiver of shareEncode lets the codec find the object however
// many pointers lead to it.

// errNotShareable is returned when a shared object is encoded anywhere but in
// the argument of a starting Process or pool initializer: a pool task, a
// queue item, a result. Python refuses the same ("Synchronized objects should
// only be shared between processes through inheritance").
var errNotShareable = errors.New("process: a shared object (Array, Value, Lock, Queue) can travel only in the argument of a Process or of a pool's initializer")

// encodeSharing encodes v, the argument of a child about to start, and
// returns the files of the shared objects in it, in slot order.
func encodeSharing[T any](v T) (data []byte, files []*os.File, err error) {
	e := &encoder{sharing: true}
	data, err = appendEncoded(e, nil, v)
	return data, e.files, err
}

// shareFile registers f to be inherited by the child whose argument e
// encodes, and returns its slot. The same file shared twice gets the same
// slot.
func (e *encoder) shareFile(f *os.File) (slot int, err error) {
	if e == nil || !e.sharing {
		return 0, errNotShareable
	}
	for i, g := range e.files {
		if g == f {
			return i, nil
		}
	}
	e.files = append(e.files, f)
	return len(e.files) - 1, nil
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
