package process

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// A pool and its workers talk over two pipes (the worker's descriptors 5
// and 4, see reexec.go), never over stdout, so a task's own output goes to
// the terminal untouched. Every message is a frame: a 4-byte little-endian
// length, then that many bytes, the first of which says what it is.

// Message kinds, pool to worker.
const (
	msgHello byte = 1 // pool id, optional initializer: the worker's first message
	msgBatch byte = 2 // run a function over a batch of arguments
)

// Message kinds, worker to pool.
const (
	msgReady   byte = 11 // the worker ran its initializer and waits for work
	msgInitErr byte = 12 // the initializer failed: a taskFailure follows
	msgResults byte = 13 // the outcome of a batch
)

// Ways a batch's results are laid out in a msgResults frame.
const (
	resultsWhole    byte = 0 // the failures, then []R encoded as one value
	resultsPerItem  byte = 1 // each item on its own: its encoding, or why it has none
	resultsBatchErr byte = 2 // the whole batch failed before running: a message
)

// maxFrame bounds a frame, so that a corrupt length cannot make either side
// allocate without limit.
const maxFrame = 1 << 30

// taskFailure is one task that failed in a worker: it panicked, or its
// result could not be encoded.
type taskFailure struct {
	Index int    // within its batch
	Panic bool   // a panic (Value, Stack), or else an error (Value)
	Value string // the panic value, or the error's text
	Stack string
}

// frame builds one message.
type frame struct{ b []byte }

func newFrame(kind byte) *frame {
	return &frame{b: append(make([]byte, 4, 64), kind)}
}

func (f *frame) byte(v byte) *frame { f.b = append(f.b, v); return f }
func (f *frame) uint32(v int) *frame {
	f.b = binary.LittleEndian.AppendUint32(f.b, uint32(v))
	return f
}
func (f *frame) bytes(v []byte) *frame  { f.uint32(len(v)); f.b = append(f.b, v...); return f }
func (f *frame) string(v string) *frame { f.uint32(len(v)); f.b = append(f.b, v...); return f }
func (f *frame) rest(v []byte) *frame   { f.b = append(f.b, v...); return f }

func (f *frame) failure(t taskFailure) *frame {
	p := byte(0)
	if t.Panic {
		p = 1
	}
	return f.uint32(t.Index).byte(p).string(t.Value).string(t.Stack)
}

// send writes the frame.
func (f *frame) send(w io.Writer) error {
	binary.LittleEndian.PutUint32(f.b, uint32(len(f.b)-4))
	_, err := w.Write(f.b)
	return err
}

// readFrame reads one message and returns its kind and body.
func readFrame(r io.Reader) (byte, *parser, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return 0, nil, err
	}
	size := binary.LittleEndian.Uint32(n[:])
	if size == 0 || size > maxFrame {
		return 0, nil, fmt.Errorf("process: bad frame of %d bytes", size)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, err
	}
	return b[0], &parser{b: b[1:]}, nil
}

// parser reads the fields of a frame in the order they were written; the
// first short read sets err and makes every later read return zero values.
type parser struct {
	b   []byte
	err error
}

var errShortFrame = errors.New("process: frame too short")

func (p *parser) take(n int) []byte {
	if p.err != nil || n < 0 || n > len(p.b) {
		p.err = errShortFrame
		return nil
	}
	v := p.b[:n]
	p.b = p.b[n:]
	return v
}

func (p *parser) byte() byte {
	if b := p.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (p *parser) uint32() int {
	if b := p.take(4); b != nil {
		return int(binary.LittleEndian.Uint32(b))
	}
	return 0
}

func (p *parser) bytes() []byte  { return p.take(p.uint32()) }
func (p *parser) string() string { return string(p.bytes()) }
func (p *parser) rest() []byte   { v := p.b; p.b = nil; return v }
func (p *parser) failure() taskFailure {
	return taskFailure{Index: p.uint32(), Panic: p.byte() == 1, Value: p.string(), Stack: p.string()}
}
