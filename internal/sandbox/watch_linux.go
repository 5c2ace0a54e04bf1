package sandbox

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// watchPeriod is how often the init measures the run as a whole: often
// enough that a program faulting pages in as fast as the machine can (a
// GiB or two a second per core) is stopped a fraction of a GiB past its
// limit, and rarely enough that watching costs a run's init half a
// percent of a core (a wake-up and a look cost some 0.3 ms of CPU; see
// BenchmarkWatch).
const watchPeriod = 50 * time.Millisecond

// watcher holds the run to the limits on it as a whole, which no rlimit
// can: the memory of all its processes together, and what its scratch
// folder holds. It runs in the init, which sees every process of the run
// (and no other) in the /proc of its pid namespace, and the scratch folder
// at its own path, and which may kill them all: no daemon, no cgroup, the
// same on every Linux.
type watcher struct {
	lim     Limits
	scratch string
	stop    chan struct{}
	done    chan struct{}

	// Written by the watching goroutine alone, and read once it is done.
	procs procTable
	over  *Overrun // the first limit passed; once set, the run is being killed
	peak  int64    // the most memory the run was seen to hold
}

// startWatch starts watching the run, if lim bounds it as a whole.
func startWatch(lim Limits, scratch string) *watcher {
	w := &watcher{lim: lim, scratch: scratch, stop: make(chan struct{}), done: make(chan struct{})}
	if lim.TotalMemory <= 0 && lim.ScratchBytes <= 0 && lim.ScratchFiles <= 0 {
		close(w.done)
		return w
	}
	go w.loop()
	return w
}

// loop checks the run every watchPeriod until it is stopped or a limit is
// passed, and then kills every process of the run.
func (w *watcher) loop() {
	defer close(w.done)
	defer w.procs.close()
	tick := time.NewTicker(watchPeriod)
	defer tick.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-tick.C:
		}
		over := w.memoryOverrun()
		if over == nil {
			over = w.scratchOverrun()
		}
		if over != nil {
			w.over = over
			// From the namespace's init, -1 is every process of the
			// namespace but the init.
			syscall.Kill(-1, syscall.SIGKILL)
			return
		}
	}
}

// end stops the watching, once the program and what it left have ended,
// and returns the limit the run passed, if any, and the most memory it
// was seen to hold. The scratch folder is measured once more, so that what
// a run leaves there is judged the same however fast it was written.
func (w *watcher) end() (*Overrun, int64) {
	close(w.stop)
	<-w.done
	if w.over == nil {
		w.over = w.scratchOverrun()
	}
	return w.over, w.peak
}

// memoryOverrun measures the memory of the run's processes, all but the
// init, and returns an Overrun when it is past the limit.
func (w *watcher) memoryOverrun() *Overrun {
	if w.lim.TotalMemory <= 0 {
		return nil
	}
	total := w.procs.held()
	w.peak = max(w.peak, total)
	if total > w.lim.TotalMemory {
		return &Overrun{Limit: TotalMemoryLimit, Max: w.lim.TotalMemory, Used: total}
	}
	return nil
}

// procTable reads the memory of the namespace's processes at the price of
// one listing of /proc and one read per process: it keeps each process's
// status file open from one look to the next, so that a look opens only
// the files of processes new since the last. A status file open on a
// process that has been reaped reads nothing (it is tied to the process,
// not to its number, which a new one may take), and is closed then, as is
// the file of a process no longer listed.
type procTable struct {
	proc   *os.File // /proc, listed at each look
	status map[int]*statusFile
	looks  int // how many looks were made
	buf    []byte
}

// statusFile is a process's /proc/PID/status, open.
type statusFile struct {
	f    *os.File
	seen int // the look that last listed it
}

