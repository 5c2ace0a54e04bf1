package process

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// pretendInherited makes this process look like a child that inherited
// files by slot, as decoding a shared object in a child expects.
func pretendInherited(t *testing.T, files []*os.File) {
	t.Helper()
	inherited.mu.Lock()
	defer inherited.mu.Unlock()
	oldCount, oldFiles := inherited.count, inherited.files
	inherited.count = len(files)
	inherited.files = map[int]*os.File{}
	for i, f := range files {
		d, err := dupFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inherited.files[i] = d
	}
	dups := inherited.files
	t.Cleanup(func() {
		inherited.mu.Lock()
		defer inherited.mu.Unlock()
		for _, f := range dups {
			f.Close()
		}
		inherited.count, inherited.files = oldCount, oldFiles
	})
}

// encodeForChild encodes v as Start does for a child's argument, and makes
// this process look like that child.
func encodeForChild[T any](t *testing.T, v T) []byte {
	t.Helper()
	data, files, err := encodeSharing(v)
	if err != nil {
		t.Fatal(err)
	}
	pretendInherited(t, files)
	return data
}

func TestSharedArrayDecodedTwiceNamesTheSameMemory(t *testing.T) {
	a, err := NewArray([]int64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	data := encodeForChild(t, a)
	b, err := decode[*Array[int64]](data)
	if err != nil {
		t.Fatal(err)
	}
	c, err := decode[*Array[int64]](data)
	if err != nil {
		t.Fatal(err)
	}
	b.Set(0, 10)
	c.Set(1, 20)
	if got := a.Slice(); got[0] != 10 || got[1] != 20 || got[2] != 3 {
		t.Errorf("after setting through two decodings: %v, want [10 20 3]", got)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	// Closing one decoding leaves the other, and the inherited file, usable.
	c.Set(2, 30)
	if got := a.Get(2); got != 30 {
		t.Errorf("after closing the first decoding: %d, want 30", got)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	d, err := decode[*Array[int64]](data)
	if err != nil {
		t.Fatalf("decoding again after closing both: %v", err)
	}
	d.Close()
}

func TestSharedDecodeChecksTheElementType(t *testing.T) {
	a, err := NewArray([]int64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	data := encodeForChild(t, a)
	for _, try := range []struct {
		name   string
		decode func() error
	}{
		{"Array[int32]", func() error { _, err := decode[*Array[int32]](data); return err }},
		{"Array[float64]", func() error { _, err := decode[*Array[float64]](data); return err }},
		{"Value[int64]", func() error { _, err := decode[*Value[int64]](data); return err }},
		{"Lock", func() error { _, err := decode[*Lock](data); return err }},
		{"Queue[int64]", func() error { _, err := decode[*Queue[int64]](data); return err }},
	} {
		err := try.decode()
		if err == nil || !strings.Contains(err.Error(), "from a Array[int64]") {
			t.Errorf("decoding an Array[int64] as %s: %v, want a mismatch error", try.name, err)
		}
	}
}

func TestSharedQueueDecodedInChildCarriesItems(t *testing.T) {
	q, err := NewQueue[string](2)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	data := encodeForChild(t, q)
	r, err := decode[*Queue[string]](data)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := q.Put("hello"); err != nil {
		t.Fatal(err)
	}
	if got, err := r.Get(); got != "hello" || err != nil {
		t.Errorf("Get through the decoded queue = %q, %v; want hello", got, err)
	}
}

func TestSharedObjectEncodedOutsideAnArgumentFails(t *testing.T) {
	l, err := NewLock()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := encode(l); !errors.Is(err, errNotShareable) {
		t.Errorf("encoding a Lock outside a Process's argument: %v, want errNotShareable", err)
	}
	l.Close()
	if _, _, err := encodeSharing(l); !errors.Is(err, ErrClosed) {
		t.Errorf("encoding a closed Lock for a child: %v, want ErrClosed", err)
	}
}

func TestMapSegmentChecksTheFileSize(t *testing.T) {
	f, err := createSharedFile(headerSize)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := mapSegment(f, 2*headerSize, 1); err == nil || !strings.Contains(err.Error(), "want 128") {
		t.Errorf("mapping a 64-byte file as 128 bytes: %v, want a size error", err)
	}
}
