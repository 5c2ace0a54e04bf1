package grade

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits bound what one submission may hold, so that a zip bomb or a
// runaway folder costs its student a grade and never the machine its disk.
type Limits struct {
	MaxFiles     int   // files and folders, all together
	MaxBytes     int64 // bytes of all files, unpacked
	MaxFileBytes int64 // bytes of one file, unpacked
}

// DefaultLimits are generous for a workbook of six small programs, whose
// sources weigh a few kilobytes, and small enough to stop any bomb.
var DefaultLimits = Limits{
	MaxFiles:     5000,
	MaxBytes:     64 << 20,
	MaxFileBytes: 8 << 20,
}

// Archive kinds, by file name.
const (
	kindDir   = "folder"
	kindZip   = "zip"
	kindTarGz = "tar.gz"
)

// archiveKind says what a class folder entry is from its name, and returns
// the student id: the name without its extension. A name with no archive
// extension gives kind "".
func archiveKind(name string) (kind, id string) {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".zip"):
		return kindZip, name[:len(name)-len(".zip")]
	case strings.HasSuffix(lower, ".tar.gz"):
		return kindTarGz, name[:len(name)-len(".tar.gz")]
	case strings.HasSuffix(lower, ".tgz"):
		return kindTarGz, name[:len(name)-len(".tgz")]
	}
	return "", name
}

// Unpack unpacks the .zip or .tar.gz archive into the folder dest, which
// must exist, safely: an entry whose path leaves dest (a zip-slip) or a
// link that points out of it is refused with an *EntryError, and so is an
// archive past lim. Links that stay inside are unpacked as copies of the
// files they name, so the unpacked tree has no links at all and nothing
// read from it later can be led outside.
func Unpack(archive, dest string, lim Limits) error {
	refused, err := unpack(archive, dest, lim)
	if err == nil && len(refused) > 0 {
		return refused[0]
	}
	return err
}

// unpack is Unpack that leaves out, instead of failing on, the entries
// that are refused one by one: links that point out of the archive, and
// entries of a kind that has no place in a submission. It returns them,
// so that each costs only the exercise it is in. A path out of the
// archive (a zip-slip) or an archive past lim still fails the whole.
func unpack(archive, dest string, lim Limits) ([]*EntryError, error) {
	kind, _ := archiveKind(filepath.Base(archive))
	u := &unpacker{name: filepath.Base(archive), dest: dest, lim: lim}
	var err error
	switch kind {
	case kindZip:
		err = u.zip(archive)
	case kindTarGz:
		err = u.tarGz(archive)
	default:
		return nil, fmt.Errorf("%w: %s is not a .zip or .tar.gz", ErrUnsupported, u.name)
	}
	if err != nil {
		return nil, err
	}
	return u.refused, u.copyLinks()
}

// unpacker writes the files of one submission into a folder, unpacked
// from an archive or copied from the submission's own folder, and keeps
// count of them against the Limits.
type unpacker struct {
	name  string // the submission's file or folder name, for errors
	dest  string
	lim   Limits
	files int
	bytes int64
	links []link // links that stay inside, copied once every file is out
	// refused are the entries left out: links out, entries of no use.
	refused []*EntryError
}

// refuse leaves the entry out, recording why.
func (u *unpacker) refuse(entry string, err error) error {
	u.refused = append(u.refused, &EntryError{Submission: u.name, Entry: entry, Err: err})
	return nil
}

// link is a link entry of an archive: the file at name is to be a copy of
// the file at target (both slash paths relative to the archive's root).
type link struct{ name, target string }

// fail wraps err with the archive and the entry it is about.
func (u *unpacker) fail(entry string, err error) error {
	return &EntryError{Submission: u.name, Entry: entry, Err: err}
}

