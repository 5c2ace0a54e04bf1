package grade

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Reading a submission's git history is done here, by reading the
// repository's files, and never by running git: a submission's .git/config
// is the student's, and git obeys settings in it that run programs
// (core.fsmonitor, gpg.program). Only what gives the last commit's time
// is read: HEAD, the ref it names, and that one commit object, loose or
// in a pack, with deltas resolved.

// errNoGit is a folder with no repository that can be read.
var errNoGit = errors.New("no git repository")

// Limits on what is read of a repository, so that a hostile one costs
// little: a commit object is small, and a delta chain is short.
const (
	maxGitObject   = 1 << 20
	maxDeltaChain  = 64
	maxSymrefDepth = 5
)

// lastCommitTime returns the committer time of the commit HEAD names in
// the repository gitDir (a .git folder).
func lastCommitTime(gitDir string) (time.Time, error) {
	fi, err := os.Lstat(gitDir)
	if err != nil || !fi.IsDir() {
		return time.Time{}, errNoGit
	}
	id, err := resolveHead(gitDir)
	if err != nil {
		return time.Time{}, err
	}
	typ, body, err := readObject(gitDir, id, 0)
	if err != nil {
		return time.Time{}, err
	}
	if typ != "commit" {
		return time.Time{}, fmt.Errorf("git: HEAD names a %s, not a commit", typ)
	}
	return committerTime(body)
}

// resolveHead follows HEAD to the commit id it names.
func resolveHead(gitDir string) ([]byte, error) {
	ref := "HEAD"
	for range maxSymrefDepth {
		b, err := readSmall(filepath.Join(gitDir, filepath.FromSlash(ref)))
		if err == nil {
			line := strings.TrimSpace(string(b))
			if target, ok := strings.CutPrefix(line, "ref: "); ok {
				if !validRef(target) {
					return nil, fmt.Errorf("git: bad ref %q", target)
				}
				ref = target
				continue
			}
			return parseID(line)
		}
		if ref == "HEAD" {
			return nil, errNoGit
		}
		return packedRef(gitDir, ref)
	}
	return nil, fmt.Errorf("git: refs nested too deep")
}

// validRef reports whether a ref name stays inside the repository.
func validRef(ref string) bool {
	return strings.HasPrefix(ref, "refs/") && filepath.IsLocal(ref) && !strings.Contains(ref, "..")
}

// packedRef looks ref up in packed-refs.
func packedRef(gitDir, ref string) ([]byte, error) {
	b, err := readSmall(filepath.Join(gitDir, "packed-refs"))
	if err != nil {
		return nil, fmt.Errorf("git: ref %s not found", ref)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		id, name, ok := strings.Cut(sc.Text(), " ")
		if ok && name == ref {
			return parseID(id)
		}
	}
	return nil, fmt.Errorf("git: ref %s not found", ref)
}

func parseID(s string) ([]byte, error) {
	id, err := hex.DecodeString(s)
	if err != nil || len(id) != 20 {
		return nil, fmt.Errorf("git: bad object id %q", s)
	}
	return id, nil
}

// readSmall reads a regular file of at most maxGitObject bytes, without
// following a link.
func readSmall(p string) ([]byte, error) {
	fi, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxGitObject {
		return nil, fmt.Errorf("git: %s is not a small file", filepath.Base(p))
	}
	return os.ReadFile(p)
}

// openRegular opens a regular file, never through a link: a submission's
// repository is read within the submission only.
func openRegular(p string) (*os.File, error) {
	fi, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("git: %s is not a regular file", filepath.Base(p))
	}
	return os.Open(p)
}

