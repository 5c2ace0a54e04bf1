package process

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
)

// A Conn is one end of a socket pair (a connected pair of Unix stream
// sockets, as Python's duplex Pipe), with a small segment whose two words
// are the end's send and receive locks, and two its frame numbers: one message is one frame
// write, as a Queue's, and the locks keep the messages of several
// goroutines, or several processes sharing one end, from interleaving.
const (
	connSendLock = iota
	connRecvLock
	connSendSeq // number of the last frame sent from this end, under the send lock
	connRecvSeq // number of the last frame received at this end, under the receive lock
	connWords
)

// Conn is one end of a pipe made by NewPipe: Python's
// multiprocessing.connection.Connection. What one end sends, the other
// receives, in order; both ends send and receive. Pass an end to a child
// inside its argument, as a Lock, and Close it in the parent, so that the
// child's end alone remains: when it is closed, or its process ends, Recv
// at the other end returns io.EOF.
//
// Values travel encoded, as a Process's argument (see Register); a value
// may not carry a shared object.
//
// A Conn is a handle: copies of it name the same end.
type Conn[T any] struct {
	sh *sharedConn
}

type sharedConn struct {
	seg     *segment
	sock    *os.File // the socket, also seg.extra[0]
	send    mutex
	recv    mutex
	cleanup runtime.Cleanup
}

func newSharedConn(seg *segment) *sharedConn {
	c := &sharedConn{seg: seg, sock: seg.extra[0]}
	c.send.word, c.send.seg = seg.word(connSendLock), seg
	c.recv.word, c.recv.seg = seg.word(connRecvLock), seg
	c.cleanup = runtime.AddCleanup(c, (*segment).release, seg)
	return c
}

// NewPipe returns the two ends of a new duplex pipe: Python's
// multiprocessing.Pipe(). Close each end when done; a forgotten end is
// closed once it is garbage, and a child's when the child exits.
func NewPipe[T any]() (*Conn[T], *Conn[T], error) {
	a, b, err := socketPair()
	if err != nil {
		return nil, nil, fmt.Errorf("process: NewPipe: %w", err)
	}
	ca, err := newConnEnd[T](a)
	if err != nil {
		a.Close()
		b.Close()
		return nil, nil, err
	}
	cb, err := newConnEnd[T](b)
	if err != nil {
		ca.Close()
		b.Close()
		return nil, nil, err
	}
	return ca, cb, nil
}

// newConnEnd makes the end of sock; once it succeeds, the end owns sock.
func newConnEnd[T any](sock *os.File) (*Conn[T], error) {
	seg, err := newSegment(headerSize, connWords)
	if err != nil {
		return nil, err
	}
	seg.extra = []*os.File{sock}
	return &Conn[T]{newSharedConn(seg)}, nil
}

// Send sends v to the other end. It waits only while the socket's buffer
// is full, that is while the other end does not read. A value that cannot
// be encoded is an error, and nothing is sent. When the other end is
// closed, the error wraps syscall.EPIPE (Python's BrokenPipeError).
func (c Conn[T]) Send(v T) error { return c.SendContext(context.Background(), v) }

// SendContext is Send that gives up once ctx ends while nothing of v has
// been written yet (the socket's buffer is full, or another goroutine or
// process is sending on this end), returning ctx.Err() and sending
// nothing. A message that has begun to be written is written whole.
func (c Conn[T]) SendContext(ctx context.Context, v T) error {
	sh := c.sh
	if sh == nil {
		return errConnNotMade("Send")
	}
	defer runtime.KeepAlive(sh)
	f := newFrame(msgItem)
	var err error
	if f.b, err = appendEncoded(nil, f.b, v); err != nil {
		return fmt.Errorf("process: Conn.Send: encoding %v: %w", reflect.TypeFor[T](), err)
	}
	if f.bodySize() > maxMessage {
		return fmt.Errorf("process: Conn.Send: a message of %v", errTooLarge{f.bodySize()})
	}
	if !sh.seg.enter() {
		return ErrClosed
	}
	defer sh.seg.leave()
	if err := sh.send.lockContext(ctx); err != nil {
		return err
	}
	err = sh.writeFrame(ctx, f)
	sh.send.unlock()
	if err != nil {
		if sh.seg.closed.Load() {
			return ErrClosed
		}
		if ctx.Err() != nil && err == ctx.Err() {
			return err
		}
		if errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) {
			return fmt.Errorf("process: Conn.Send: the other end is closed: %w", err)
		}
		return fmt.Errorf("process: Conn.Send: %w", err)
	}
	return nil
}

// Recv waits for the next value from the other end and returns it. Once
// the other end is closed (in every process) and everything it sent has
// been received, it returns io.EOF (Python's EOFError). After Close it
// returns ErrClosed, also when it was waiting.
func (c Conn[T]) Recv() (T, error) { return c.RecvContext(context.Background()) }

