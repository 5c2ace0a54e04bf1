package process

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// Every pipe the library reads messages from (a pool worker's two pipes, a
// Queue's pipe) carries frames, one length-prefixed format with one
// hardening. A frame is a 16-byte header, then its body:
//
//	0   uint32  length of the body, at most maxMessage
//	4   uint32  sequence number: 1 for a stream's first frame, then 2, 3, …
//	8   byte    kind of message
//	9   3 bytes zero
//	12  uint32  check: CRC-32C of bytes 0 to 11, xor frameMagic
//
// The header is checked before the body is read or allocated, so bytes
// that are not a frame (a task that wrote to the wrong descriptor) are an
// error at once instead of a wait for a length that will never come, and
// a frame that is well-formed but out of sequence (forged, or left over)
// is an error instead of the answer to the wrong question. All numbers are
// little-endian.

const (
	frameHeader = 16
	frameMagic  = 0x70726f63 // "proc"
)

// maxMessage is the largest frame body: a pool's batch of arguments, one
// piece of a batch's results, a Queue item, encoded. Lengths are 32 bits,
// so it must stay below 4 GiB; 1 GiB keeps a corrupt length from making a
// process allocate much. A variable so that tests can lower it.
var maxMessage = 1 << 30

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errTooLarge is a message over maxMessage.
type errTooLarge struct{ size int }

func (e errTooLarge) Error() string {
	return fmt.Sprintf("%d bytes encoded, more than the %d (1 GiB) one message may carry", e.size, maxMessage)
}

// corruptError is a stream that does not hold the frame expected next.
type corruptError struct{ what string }

func (e *corruptError) Error() string { return "corrupt message stream: " + e.what }

// frame builds one message in a buffer that can be used again for the
// next, so that a worker's large messages do not allocate each time.
type frame struct{ b []byte }

func newFrame(kind byte) *frame {
	f := &frame{b: make([]byte, frameHeader, 256)}
	f.b[8] = kind
	return f
}

// reset starts a new message of the given kind in f's buffer.
func (f *frame) reset(kind byte) *frame {
	if cap(f.b) < frameHeader {
		f.b = make([]byte, frameHeader, 256)
	}
	f.b = f.b[:frameHeader]
	clear(f.b)
	f.b[8] = kind
	return f
}

func (f *frame) byte(v byte) *frame { f.b = append(f.b, v); return f }
func (f *frame) uint32(v int) *frame {
	f.b = binary.LittleEndian.AppendUint32(f.b, uint32(v))
	return f
}
func (f *frame) bytes(v []byte) *frame  { f.uint32(len(v)); f.b = append(f.b, v...); return f }
func (f *frame) string(v string) *frame { f.uint32(len(v)); f.b = append(f.b, v...); return f }
func (f *frame) rest(v []byte) *frame   { f.b = append(f.b, v...); return f }

// bodySize is the length of the body written so far.
func (f *frame) bodySize() int { return len(f.b) - frameHeader }

// seal writes the header for sequence number seq; a body over maxMessage
// is an error.
func (f *frame) seal(seq uint32) error {
	n := f.bodySize()
	if n > maxMessage {
		return errTooLarge{n}
	}
	binary.LittleEndian.PutUint32(f.b[0:], uint32(n))
	binary.LittleEndian.PutUint32(f.b[4:], seq)
	binary.LittleEndian.PutUint32(f.b[12:], crc32.Checksum(f.b[:12], castagnoli)^frameMagic)
	return nil
}

// send seals the frame as number seq of its stream and writes it, in one
// write.
func (f *frame) send(w io.Writer, seq uint32) error {
	if err := f.seal(seq); err != nil {
		return err
	}
	_, err := w.Write(f.b)
	return err
}

// readFrame reads the next frame, which must be number seq of its stream,
// and returns its kind and its body, in memory of its own. At the end of
// the stream, before any byte of a frame, it returns io.EOF.
func readFrame(r io.Reader, seq uint32) (kind byte, body []byte, err error) {
	var h [frameHeader]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	if crc32.Checksum(h[:12], castagnoli)^frameMagic != binary.LittleEndian.Uint32(h[12:]) || h[9]|h[10]|h[11] != 0 {
		return 0, nil, &corruptError{fmt.Sprintf("bytes % x… are not a message's header", h[:8])}
	}
	n := binary.LittleEndian.Uint32(h[0:])
	if got := binary.LittleEndian.Uint32(h[4:]); got != seq {
		return 0, nil, &corruptError{fmt.Sprintf("message number %d where number %d was due", got, seq)}
	}
	if uint64(n) > uint64(maxMessage) {
		return 0, nil, &corruptError{fmt.Sprintf("a message of %d bytes, more than the %d one may carry", n, maxMessage)}
	}
	body = make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, err
	}
	return h[8], body, nil
}

// parser reads the fields of a frame's body in the order they were
// written; the first short read sets err and makes every later read return
// zero values.
type parser struct {
	b   []byte
	err error
}

var errShortFrame = errors.New("process: message too short")

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