// entryPath turns an entry's name as an archive gives it into a clean slash
// path: `./procbook\exercises/q3/` is "procbook/exercises/q3". Backslashes
// count as separators, as archivers on Windows write them.
func entryPath(name string) string {
	return path.Clean(strings.ReplaceAll(name, `\`, "/"))
}

// local turns an entry's name into a clean slash path relative to the
// archive's root (entryPath), or fails when the name would land outside it.
func (u *unpacker) local(name string) (string, error) {
	clean := entryPath(name)
	if clean == "." {
		return clean, nil
	}
	if !filepath.IsLocal(filepath.FromSlash(clean)) || strings.HasPrefix(clean, "/") {
		return "", u.fail(name, ErrPathOut)
	}
	return clean, nil
}

// count adds one entry to the file count and fails past the limit.
func (u *unpacker) count(entry string) error {
	u.files++
	if u.lim.MaxFiles > 0 && u.files > u.lim.MaxFiles {
		return u.fail(entry, fmt.Errorf("%w: more than %d files", ErrTooManyFiles, u.lim.MaxFiles))
	}
	return nil
}

// mkdir makes the folder rel (a clean local slash path) under dest.
func (u *unpacker) mkdir(rel string) error {
	return os.MkdirAll(filepath.Join(u.dest, filepath.FromSlash(rel)), 0o755)
}

// write copies r into the file rel under dest, within the limits. The file
// is created afresh: the tree holds no links, so nothing is written through
// one.
func (u *unpacker) write(entry, rel string, r io.Reader) error {
	dst := filepath.Join(u.dest, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return u.fail(entry, err)
	}
	os.Remove(dst) // a later entry of the same name wins
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return u.fail(entry, err)
	}
	err = u.copyLimited(entry, f, r)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = u.fail(entry, cerr)
	}
	return err
}

// copyLimited copies r to w and fails as soon as the file or the archive
// outgrows its limit. It counts the bytes really read, not the sizes an
// archive declares, which may lie.
func (u *unpacker) copyLimited(entry string, w io.Writer, r io.Reader) error {
	max := int64(1<<63 - 1)
	if u.lim.MaxFileBytes > 0 {
		max = u.lim.MaxFileBytes
	}
	if u.lim.MaxBytes > 0 && u.lim.MaxBytes-u.bytes < max {
		max = u.lim.MaxBytes - u.bytes
	}
	n, err := io.Copy(w, io.LimitReader(r, max+1))
	u.bytes += n
	if err != nil {
		return u.fail(entry, err)
	}
	if n > max {
		if u.lim.MaxFileBytes > 0 && n > u.lim.MaxFileBytes {
			return u.fail(entry, fmt.Errorf("%w: a file over %d bytes", ErrTooBig, u.lim.MaxFileBytes))
		}
		return u.fail(entry, fmt.Errorf("%w: over %d bytes in all", ErrTooBig, u.lim.MaxBytes))
	}
	return nil
}

// addLink records a link entry to be copied at the end, or fails when its
// target lies outside the archive. A symbolic link's target is relative to
// the link's folder; a hard link's (tar) to the archive's root.
func (u *unpacker) addLink(entry, rel, target string, symbolic bool) error {
	target = strings.ReplaceAll(target, `\`, "/")
	if symbolic {
		if path.IsAbs(target) {
			return u.refuse(entry, fmt.Errorf("%w: -> %s", ErrLinkOut, target))
		}
		target = path.Join(path.Dir(rel), target)
	}
	clean := path.Clean(target)
	if !filepath.IsLocal(filepath.FromSlash(clean)) {
		return u.refuse(entry, fmt.Errorf("%w: -> %s", ErrLinkOut, target))
	}
	u.links = append(u.links, link{name: rel, target: clean})
	return nil
}

// copyLinks makes each recorded link a copy of the regular file it names,
// following links to links a few times. Links to folders, or to nothing,
// are left out: the tree stays free of links.
func (u *unpacker) copyLinks() error {
	targets := make(map[string]string, len(u.links))
	for _, l := range u.links {
		targets[l.name] = l.target
	}
	for _, l := range u.links {
		t := l.target
		for range 8 {
			next, ok := targets[t]
			if !ok {
				break
			}
			t = next
		}
		src := filepath.Join(u.dest, filepath.FromSlash(t))
		fi, err := os.Lstat(src)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		f, err := os.Open(src)
		if err != nil {
			return u.fail(l.name, err)
		}
		err = u.write(l.name, l.name, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// zip unpacks a .zip archive.
func (u *unpacker) zip(archive string) error {
	zr, err := zip.OpenReader(archive)
	if err != nil {
		return fmt.Errorf("grade: %s: not a readable zip archive: %w", u.name, err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if err := u.count(f.Name); err != nil {
			return err
		}
		rel, err := u.local(f.Name)
		if err != nil {
			return err
		}
		mode := f.Mode()
		switch {
		case mode.IsDir():
			if err := u.mkdir(rel); err != nil {
				return u.fail(f.Name, err)
			}
		case mode&fs.ModeSymlink != 0:
			target, err := u.readLinkTarget(f)
			if err != nil {
				return err
			}
			if err := u.addLink(f.Name, rel, target, true); err != nil {
				return err
			}
		case mode.IsRegular():
			r, err := f.Open()
			if err != nil {
				return u.fail(f.Name, err)
			}
			err = u.write(f.Name, rel, r)
			r.Close()
			if err != nil {
				return err
			}
		default:
			u.refuse(f.Name, &kindError{Kind: kindName(mode.Type())})
		}
	}
	return nil
}

// readLinkTarget reads a zip symlink's target, stored as its content.
func (u *unpacker) readLinkTarget(f *zip.File) (string, error) {
	r, err := f.Open()
	if err != nil {
		return "", u.fail(f.Name, err)
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, 4096))
	if err != nil {
		return "", u.fail(f.Name, err)
	}
	return string(b), nil
}

// tarGz unpacks a gzip-compressed tar archive.
func (u *unpacker) tarGz(archive string) error {
	f, err := os.Open(archive)
	if err != nil {
		return fmt.Errorf("grade: %w", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("grade: %s: not a readable .tar.gz archive: %w", u.name, err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("grade: %s: not a readable .tar.gz archive: %w", u.name, err)
		}
		if h.Typeflag == tar.TypeXGlobalHeader {
			continue
		}
		if err := u.count(h.Name); err != nil {
			return err
		}
		rel, err := u.local(h.Name)
		if err != nil {
			return err
		}
		switch h.Typeflag {
		case tar.TypeDir:
			if err := u.mkdir(rel); err != nil {
				return u.fail(h.Name, err)
			}
		case tar.TypeReg:
			if err := u.write(h.Name, rel, tr); err != nil {
				return err
			}
		case tar.TypeSymlink:
			if err := u.addLink(h.Name, rel, h.Linkname, true); err != nil {
				return err
			}
		case tar.TypeLink:
			if err := u.addLink(h.Name, rel, h.Linkname, false); err != nil {
				return err
			}
		default:
			kind := kindName(h.FileInfo().Mode().Type())
			if kind == "" {
				kind = fmt.Sprintf("an entry of tar type %q", h.Typeflag)
			}
			u.refuse(h.Name, &kindError{Kind: kind})
		}
	}
}

// kindName names, in plain words, a kind of file that has no place in a
// submission, or returns "" for one it does not know.
func kindName(t fs.FileMode) string {
	switch {
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe (fifo)"
	case t&fs.ModeCharDevice != 0:
		return "a character device"
	case t&fs.ModeDevice != 0:
		return "a block device"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t != 0:
		return fmt.Sprintf("a file of kind %v", t)
	}
	return ""
}