// RecvContext is Recv that gives up once ctx ends, returning ctx.Err()
// and taking nothing: Python's poll(timeout) followed by recv. A message
// that has begun to arrive is received whole, since its sender is writing
// it now.
func (c Conn[T]) RecvContext(ctx context.Context) (T, error) {
	var zero T
	sh := c.sh
	if sh == nil {
		return zero, errConnNotMade("Recv")
	}
	defer runtime.KeepAlive(sh)
	if !sh.seg.enter() {
		return zero, ErrClosed
	}
	defer sh.seg.leave()
	if err := sh.recv.lockContext(ctx); err != nil {
		return zero, err
	}
	data, err := sh.readFrame(ctx)
	sh.recv.unlock()
	if err != nil {
		if sh.seg.closed.Load() {
			return zero, ErrClosed
		}
		if err == io.EOF || ctx.Err() != nil && err == ctx.Err() {
			return zero, err
		}
		return zero, fmt.Errorf("process: Conn.Recv: %w", err)
	}
	v, err := decodeOwned[T](data)
	if err != nil {
		return zero, fmt.Errorf("process: Conn.Recv: decoding %v: %w", reflect.TypeFor[T](), err)
	}
	return v, nil
}

// readFrame waits, until ctx ends, for a message to begin, then reads it
// whole, as the next frame of the stream.
func (sh *sharedConn) readFrame(ctx context.Context) ([]byte, error) {
	if ctx.Done() != nil {
		if err := sh.awaitReadable(ctx); err != nil {
			return nil, err
		}
	}
	seqWord := sh.seg.word(connRecvSeq)
	kind, body, err := readFrame(sh.sock, atomic.AddUint32(seqWord, 1))
	if err == io.EOF {
		atomic.AddUint32(seqWord, ^uint32(0)) // no frame was read
		return nil, io.EOF
	}
	if err == nil && kind != msgItem {
		err = &corruptError{fmt.Sprintf("a message of kind %d in a Conn", kind)}
	}
	return body, err
}

// writeFrame sends f as the next frame of the stream. Until ctx ends it
// waits for room for the first byte; once one is written, it writes the
// rest whatever ctx does, so that the stream never holds half a message.
func (sh *sharedConn) writeFrame(ctx context.Context, f *frame) error {
	seqWord := sh.seg.word(connSendSeq)
	if err := f.seal(atomic.AddUint32(seqWord, 1)); err != nil {
		atomic.AddUint32(seqWord, ^uint32(0))
		return err
	}
	if ctx.Done() == nil {
		_, err := sh.sock.Write(f.b)
		return err
	}
	rc, err := sh.sock.SyscallConn()
	if err != nil {
		atomic.AddUint32(seqWord, ^uint32(0))
		return err
	}
	interrupted := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(interrupted)
		sh.sock.SetWriteDeadline(time.Unix(1, 0))
	})
	n, err := writeSome(rc, f.b)
	if !stop() {
		<-interrupted
		sh.sock.SetWriteDeadline(time.Time{})
	}
	if n == 0 {
		atomic.AddUint32(seqWord, ^uint32(0)) // nothing of it went out
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return ctx.Err()
	}
	if err != nil {
		return err
	}
	_, err = sh.sock.Write(f.b[n:])
	return err
}

// awaitReadable waits until the socket has a byte to read (or its peer
// is gone), or ctx ends: the end of ctx sets a read deadline in the past,
// which interrupts the wait.
func (sh *sharedConn) awaitReadable(ctx context.Context) error {
	rc, err := sh.sock.SyscallConn()
	if err != nil {
		return err
	}
	interrupted := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(interrupted)
		sh.sock.SetReadDeadline(time.Unix(1, 0))
	})
	err = peekReadable(rc)
	if !stop() {
		<-interrupted
		sh.sock.SetReadDeadline(time.Time{})
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return ctx.Err()
	}
	return err
}

// Close closes this end in this process. Once every process has closed it
// (or ended), Recv at the other end returns io.EOF and Send there fails.
// A Send or Recv in progress here returns ErrClosed. A second Close returns
// ErrClosed.
func (c Conn[T]) Close() error {
	if c.sh == nil {
		return ErrClosed
	}
	c.sh.cleanup.Stop()
	return c.sh.seg.close()
}

// shareEncode lets a Conn travel inside a Process's argument; anywhere else
// it fails, as Lock's does.
func (c Conn[T]) shareEncode(e *encoder) ([]byte, error) {
	if c.sh == nil {
		return nil, errNotMadeBy("Conn")
	}
	return e.encodeShared(c.sh.seg, shareRecord{Kind: "Conn", Elem: reflect.TypeFor[T]().String()})
}

// shareDecode opens, in a child, the Conn its parent passed. A Conn of a
// different value type is an error.
func (c *Conn[T]) shareDecode(data []byte) error {
	if c.sh != nil {
		return errDecodeInUse("Conn")
	}
	want := shareRecord{Kind: "Conn", Elem: reflect.TypeFor[T]().String()}
	seg, _, err := decodeShared(data, want, connWords, 1, func(shareRecord) (int, error) { return headerSize, nil })
	if err != nil {
		return err
	}
	c.sh = newSharedConn(seg)
	return nil
}

func errConnNotMade(method string) error {
	return fmt.Errorf("process: Conn.%s on a Conn not made by NewPipe", method)
}
