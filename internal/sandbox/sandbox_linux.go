package sandbox

import (
	"context"
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// The init is the grader's own binary, re-executed in the new namespaces
// with these arguments and environment, and this descriptor layout:
//
//	0, 1, 2   the program's stdin, stdout and stderr, which it passes on
//	3         status: the init's report, written once as it ends
const (
	initArg  = "procbook-sandbox-init" // Args[0] of the init
	specEnv  = "PROCBOOK_SANDBOX_SPEC" // the initSpec, as JSON: the init's whole environment
	statusFD = 3
)

// When the grader runs as root, the program does not: it runs as
// sandboxUID inside, which is nobodyID outside, so that RLIMIT_NPROC holds
// (the kernel exempts root from it) and no file of the machine is its own.
// A grader that is not root has one id to map, its own, and the program
// keeps it, with no capabilities.
const (
	sandboxUID = 1000
	nobodyID   = 65534
)

// initSpec is what the init is told: the run, and how to build its view.
type initSpec struct {
	Spec
	Probe bool   // set the sandbox up, report, and run nothing
	UID   int    // the id the program runs as inside; -1 keeps the init's
	Binds []bind // what the view holds, besides /proc and the devices
}

// bind is a file or folder of the machine seen in the view at its own
// path.
type bind struct {
	Path  string
	Write bool // writable (the scratch folder); otherwise read-only
}

// devices are the device files the view holds, bound from the machine's.
var devices = []string{"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"}

// libraryDirs are bound read-only when the program is linked dynamically
// (a Go program built without cgo is not).
var libraryDirs = []string{"/lib", "/lib64", "/usr/lib", "/usr/lib64", "/etc/ld.so.cache"}

// Command returns the command that runs spec's program in a sandbox. It
// fails with an *UnavailableError where no sandbox can be had.
func Command(spec Spec) (*Cmd, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	return command(spec, false)
}

func command(spec Spec, probe bool) (*Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("sandbox: finding the grader's own binary: %w", err)
	}
	is := initSpec{Spec: spec, Probe: probe, UID: -1}
	if !probe {
		if spec.Dir == "" {
			spec.Dir = spec.Scratch
		}
		if !filepath.IsAbs(spec.Path) || !filepath.IsAbs(spec.Scratch) || !filepath.IsAbs(spec.Dir) {
			return nil, fmt.Errorf("sandbox: the program %q and its folders %q and %q must be absolute paths", spec.Path, spec.Scratch, spec.Dir)
		}
		is.Spec = spec
		if len(spec.Args) == 0 {
			return nil, errors.New("sandbox: no arguments: Args[0] is the program's name")
		}
		for _, p := range spec.ReadOnly {
			is.Binds = append(is.Binds, bind{Path: p})
		}
		if dynamic(spec.Path) {
			for _, p := range libraryDirs {
				if _, err := os.Stat(p); err == nil {
					is.Binds = append(is.Binds, bind{Path: p})
				}
			}
		}
		is.Binds = append(is.Binds, bind{Path: spec.Scratch, Write: true})
	}
	uid, gid := os.Getuid(), os.Getgid()
	uids := []syscall.SysProcIDMap{{ContainerID: 0, HostID: uid, Size: 1}}
	gids := []syscall.SysProcIDMap{{ContainerID: 0, HostID: gid, Size: 1}}
	if uid == 0 {
		uids = append(uids, syscall.SysProcIDMap{ContainerID: sandboxUID, HostID: nobodyID, Size: 1})
		gids = append(gids, syscall.SysProcIDMap{ContainerID: sandboxUID, HostID: nobodyID, Size: 1})
		is.UID = sandboxUID
		if !probe {
			if err := handOver(spec.Scratch, spec.Writable, nobodyID); err != nil {
				return nil, fmt.Errorf("sandbox: handing the scratch folder to the program: %w", err)
			}
		}
	}
	data, err := json.Marshal(is)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	cmd := exec.Command(self)
	cmd.Args = []string{initArg}
	cmd.Env = []string{specEnv + "=" + string(data)}
	cmd.Dir = "/"
	cmd.ExtraFiles = []*os.File{w} // statusFD
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWPID |
			syscall.CLONE_NEWNET | syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS,
		UidMappings:                uids,
		GidMappings:                gids,
		GidMappingsEnableSetgroups: false,
		// Its own process group, so that a supervisor that kills groups
		// kills the init; and killed if the grader dies.
		Setpgid:   true,
		Pdeathsig: syscall.SIGKILL,
	}
	return &Cmd{Cmd: cmd, status: statusPipe{r}, childEnd: w}, nil
}

// dynamic reports whether the binary at path names an interpreter: it
// is linked dynamically and needs the system's libraries.
func dynamic(path string) bool {
	f, err := elf.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return true
		}
	}
	return false
}

// handOver makes the scratch folder dir writable by the id and sticky, as
// /tmp is, so that the program may add files there but not change, remove
// or rename the grader's (the scenario's expected outputs); it gives the
// files writable to the id.
func handOver(dir string, writable []string, id int) error {
	if err := os.Chmod(dir, 0o777|fs.ModeSticky); err != nil {
		return err
	}
	for _, f := range writable {
		if err := os.Lchown(f, id, id); err != nil {
			return err
		}
	}
	return nil
}

// probeTimeout bounds the probe: setting a sandbox up takes milliseconds.
const probeTimeout = 20 * time.Second

var probe struct {
	once sync.Once
	err  error
}

// Available reports whether programs can be sandboxed here: it sets a
// sandbox up once, with nothing in it, and says why not as an
// *UnavailableError, with how to get one.
func Available() error {
	probe.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
		defer cancel()
		probe.err = runProbe(ctx)
		if probe.err != nil {
			probe.err = &UnavailableError{Reason: probe.err, How: howToGetIt}
		}
	})
	return probe.err
}

// runProbe sets up an empty sandbox and waits for its report.
func runProbe(ctx context.Context) error {
	c, err := command(Spec{}, true)
	if err != nil {
		return err
	}
	var out limitedBuffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Start(); err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { c.Process.Kill() })
	werr := c.Wait()
	stop()
	if _, err := c.Exit(); err != nil {
		if errors.Is(err, ErrNotEnded) && werr != nil {
			return fmt.Errorf("the sandbox's init failed (%v): %s", werr, out.String())
		}
		return err
	}
	return nil
}

// howToGetIt says how to have a sandbox on a Linux machine without one.
const howToGetIt = "The sandbox needs unprivileged user namespaces (no daemon, no root). " +
	"Enable them with `sysctl -w user.max_user_namespaces=15000` " +
	"(and, on Debian's older kernels, `sysctl -w kernel.unprivileged_userns_clone=1`; " +
	"on Ubuntu 23.10 and later, `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`), " +
	"or grade in a container that allows them (docker run --security-opt seccomp=unconfined --security-opt apparmor=unconfined). " +
	"To run the submissions unconfined, as your own user, with access to all your files, pass --unsafe-no-sandbox."
