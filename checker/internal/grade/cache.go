package grade

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/procbook/procbook/checker/internal/atomicfile"
)

// cacheVersion changes whenever what the cache holds changes shape, so that
// an old entry is never read as a new one.
const cacheVersion = 1

// Cache keeps the grade of each exercise of each submission, keyed by the
// hash of the exercise's sources and of the instructor's tests and library:
// a second run over a class regrades only the exercises whose sources
// changed, and a changed test regrades everyone. Entries are files, written
// whole or not at all, so an interrupted run leaves no half entry and two
// runs may share a cache.
type Cache struct {
	Dir string
}

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

// OpenCache opens the cache in dir, making the folder if need be.
func OpenCache(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("grade: cache: %w", err)
	}
	return &Cache{Dir: dir}, nil
}

// cacheKey is the key of an exercise's grade: everything the grade depends
// on. Options that change a verdict (the time a run may take, the output it
// may print) are part of it.
func cacheKey(workbook, exercise, sources string, timeout time.Duration, outputCap int64) string {
	h := sha256.New()
	fmt.Fprintf(h, "procbook grade cache v%d\nworkbook %s\nexercise %s\nsources %s\ntimeout %v\noutput %d\n",
		cacheVersion, workbook, exercise, sources, timeout, outputCap)
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

// Get returns the grade cached under key. A missing, unreadable or
// outdated entry is a miss: the exercise is graded again.
func (c *Cache) Get(key string) (Exercise, bool) {
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return Exercise{}, false
	}
	var e cacheEntry
	if err := json.Unmarshal(b, &e); err != nil || e.Version != cacheVersion {
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
	e := cacheEntry{Version: cacheVersion, Exercise: ex, BuildOutput: ex.BuildOutput}
	for _, s := range ex.Scenarios {
		e.Details = append(e.Details, cacheDetail{Expected: s.Expected, Actual: s.Actual})
	}
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("grade: cache: %w", err)
	}
	if err := atomicfile.Write(c.path(key), b); err != nil {
		return fmt.Errorf("grade: cache: %w", err)
	}
	return nil
}