// readObject returns the type and the contents of the object id, loose or
// packed.
func readObject(gitDir string, id []byte, depth int) (string, []byte, error) {
	if depth > maxDeltaChain {
		return "", nil, fmt.Errorf("git: delta chain too long")
	}
	hx := hex.EncodeToString(id)
	if raw, err := readSmall(filepath.Join(gitDir, "objects", hx[:2], hx[2:])); err == nil {
		data, err := inflate(bytes.NewReader(raw))
		if err != nil {
			return "", nil, err
		}
		head, body, ok := bytes.Cut(data, []byte{0})
		typ, _, _ := strings.Cut(string(head), " ")
		if !ok {
			return "", nil, fmt.Errorf("git: object %s has no header", hx)
		}
		return typ, body, nil
	}
	idxs, _ := filepath.Glob(filepath.Join(gitDir, "objects", "pack", "pack-*.idx"))
	sort.Strings(idxs)
	for _, idx := range idxs {
		off, ok, err := packOffset(idx, id)
		if err != nil {
			return "", nil, err
		}
		if ok {
			return readPacked(gitDir, strings.TrimSuffix(idx, ".idx")+".pack", off, depth)
		}
	}
	return "", nil, fmt.Errorf("git: object %s not found", hx)
}

// inflate reads a zlib stream of at most maxGitObject bytes.
func inflate(r io.Reader) ([]byte, error) {
	zr, err := zlib.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("git: %w", err)
	}
	defer zr.Close()
	data, err := io.ReadAll(io.LimitReader(zr, maxGitObject+1))
	if err != nil {
		return nil, fmt.Errorf("git: %w", err)
	}
	if len(data) > maxGitObject {
		return nil, fmt.Errorf("git: object too big")
	}
	return data, nil
}

