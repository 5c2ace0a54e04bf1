package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// init turns the binary into the sandbox's init when it was started as
// one: before main, before anything else of the program runs, so that any
// binary that links this package can sandbox.
func init() {
	if len(os.Args) != 1 || os.Args[0] != initArg {
		return
	}
	if data, ok := os.LookupEnv(specEnv); ok {
		runInit(data)
	}
}

// viewBase is where the view is built before it becomes the root: any
// folder will do, since the mount is the new namespace's alone, and /tmp
// is on every Linux.
const viewBase = "/tmp"

// initFailed is the init's exit code when it could not set the run up.
const initFailed = 125

// runInit is the life of the init, process 1 of the run's pid namespace:
// it builds the program's view of the machine, sets the limits, gives up
// its privileges, starts the program, watches the run as a whole while it
// waits for it, counts what it left running, reports on the status
// descriptor and exits, which ends every process left in the namespace.
func runInit(data string) {
	// Capabilities, the bounding set and no_new_privs belong to a thread:
	// everything is done, and the program forked, from this one.
	runtime.LockOSThread()
	status := os.NewFile(statusFD, "status")
	syscall.CloseOnExec(statusFD)
	fail := func(step string, err error) {
		writeReport(status, report{Step: step, Error: err.Error()})
		os.Exit(initFailed)
	}
	var is initSpec
	if err := json.Unmarshal([]byte(data), &is); err != nil {
		fail("reading the run's spec", err)
	}
	os.Unsetenv(specEnv)
	// No process of the run may read the init's memory, or open the files
	// it holds, through /proc/1.
	if err := unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0); err != nil {
		fail("hiding the init", err)
	}
	if step, err := buildView(is); err != nil {
		fail(step, err)
	}
	if err := setLimits(is.Limits); err != nil {
		fail("setting the limits", err)
	}
	if err := dropPrivileges(); err != nil {
		fail("dropping privileges", err)
	}
	if is.Probe {
		writeReport(status, report{Exit: &Exit{}})
		os.Exit(0)
	}

	// Whatever the grader inherited and did not mark close-on-exec (a
	// shell's redirections, say) would reach the program through exec:
	// only its standard descriptors may.
	if err := closeOnExecFrom(3); err != nil {
		fail("closing the inherited descriptors", err)
	}
	sys := &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if is.UID >= 0 {
		sys.Credential = &syscall.Credential{Uid: uint32(is.UID), Gid: uint32(is.UID), NoSetGroups: true}
	}
	pid, err := syscall.ForkExec(is.Path, is.Args, &syscall.ProcAttr{
		Dir:   is.Dir,
		Env:   is.Env,
		Files: []uintptr{0, 1, 2},
		Sys:   sys,
	})
	if err != nil {
		fail("starting the program", err)
	}
	watch := startWatch(is.Limits, is.Scratch)
	ws, ru := waitFor(pid)
	grace := is.LeftGrace
	if grace <= 0 {
		grace = DefaultLeftGrace
	}
	exit := Exit{Pid: pid, Left: leftBehind(grace), CPU: time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}
	exit.Overrun, exit.Memory = watch.end()
	if ws.Signaled() {
		exit.Signal = int(ws.Signal())
	} else {
		exit.Code = ws.ExitStatus()
	}
	writeReport(status, report{Exit: &exit})
	os.Exit(0)
}

// writeReport writes r on the status descriptor, in one write.
func writeReport(status *os.File, r report) {
	b, _ := json.Marshal(r)
	status.Write(b)
	status.Close()
}

