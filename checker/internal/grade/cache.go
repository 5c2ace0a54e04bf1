package grade

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/procbook/procbook/checker/internal/atomicfile"
)

// cacheVersion changes whenever what the cache holds changes shape, so that
// an old entry is never read as a new one.
const cacheVersion = 2

// Cache keeps the grade of each exercise of each submission, keyed by the
// hash of the exercise's sources and of the instructor's tests and library:
// a second run over a class regrades only the exercises whose sources
// changed, and a changed test regrades everyone. Entries are files, written
// whole or not at all, so an interrupted run leaves no half entry and two
// runs may share a cache.
//
// Every entry is authenticated by a keyed hash (HMAC-SHA256) under a key
// kept outside the cache's folder: an entry that anyone but the grader
// wrote or changed is a miss, graded again, never a grade.
type Cache struct {
	Dir string
	key []byte
}

// cacheKeySize is the length of the cache's key, in bytes.
const cacheKeySize = 32

// DefaultCacheDir is where grades are cached unless told otherwise: the
// user's cache folder (on Linux $XDG_CACHE_HOME or ~/.cache), under
// procbook/grade.
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("grade: no cache folder: %w", err)
	}
	return filepath.Join(dir, "procbook", "grade"), nil
}

// OpenCache opens the cache in dir, making the folder if need be. Its key
// is the file beside it, dir + ".key", readable by the grader's user
// alone, made with a random key the first time.
func OpenCache(dir string) (*Cache, error) {
	dir = filepath.Clean(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("grade: cache: %w", err)
	}
	key, err := loadCacheKey(dir + ".key")
	if err != nil {
		return nil, fmt.Errorf("grade: cache: %w", err)
	}
	return &Cache{Dir: dir, key: key}, nil
}

// loadCacheKey reads the key in file, or makes it there: created
// exclusively, so that two runs starting together agree on one.
func loadCacheKey(file string) ([]byte, error) {
	for range 2 {
		b, err := os.ReadFile(file)
		if err == nil {
			key, err := hex.DecodeString(strings.TrimSpace(string(b)))
			if err != nil || len(key) != cacheKeySize {
				return nil, fmt.Errorf("%s is not a cache key: delete it (and the cache) to start afresh", file)
			}
			return key, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		key := make([]byte, cacheKeySize)
		rand.Read(key)
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue // another run made it first: read theirs
		}
		if err != nil {
			return nil, err
		}
		_, err = fmt.Fprintln(f, hex.EncodeToString(key))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(file)
			return nil, err
		}
		return key, nil
	}
	return nil, fmt.Errorf("%s: cannot read or make the cache key", file)
}

// mac is the authentication of an entry's bytes stored under key.
func (c *Cache) mac(key string, entry []byte) []byte {
	m := hmac.New(sha256.New, c.key)
	fmt.Fprintf(m, "procbook grade cache entry %s\n", key)
	m.Write(entry)
	return m.Sum(nil)
}

// macPrefix begins every entry's file, before the authentication in hex
// and a newline, then the entry.
const macPrefix = "hmac-sha256 "

// cacheKey is the key of an exercise's grade: everything the grade depends
// on. Options that change a verdict (the time a run may take, the output it
// may print, the sandbox and its limits) are part of it.
func (g *grader) cacheKey(exercise, sources string) string {
	h := sha256.New()
	fmt.Fprintf(h, "procbook grade cache v%d\nworkbook %s\nexercise %s\nsources %s\noptions %s\n",
		cacheVersion, g.workbook, exercise, sources, g.opts.verdictOptions())
	return hex.EncodeToString(h.Sum(nil))
}

// cacheEntry is what the cache stores for one exercise: its grade and the
// details the feedback needs, which the gradebook leaves out.
type cacheEntry struct {
	Version     int           `json:"version"`
	Exercise    Exercise      `json:"exercise"`
	BuildOutput string        `json:"build_output,omitempty"`
	Details     []cacheDetail `json:"details,omitempty"` // one per scenario, in order
}

// cacheDetail is a scenario's Expected and Actual.
type cacheDetail struct {
	Expected string `json:"expected,omitempty"`
	Actual   string `json:"actual,omitempty"`
}

// path is the file of key: two levels, so no folder grows too large.
func (c *Cache) path(key string) string {
	return filepath.Join(c.Dir, key[:2], key+".json")
}

// Get returns the grade cached under key. A missing, unreadable,
// outdated or unauthenticated entry is a miss: the exercise is graded
// again.
func (c *Cache) Get(key string) (Exercise, bool) {
	if len(c.key) == 0 {
		return Exercise{}, false
	}
	data, err := os.ReadFile(c.path(key))
	if err != nil {
		return Exercise{}, false
	}
	head, b, ok := strings.Cut(string(data), "\n")
	sum, err := hex.DecodeString(strings.TrimPrefix(head, macPrefix))
	if !ok || !strings.HasPrefix(head, macPrefix) || err != nil || !hmac.Equal(sum, c.mac(key, []byte(b))) {
		return Exercise{}, false
	}
	var e cacheEntry
	if err := json.Unmarshal([]byte(b), &e); err != nil || e.Version != cacheVersion {
		return Exercise{}, false
	}
	if len(e.Details) != 0 && len(e.Details) != len(e.Exercise.Scenarios) {
		return Exercise{}, false
	}
	ex := e.Exercise
	ex.BuildOutput = e.BuildOutput
	for i, d := range e.Details {
		ex.Scenarios[i].Expected = d.Expected
		ex.Scenarios[i].Actual = d.Actual
	}
	return ex, true
}

// Put stores ex under key, atomically: it writes a temporary file beside
// the entry and renames it into place.
func (c *Cache) Put(key string, ex Exercise) error {
	if len(c.key) == 0 {
		return errors.New("grade: cache: no key: open the cache with OpenCache")
	}
	e := cacheEntry{Version: cacheVersion, Exercise: ex, BuildOutput: ex.BuildOutput}
	for _, s := range ex.Scenarios {
		e.Details = append(e.Details, cacheDetail{Expected: s.Expected, Actual: s.Actual})
	}
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("grade: cache: %w", err)
	}
	file := append([]byte(macPrefix+hex.EncodeToString(c.mac(key, b))+"\n"), b...)
	if err := atomicfile.Write(c.path(key), file); err != nil {
		return fmt.Errorf("grade: cache: %w", err)
	}
	return nil
}
