package process

import (
	"fmt"
	"slices"
	"sync/atomic"
)

// batch is a run of consecutive tasks of one call (a Map's chunk, one
// ApplyAsync) that travels to a worker as one message. It is encoded when a
// worker takes it, into that worker's buffer, so that a large Map holds
// only the batches in flight in encoded form, and the first is sent while
// the others are not yet encoded.
type batch struct {
	fn    string
	first int // index of its first task within the call
	n     int // how many tasks
	call  *call
	// encode appends to b the encoding, as a []T, of the call's tasks from
	// from to from+n-1, where n is at most to-from: as many as fit in
	// batchBytes, at least one. The tasks after those are sent as another
	// batch.
	encode func(b []byte, from, to int) (_ []byte, n int, _ error)
	// deliver receives the outcome of the tasks [b.first, b.first+b.n) of
	// the call, where b is this batch or a part of it (a worker that died
	// in the middle fails one task and hands the others back; large
	// results come in pieces). Every task is delivered exactly once,
	// unless the call was cancelled before its part ran.
	deliver func(b *batch, o outcome)
}

// part returns the batch of tasks [first, first+n) of b's call, which b
// covers, delivered as b is.
func (b *batch) part(first, n int) *batch {
	c := *b
	c.first, c.n = first, n
	return &c
}

// each returns b cut into batches of one task.
func (b *batch) each() []*batch {
	parts := make([]*batch, b.n)
	for i := range parts {
		parts[i] = b.part(b.first+i, 1)
	}
	return parts
}

// outcome is what became of a batch: a worker's msgResults body, or an
// error that failed all its tasks (its worker died, the pool ended).
type outcome struct {
	pid     int
	results *parser
	err     error
}

// call is one Map, Imap or ImapUnordered; an iteration that stops early
// cancels the batches not yet handed out.
type call struct {
	canceled atomic.Bool
}

// batchQueue is a FIFO of batches.
type batchQueue struct {
	items []*batch
	head  int
}

func (q *batchQueue) len() int { return len(q.items) - q.head }

func (q *batchQueue) push(b *batch) { q.items = append(q.items, b) }

func (q *batchQueue) pop() *batch {
	b := q.items[q.head]
	q.items[q.head] = nil
	q.head++
	if q.head == len(q.items) {
		q.items, q.head = q.items[:0], 0
	}
	return b
}

// pushFront puts bs, in order, at the head of the queue.
func (q *batchQueue) pushFront(bs ...*batch) {
	if q.head >= len(bs) {
		q.head -= len(bs)
		copy(q.items[q.head:], bs)
		return
	}
	q.items = slices.Concat(bs, q.items[q.head:])
	q.head = 0
}

// drain empties the queue and returns what was in it.
func (q *batchQueue) drain() []*batch {
	bs := q.items[q.head:]
	q.items, q.head = nil, 0
	return bs
}

// batchBytes is the size of arguments past which a batch travels in
// several messages: a chunk of a thousand megabyte arguments would else
// take a gigabyte of buffers, and the worker would wait for all of it
// before its first task.
const batchBytes = 16 << 20

// newBatches cuts the tasks of in into batches of chunk, to be encoded
// when sent; deliver receives their outcomes.
func newBatches[T any](fn string, in []T, chunk int, c *call, deliver func(*batch, outcome)) []*batch {
	encode := func(b []byte, from, to int) ([]byte, int, error) {
		size, n := 0, 0
		for i := from; i < to; i++ {
			s := encodedSize(in[i])
			if s == 0 {
				// Unknown without encoding: send the whole batch.
				size, n = encodedSize(in[from:to]), to-from
				break
			}
			if n > 0 && size+s > batchBytes {
				break
			}
			size += s + 10
			n++
		}
		b = slices.Grow(b, size+16)
		b, err := appendEncoded(nil, b, in[from:from+n])
		return b, n, err
	}
	bs := make([]*batch, 0, (len(in)+chunk-1)/chunk)
	for first := 0; first < len(in); first += chunk {
		bs = append(bs, &batch{fn: fn, first: first, n: min(chunk, len(in)-first), call: c, encode: encode, deliver: deliver})
	}
	return bs
}

// encodingError is the error of a task whose argument could not be sent.
func encodingError(fn string, err error) error {
	return fmt.Errorf("process: encoding the argument of %s: %w", fn, err)
}