// packOffset finds id in a version 2 pack index and returns its offset in
// the pack.
func packOffset(idxPath string, id []byte) (int64, bool, error) {
	f, err := openRegular(idxPath)
	if err != nil {
		return 0, false, err
	}
	defer f.Close()
	var head [8]byte
	if _, err := io.ReadFull(f, head[:]); err != nil || !bytes.Equal(head[:], []byte{0xff, 't', 'O', 'c', 0, 0, 0, 2}) {
		return 0, false, fmt.Errorf("git: %s is not a version 2 pack index", filepath.Base(idxPath))
	}
	var fanout [256]uint32
	if err := binary.Read(f, binary.BigEndian, &fanout); err != nil {
		return 0, false, fmt.Errorf("git: %w", err)
	}
	n := int64(fanout[255])
	lo, hi := int64(0), int64(fanout[id[0]])
	if id[0] > 0 {
		lo = int64(fanout[id[0]-1])
	}
	const ids = 8 + 256*4
	var got [20]byte
	for lo < hi { // binary search among the ids that start with id[0]
		mid := (lo + hi) / 2
		if _, err := f.ReadAt(got[:], ids+mid*20); err != nil {
			return 0, false, fmt.Errorf("git: %w", err)
		}
		switch c := bytes.Compare(got[:], id); {
		case c == 0:
			offs := ids + n*20 + n*4 // past the ids and the CRCs
			var o [4]byte
			if _, err := f.ReadAt(o[:], offs+mid*4); err != nil {
				return 0, false, fmt.Errorf("git: %w", err)
			}
			off := binary.BigEndian.Uint32(o[:])
			if off&0x80000000 == 0 {
				return int64(off), true, nil
			}
			var o8 [8]byte
			if _, err := f.ReadAt(o8[:], offs+n*4+int64(off&0x7fffffff)*8); err != nil {
				return 0, false, fmt.Errorf("git: %w", err)
			}
			return int64(binary.BigEndian.Uint64(o8[:])), true, nil
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false, nil
}

// Pack object types.
var packTypes = map[byte]string{1: "commit", 2: "tree", 3: "blob", 4: "tag"}

// readPacked reads the object at off in the pack, applying deltas.
func readPacked(gitDir, packPath string, off int64, depth int) (string, []byte, error) {
	if depth > maxDeltaChain {
		return "", nil, fmt.Errorf("git: delta chain too long")
	}
	f, err := openRegular(packPath)
	if err != nil {
		return "", nil, fmt.Errorf("git: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(io.NewSectionReader(f, off, 1<<62))
	c, err := r.ReadByte()
	if err != nil {
		return "", nil, fmt.Errorf("git: %w", err)
	}
	typ := (c >> 4) & 7
	for c&0x80 != 0 { // the size, which inflate bounds anyway
		if c, err = r.ReadByte(); err != nil {
			return "", nil, fmt.Errorf("git: %w", err)
		}
	}
	switch typ {
	case 6: // a delta on the object some bytes before this one
		c, err := r.ReadByte()
		if err != nil {
			return "", nil, fmt.Errorf("git: %w", err)
		}
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if c, err = r.ReadByte(); err != nil {
				return "", nil, fmt.Errorf("git: %w", err)
			}
			rel = (rel+1)<<7 | int64(c&0x7f)
		}
		if rel <= 0 || rel > off {
			return "", nil, fmt.Errorf("git: bad delta offset")
		}
		delta, err := inflate(r)
		if err != nil {
			return "", nil, err
		}
		btyp, base, err := readPacked(gitDir, packPath, off-rel, depth+1)
		if err != nil {
			return "", nil, err
		}
		out, err := applyDelta(base, delta)
		return btyp, out, err
	case 7: // a delta on the object of the given id
		var bid [20]byte
		if _, err := io.ReadFull(r, bid[:]); err != nil {
			return "", nil, fmt.Errorf("git: %w", err)
		}
		delta, err := inflate(r)
		if err != nil {
			return "", nil, err
		}
		btyp, base, err := readObject(gitDir, bid[:], depth+1)
		if err != nil {
			return "", nil, err
		}
		out, err := applyDelta(base, delta)
		return btyp, out, err
	}
	name, ok := packTypes[typ]
	if !ok {
		return "", nil, fmt.Errorf("git: unknown pack object type %d", typ)
	}
	data, err := inflate(r)
	return name, data, err
}

// applyDelta rebuilds an object from its base and a git delta.
func applyDelta(base, delta []byte) ([]byte, error) {
	bad := fmt.Errorf("git: bad delta")
	varint := func() (int, bool) {
		n, shift := 0, 0
		for len(delta) > 0 {
			c := delta[0]
			delta = delta[1:]
			n |= int(c&0x7f) << shift
			shift += 7
			if c&0x80 == 0 {
				return n, shift <= 35
			}
		}
		return 0, false
	}
	srcSize, ok1 := varint()
	dstSize, ok2 := varint()
	if !ok1 || !ok2 || srcSize != len(base) || dstSize > maxGitObject {
		return nil, bad
	}
	out := make([]byte, 0, dstSize)
	for len(delta) > 0 {
		op := delta[0]
		delta = delta[1:]
		if op&0x80 == 0 { // insert the next op bytes
			if op == 0 || int(op) > len(delta) {
				return nil, bad
			}
			out = append(out, delta[:op]...)
			delta = delta[op:]
			continue
		}
		var offset, size int
		for i := range 7 { // copy: bits 0-3 say which offset bytes follow, 4-6 which size bytes
			if op&(1<<i) == 0 {
				continue
			}
			if len(delta) == 0 {
				return nil, bad
			}
			if i < 4 {
				offset |= int(delta[0]) << (8 * i)
			} else {
				size |= int(delta[0]) << (8 * (i - 4))
			}
			delta = delta[1:]
		}
		if size == 0 {
			size = 0x10000
		}
		if offset+size > len(base) || len(out)+size > dstSize {
			return nil, bad
		}
		out = append(out, base[offset:offset+size]...)
	}
	if len(out) != dstSize {
		return nil, bad
	}
	return out, nil
}

// committerTime reads the committer line of a commit object.
func committerTime(body []byte) (time.Time, error) {
	for _, line := range strings.Split(string(body), "\n") {
		if line == "" {
			break // the end of the headers
		}
		rest, ok := strings.CutPrefix(line, "committer ")
		if !ok {
			continue
		}
		f := strings.Fields(rest[strings.LastIndexByte(rest, '>')+1:])
		if len(f) != 2 {
			break
		}
		secs, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || len(f[1]) != 5 {
			break
		}
		h, err1 := strconv.Atoi(f[1][1:3])
		m, err2 := strconv.Atoi(f[1][3:5])
		if err1 != nil || err2 != nil {
			break
		}
		off := h*3600 + m*60
		if f[1][0] == '-' {
			off = -off
		}
		return time.Unix(secs, 0).In(time.FixedZone(f[1], off)), nil
	}
	return time.Time{}, fmt.Errorf("git: the commit has no committer time")
}
