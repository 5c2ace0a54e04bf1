// Package process runs Go functions in real child processes, with memory,
// locks, semaphores, events, conditions, barriers, pipes and queues shared
// between them, and a pool of worker processes: what Python's
// multiprocessing module gives Python, under the same names. Every call
// that may wait has a form that takes a context.Context.
//
// Go cannot fork a running program, so a child is the same binary executed
// again. Three rules follow:
//
//   - process.Main() is the first line of main (and of TestMain). In a child
//     it runs the requested function and exits.
//   - Functions that run in children are registered at package level with
//     Register or RegisterTarget, so that the child knows them too.
//   - Arguments and results travel encoded (exported fields, as with gob),
//     so they are values, not references, except for the shared objects
//     (Array, Value, Lock, Queue, Semaphore, Event, Condition, Barrier, Conn,
//     JoinableQueue, SharedMemory), which name the same object in every
//     process.
//
// A child watches a pipe from its parent and exits as soon as the parent is
// gone, even after SIGKILL; a pool worker that dies fails its task instead
// of hanging the pool; a panic in a child comes back as a *PanicError with
// the child's message and stack.
//
// With PROCBOOK_TRACE=FILE in the environment, every process appends the
// events of its children, pools and tasks to FILE as JSON lines
// (TraceEvent), and who did the work: each line a child prints, and the
// writes to shared arrays and values, by process.
//
// Linux is fully supported. On macOS the library builds, and is expected
// to work but is untested; on Windows it builds and Start returns an error
// wrapping ErrUnsupported.
package process