// held returns the memory the namespace's processes hold, all but the
// init's, as heldMemory counts it.
func (t *procTable) held() int64 {
	if t.proc == nil {
		f, err := os.Open("/proc")
		if err != nil {
			return 0
		}
		t.proc, t.status, t.buf = f, map[int]*statusFile{}, make([]byte, 8<<10)
	}
	if _, err := t.proc.Seek(0, io.SeekStart); err != nil {
		return 0
	}
	names, _ := t.proc.Readdirnames(-1)
	t.looks++
	var total int64
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil || pid == 1 {
			continue
		}
		for range 2 { // a second time for a new process with an old one's pid
			sf := t.status[pid]
			if sf == nil {
				f, err := os.Open("/proc/" + name + "/status")
				if err != nil {
					break // ended meanwhile
				}
				sf = &statusFile{f: f}
				t.status[pid] = sf
			}
			sf.seen = t.looks
			n, err := sf.f.ReadAt(t.buf, 0)
			if n > 0 && (err == nil || err == io.EOF) {
				total += heldMemory(t.buf[:n])
				break
			}
			sf.f.Close()
			delete(t.status, pid)
		}
	}
	for pid, sf := range t.status {
		if sf.seen != t.looks {
			sf.f.Close()
			delete(t.status, pid)
		}
	}
	return total
}

// close closes the files the table holds open.
func (t *procTable) close() {
	for _, sf := range t.status {
		sf.f.Close()
	}
	if t.proc != nil {
		t.proc.Close()
	}
}

// heldMemory reads, from a process's /proc/PID/status, the memory it holds
// of its own: its resident anonymous pages (RssAnon) and shared memory
// (RssShmem), in bytes. Shared memory mapped by several processes counts
// in each, which errs towards the limit. A zombie has neither line.
func heldMemory(status []byte) int64 {
	var total int64
	for line := range bytes.Lines(status) {
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || !bytes.Equal(name, []byte("RssAnon")) && !bytes.Equal(name, []byte("RssShmem")) {
			continue
		}
		f := bytes.Fields(value) // "1234", "kB"
		if len(f) != 2 || string(f[1]) != "kB" {
			continue
		}
		if kb, err := strconv.ParseInt(string(f[0]), 10, 64); err == nil {
			total += kb << 10
		}
	}
	return total
}

// scratchOverrun measures the scratch folder, and returns an Overrun when
// it holds more bytes or files than the limits.
func (w *watcher) scratchOverrun() *Overrun {
	if w.lim.ScratchBytes <= 0 && w.lim.ScratchFiles <= 0 || w.scratch == "" {
		return nil
	}
	size, files := scratchUse(w.scratch, w.lim.ScratchFiles)
	switch {
	case w.lim.ScratchFiles > 0 && files > w.lim.ScratchFiles:
		return &Overrun{Limit: ScratchFilesLimit, Max: int64(w.lim.ScratchFiles), Used: int64(files)}
	case w.lim.ScratchBytes > 0 && size > w.lim.ScratchBytes:
		return &Overrun{Limit: ScratchBytesLimit, Max: w.lim.ScratchBytes, Used: size}
	}
	return nil
}

// scratchUse adds up what the folder dir holds: the lengths of its files
// and the number of its entries, at every depth, links not followed. It
// stops counting past maxFiles entries (when maxFiles > 0), so that a
// flood of files costs one walk of that many at most.
func scratchUse(dir string, maxFiles int) (size int64, files int) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, 0
	}
	u := &folderUse{max: maxFiles}
	u.walk(fd)
	return u.size, u.files
}

// folderUse is the count of a walk of a folder. The walk goes by
// descriptors, each folder opened from its parent's (openat), never by
// its whole path: a folder nested deeper than a path can name (PATH_MAX),
// made one level at a time, hides nothing from it.
type folderUse struct {
	max   int
	size  int64
	files int
	full  bool // past max: the walk stops
}

// walk counts the folder open as fd, and what it holds, and closes fd.
func (u *folderUse) walk(fd int) {
	dir := os.NewFile(uintptr(fd), "")
	defer dir.Close()
	for {
		names, err := dir.Readdirnames(256)
		for _, name := range names {
			u.files++
			if u.max > 0 && u.files > u.max {
				u.full = true
				return
			}
			var st unix.Stat_t
			if unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
				continue // removed meanwhile
			}
			switch st.Mode & unix.S_IFMT {
			case unix.S_IFREG:
				u.size += st.Size
			case unix.S_IFDIR:
				sub, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
				if err != nil {
					continue
				}
				if u.walk(sub); u.full {
					return
				}
			}
		}
		if err != nil {
			return // io.EOF: the folder is read
		}
	}
}
