package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// The trace file lies in the scenario's scratch folder, where the program
// under test may write: a hostile program can put a link, a pipe or a
// device there in its place. The checker, which may run as root, must then
// neither write through it nor read from it. So it never follows a link in
// the last part of the trace's path (the folders above are the checker's),
// never waits on what it opens, and reads only a regular file.

// resetTrace makes name a new, empty regular file, whatever the program
// left there: each run starts a fresh trace.
func resetTrace(name string) error {
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL|noFollow, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

// openTrace opens the trace file name for reading. A file that is not
// there is (nil, nil); anything but a regular file is an error that says
// the program tampered with it.
func openTrace(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|noFollow|nonBlock, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		if isLinkError(name) {
			return nil, errTraceTampered
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, errTraceTampered
	}
	return f, nil
}

// errTraceTampered is a trace that is no longer the file the checker made:
// the program replaced it, which an honest one never does.
var errTraceTampered = fmt.Errorf("the trace file was replaced by something that is not a file: the program under test tampered with it")

// isLinkError reports whether name is a symbolic link, which is why an
// open with noFollow failed.
func isLinkError(name string) bool {
	fi, err := os.Lstat(name)
	return err == nil && fi.Mode()&fs.ModeSymlink != 0
}
