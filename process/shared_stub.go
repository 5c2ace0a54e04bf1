package process

// STUB: replaced by the shared-memory implementation (array.go, value.go,
// lock.go, queue.go, shm*.go, futex*.go).

// Array is a fixed-length array of numbers in shared memory.
type Array[T Number] struct{}

func NewArray[T Number](init []T) (*Array[T], error) { return nil, ErrUnsupported }
func (a *Array[T]) Len() int                         { return 0 }
func (a *Array[T]) Get(i int) T                      { var z T; return z }
func (a *Array[T]) Set(i int, v T)                   {}
func (a *Array[T]) Slice() []T                       { return nil }
func (a *Array[T]) Lock()                            {}
func (a *Array[T]) Unlock()                          {}
func (a *Array[T]) Close() error                     { return nil }

// Value is one number in shared memory.
type Value[T Number] struct{}

func NewValue[T Number](v T) (*Value[T], error) { return nil, ErrUnsupported }
func (v *Value[T]) Get() T                      { var z T; return z }
func (v *Value[T]) Set(x T)                     {}
func (v *Value[T]) Add(d T) T                   { return d }
func (v *Value[T]) Lock()                       {}
func (v *Value[T]) Unlock()                     {}
func (v *Value[T]) Close() error                { return nil }

// Lock is a mutex across processes.
type Lock struct{}

func NewLock() (*Lock, error) { return nil, ErrUnsupported }
func (l *Lock) Lock()         {}
func (l *Lock) Unlock()       {}
func (l *Lock) Close() error  { return nil }

// Queue is a bounded FIFO across processes.
type Queue[T any] struct{}

func NewQueue[T any](size int) (*Queue[T], error) { return nil, ErrUnsupported }
func (q *Queue[T]) Put(v T) error                 { return ErrUnsupported }
func (q *Queue[T]) Get() (T, error)               { var z T; return z, ErrUnsupported }
func (q *Queue[T]) Close() error                  { return nil }
