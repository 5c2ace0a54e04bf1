package process

import (
	"iter"
	"os"
	"time"
)

// STUB: replaced by the pool implementation (pool*.go).

type taskFailure struct{}

func (f *Func[T, R]) runBatch(args []byte) ([]byte, []taskFailure, error) { return nil, nil, nil }
func runWorker(report, data *os.File) int                                 { return 2 }

// Pool is a pool of worker processes.
type Pool struct{}

// PoolOption configures a Pool.
type PoolOption func(*poolConfig)
type poolConfig struct{}

func Initializer[T, R any](f *Func[T, R], arg T) PoolOption { return func(*poolConfig) {} }
func MaxTasksPerChild(n int) PoolOption                     { return func(*poolConfig) {} }
func NewPool(n int, opts ...PoolOption) (*Pool, error)      { return nil, ErrUnsupported }
func (p *Pool) Size() int                                   { return 0 }
func (p *Pool) Close() error                                { return nil }
func (p *Pool) Terminate() error                            { return nil }
func (p *Pool) Join() error                                 { return nil }

// MapOption configures Map, Imap and ImapUnordered.
type MapOption func(*mapConfig)
type mapConfig struct{}

func ChunkSize(n int) MapOption { return func(*mapConfig) {} }

func Map[T, R any](p *Pool, f *Func[T, R], in []T, opts ...MapOption) ([]R, error) {
	return nil, ErrUnsupported
}
func Imap[T, R any](p *Pool, f *Func[T, R], in []T, opts ...MapOption) iter.Seq2[R, error] {
	return func(func(R, error) bool) {}
}
func ImapUnordered[T, R any](p *Pool, f *Func[T, R], in []T, opts ...MapOption) iter.Seq2[R, error] {
	return func(func(R, error) bool) {}
}

// AsyncResult is the future result of ApplyAsync.
type AsyncResult[R any] struct{}

func ApplyAsync[T, R any](p *Pool, f *Func[T, R], arg T) *AsyncResult[R] { return &AsyncResult[R]{} }
func (r *AsyncResult[R]) Get(timeout time.Duration) (R, error) {
	var z R
	return z, ErrUnsupported
}
func (r *AsyncResult[R]) Wait(timeout time.Duration) bool { return false }
func (r *AsyncResult[R]) Ready() bool                     { return false }
func (r *AsyncResult[R]) Successful() bool                { return false }

// Getpid runs os.Getpid in a worker: Python's apply_async(os.getpid, ()).
var Getpid = Register("process.Getpid", func(struct{}) int { return os.Getpid() })