// buildView makes the program's view of the machine and makes it the
// root: an empty, read-only tmpfs holding the binds at their own paths,
// the devices, /proc of the new pid namespace, and an empty /tmp. It
// returns the step that failed.
func buildView(is initSpec) (string, error) {
	// Nothing mounted here may reach the machine's namespace.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return "making the mounts private", err
	}
	if err := unix.Sethostname([]byte("sandbox")); err != nil {
		return "naming the host", err
	}
	// Open every source before the base is covered: a bind is made from
	// the descriptor, so a source under /tmp stays reachable.
	type source struct {
		path  string
		fd    int
		dir   bool
		write bool
		dev   bool
	}
	var sources []source
	defer func() {
		for _, s := range sources {
			unix.Close(s.fd)
		}
	}()
	open := func(path string, write, dev bool) error {
		fd, err := unix.Open(path, unix.O_PATH|unix.O_CLOEXEC, 0)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil {
			unix.Close(fd)
			return fmt.Errorf("%s: %w", path, err)
		}
		sources = append(sources, source{path: filepath.Clean(path), fd: fd, dir: st.Mode&unix.S_IFMT == unix.S_IFDIR, write: write, dev: dev})
		return nil
	}
	for _, b := range is.Binds {
		if err := open(b.Path, b.Write, false); err != nil {
			return "opening what the program sees", err
		}
	}
	for _, d := range devices {
		if err := open(d, true, true); err != nil {
			return "opening the devices", err
		}
	}
	// Outer folders first, so that a bind inside another lands on it.
	slices.SortStableFunc(sources, func(a, b source) int { return strings.Compare(a.path, b.path) })

	if err := unix.Mount("tmpfs", viewBase, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0755,size=1m,nr_inodes=4096"); err != nil {
		return "mounting the view's root", err
	}
	for _, s := range sources {
		dst := filepath.Join(viewBase, s.path)
		if err := makeMountPoint(dst, s.dir); err != nil {
			return "making the view", err
		}
		if err := bindMount(s.fd, dst, s.write, s.dev); err != nil {
			return "binding " + s.path, err
		}
	}
	for _, link := range [][2]string{{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}} {
		if err := os.Symlink(link[0], filepath.Join(viewBase, "dev", link[1])); err != nil {
			return "making the view", err
		}
	}
	if err := os.MkdirAll(filepath.Join(viewBase, "tmp"), 0o755); err != nil {
		return "making the view", err
	}
	// The new pid namespace's /proc, mounted while the machine's is still
	// in view (the kernel asks that a /proc be fully visible to mount one).
	procDir := filepath.Join(viewBase, "proc")
	if err := os.Mkdir(procDir, 0o555); err != nil {
		return "making the view", err
	}
	if err := unix.Mount("proc", procDir, "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return "mounting /proc", err
	}
	// The view becomes the root, and the machine's root goes.
	if err := os.Chdir(viewBase); err != nil {
		return "entering the view", err
	}
	if err := os.Mkdir(".old", 0o700); err != nil {
		return "making the view", err
	}
	if err := unix.PivotRoot(".", ".old"); err != nil {
		return "entering the view", err
	}
	if err := os.Chdir("/"); err != nil {
		return "entering the view", err
	}
	if err := unix.Unmount("/.old", unix.MNT_DETACH); err != nil {
		return "leaving the machine's root", err
	}
	if err := os.Remove("/.old"); err != nil {
		return "leaving the machine's root", err
	}
	if err := unix.Mount("", "/", "", unix.MS_REMOUNT|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, ""); err != nil {
		return "making the view read-only", err
	}
	if is.Dir != "" {
		if err := os.Chdir(is.Dir); err != nil {
			return "entering the scratch folder", err
		}
	}
	return "", nil
}

