package gradetest

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Entry is one entry of an archive to build.
type Entry struct {
	Name string // as stored, unchecked: "../../evil" is allowed, that is the point
	Body string // a file's content
	Link string // if set, the entry is a symbolic link to Link
	Hard bool   // with Link, in a tar: a hard link instead
	Dir  bool   // a folder
	// Type, if set, makes the entry one of a kind with no content and no
	// place in a submission: fs.ModeNamedPipe (a fifo), fs.ModeDevice (a
	// block device), fs.ModeDevice|fs.ModeCharDevice (a character device).
	Type fs.FileMode
}

// WriteZip writes the entries as a .zip archive at path.
func WriteZip(path string, entries []Entry) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.Name, Method: zip.Deflate}
		switch {
		case e.Dir:
			h.Name = strings.TrimSuffix(e.Name, "/") + "/"
			h.SetMode(fs.ModeDir | 0o755)
		case e.Type != 0:
			h.SetMode(e.Type | 0o644)
		case e.Link != "":
			h.SetMode(fs.ModeSymlink | 0o777)
		default:
			h.SetMode(0o644)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			f.Close()
			return err
		}
		body := e.Body
		if e.Link != "" {
			body = e.Link
		}
		if _, err := io.WriteString(w, body); err != nil {
			f.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteTarGz writes the entries as a gzip-compressed tar archive at path.
func WriteTarGz(path string, entries []Entry) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := &tar.Header{Name: e.Name, Mode: 0o644, Size: int64(len(e.Body)), Typeflag: tar.TypeReg}
		switch {
		case e.Dir:
			h.Typeflag, h.Mode, h.Size = tar.TypeDir, 0o755, 0
		case e.Type == fs.ModeNamedPipe:
			h.Typeflag, h.Size = tar.TypeFifo, 0
		case e.Type == fs.ModeDevice|fs.ModeCharDevice:
			h.Typeflag, h.Size, h.Devmajor, h.Devminor = tar.TypeChar, 0, 1, 3
		case e.Type == fs.ModeDevice:
			h.Typeflag, h.Size, h.Devmajor, h.Devminor = tar.TypeBlock, 0, 8, 0
		case e.Type != 0:
			f.Close()
			return fmt.Errorf("gradetest: %s: a tar has no entry of type %v", e.Name, e.Type)
		case e.Link != "" && e.Hard:
			h.Typeflag, h.Linkname, h.Size = tar.TypeLink, e.Link, 0
		case e.Link != "":
			h.Typeflag, h.Linkname, h.Size = tar.TypeSymlink, e.Link, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			f.Close()
			return err
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := io.WriteString(tw, e.Body); err != nil {
				f.Close()
				return err
			}
		}
	}
	if err := tw.Close(); err != nil {
		f.Close()
		return err
	}
	if err := gz.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// FromDir returns the entries for the folder dir, with names under prefix
// ("" for none): its folders, files and links (not followed), in lexical
// order.
func FromDir(dir, prefix string) ([]Entry, error) {
	var entries []Entry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		name := filepath.ToSlash(filepath.Join(prefix, rel))
		switch {
		case d.IsDir():
			entries = append(entries, Entry{Name: name, Dir: true})
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			entries = append(entries, Entry{Name: name, Link: target})
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			entries = append(entries, Entry{Name: name, Body: string(b)})
		default:
			return fmt.Errorf("gradetest: %s: not a file, folder or link", p)
		}
		return nil
	})
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	return entries, err
}
