// Package atomicfile writes a file whole or not at all: through a
// temporary file in the same folder, renamed into place once complete, so
// that a reader (another check running in parallel, a spreadsheet opening
// a gradebook) never sees half a file, and a failed write leaves the old
// file as it was.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// WriteFunc creates or replaces name with what write writes, making its
// folder if needed. If write fails, name is left untouched.
func WriteFunc(name string, write func(io.Writer) error) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Write creates or replaces name with data.
func Write(name string, data []byte) error {
	return WriteFunc(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