// makeMountPoint makes dst, a folder or an empty file, and its parents.
func makeMountPoint(dst string, dir bool) error {
	if dir {
		return os.MkdirAll(dst, 0o755)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

// bindMount binds the file or folder open as fd onto dst, read-only
// unless write, without set-uid, and without devices unless dev. The
// flags the source's mount already has are kept: the kernel refuses to
// lift them in a user namespace.
func bindMount(fd int, dst string, write, dev bool) error {
	src := "/proc/self/fd/" + strconv.Itoa(fd)
	if err := unix.Mount(src, dst, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return err
	}
	var st unix.Statfs_t
	if err := unix.Statfs(dst, &st); err != nil {
		return err
	}
	flags := uintptr(unix.MS_REMOUNT | unix.MS_BIND | unix.MS_NOSUID)
	for _, f := range [][2]uintptr{
		{unix.ST_RDONLY, unix.MS_RDONLY},
		{unix.ST_NODEV, unix.MS_NODEV},
		{unix.ST_NOEXEC, unix.MS_NOEXEC},
		{unix.ST_NOATIME, unix.MS_NOATIME},
		{unix.ST_NODIRATIME, unix.MS_NODIRATIME},
		{unix.ST_RELATIME, unix.MS_RELATIME},
	} {
		if uintptr(st.Flags)&f[0] != 0 {
			flags |= f[1]
		}
	}
	if !write {
		flags |= unix.MS_RDONLY
	}
	if !dev {
		flags |= unix.MS_NODEV
	}
	return unix.Mount("", dst, "", flags, "")
}

// setLimits sets the rlimits the program inherits.
func setLimits(l Limits) error {
	set := func(resource int, v uint64) error {
		return unix.Setrlimit(resource, &unix.Rlimit{Cur: v, Max: v})
	}
	if err := set(unix.RLIMIT_CORE, 0); err != nil {
		return err
	}
	if l.Memory > 0 {
		if err := set(unix.RLIMIT_AS, uint64(l.Memory)); err != nil {
			return fmt.Errorf("memory: %w", err)
		}
	}
	if l.Processes > 0 {
		if err := set(unix.RLIMIT_NPROC, uint64(l.Processes)); err != nil {
			return fmt.Errorf("processes: %w", err)
		}
	}
	if l.CPU > 0 {
		secs := uint64((l.CPU + time.Second - 1) / time.Second)
		if err := set(unix.RLIMIT_CPU, secs); err != nil {
			return fmt.Errorf("CPU time: %w", err)
		}
	}
	if l.FileSize > 0 {
		if err := set(unix.RLIMIT_FSIZE, uint64(l.FileSize)); err != nil {
			return fmt.Errorf("file size: %w", err)
		}
	}
	return nil
}

// dropPrivileges empties this thread's bounding, ambient and inheritable
// capability sets and sets no_new_privs, so that the program it starts
// has no capability, even as the namespace's root, and can gain none.
// The init keeps its own effective ones, to change the program's ids.
func dropPrivileges() error {
	for c := 0; c <= 63; c++ {
		if err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(c), 0, 0, 0); err != nil && !errors.Is(err, unix.EINVAL) {
			return fmt.Errorf("bounding set: %w", err)
		}
	}
	if err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0); err != nil && !errors.Is(err, unix.EINVAL) {
		return fmt.Errorf("ambient set: %w", err)
	}
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return fmt.Errorf("reading capabilities: %w", err)
	}
	data[0].Inheritable, data[1].Inheritable = 0, 0
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		return fmt.Errorf("inheritable set: %w", err)
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("no_new_privs: %w", err)
	}
	return nil
}

// waitFor waits for the program, reaping meanwhile the orphans that the
// namespace gives the init, and returns how it ended and what it used.
func waitFor(pid int) (syscall.WaitStatus, syscall.Rusage) {
	for {
		var ws syscall.WaitStatus
		var ru syscall.Rusage
		wpid, err := syscall.Wait4(-1, &ws, 0, &ru)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case err != nil:
			return ws, ru // no child left: cannot happen while the program runs
		case wpid == pid:
			return ws, ru
		}
	}
}

// leftBehind waits up to grace for every other process of the namespace
// to end, reaping the ones that end, and returns how many still run.
func leftBehind(grace time.Duration) int {
	deadline := time.Now().Add(grace)
	for {
		reapAll()
		n := running()
		if n == 0 || time.Now().After(deadline) {
			return n
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// reapAll reaps the init's children that have ended, without waiting.
func reapAll() {
	for {
		var ws syscall.WaitStatus
		wpid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil || wpid <= 0 {
			return
		}
	}
}

// running counts the processes of the namespace other than the init that
// have not ended (a zombie has).
func running() int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == 1 {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // ended meanwhile
		}
		// The state follows the command's name in parentheses.
		s := string(stat)
		if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) && s[i+2] == 'Z' {
			continue
		}
		n++
	}
	return n
}

// closeOnExecFrom marks every descriptor from first on close-on-exec: the
// init keeps them, the program it execs has none of them.
func closeOnExecFrom(first int) error {
	err := unix.CloseRange(uint(first), ^uint(0), unix.CLOSE_RANGE_CLOEXEC)
	if err == nil {
		return nil
	}
	// Kernels before 5.11: one descriptor at a time.
	entries, rerr := os.ReadDir("/proc/self/fd")
	if rerr != nil {
		return err
	}
	for _, e := range entries {
		fd, perr := strconv.Atoi(e.Name())
		if perr != nil || fd < first {
			continue
		}
		unix.FcntlInt(uintptr(fd), unix.F_SETFD, unix.FD_CLOEXEC)
	}
	return nil
}
