package process

import "sync/atomic"

// batch is a run of consecutive tasks of one call (a Map's chunk, one
// ApplyAsync) that travels to a worker as one message, built once.
type batch struct {
	fn    string
	first int    // index of its first task within the call
	n     int    // how many tasks
	msg   *frame // the msgBatch frame: fn, first, the encoded []T
	call  *call  // the call it belongs to, for cancellation; may be nil
	// deliver receives the batch's outcome, exactly once, unless the call
	// was cancelled before the batch ran.
	deliver func(outcome)
}

// outcome is what became of a batch: a worker's msgResults frame, or an
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

func (q *batchQueue) pushFront(b *batch) {
	if q.head > 0 {
		q.head--
		q.items[q.head] = b
		return
	}
	q.items = append([]*batch{b}, q.items...)
}

// drain empties the queue and returns what was in it.
func (q *batchQueue) drain() []*batch {
	bs := q.items[q.head:]
	q.items, q.head = nil, 0
	return bs
}

// newBatch encodes args, the tasks first to first+len(args)-1 of a call of
// fn, into a batch's message.
func newBatch[T any](fn string, first int, args []T) (*batch, error) {
	f := newFrame(msgBatch).string(fn).uint32(first)
	var err error
	if f.b, err = appendEncoded(f.b, args, false); err != nil {
		return nil, err
	}
	return &batch{fn: fn, first: first, n: len(args), msg: f}, nil
}
