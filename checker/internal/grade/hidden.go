package grade

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/procbook/procbook/internal/workbook"
	"github.com/rogpeppe/go-internal/txtar"
)

// Hidden is an instructor's hidden tests (--hidden DIR): scenarios the
// students' copy of the workbook does not have, and quiz keys other than
// the ones it ships. They are graded like the others and count like them;
// the gradebook marks them hidden, and feedback names them and their
// verdict without a word of what they check.
//
// DIR holds, at its top level:
//
//   - qN_name.txtar: a scenario of exercise qN, in the language of
//     testdata/*.txtar. A name the manifest has replaces that scenario
//     (for its points); a new name adds one, worth the points its
//     "# points: N" comment line gives (1 without);
//   - qN_name.answers.txt: the answers.txt of scenario qN_name (a quiz),
//     in place of the one it ships with.
type Hidden struct {
	dir      string
	added    map[string][]workbook.Scenario // by exercise, in file order
	files    []string                       // the .txtar files, by name
	keys     []string                       // the .answers.txt files, by name
	names    map[string]bool                // every scenario hidden or overridden
	replaced map[string]bool                // manifest scenarios whose file is replaced
}

// hiddenName is a hidden file's name: qN_name, then .txtar or .answers.txt.
var hiddenName = regexp.MustCompile(`^(q[0-9]+)_[A-Za-z0-9_]+$`)

// pointsLine is a hidden scenario's "# points: N" comment.
var pointsLine = regexp.MustCompile(`(?m)^#\s*points:\s*([0-9]+)\s*$`)

// LoadHidden reads the hidden tests in dir against the manifest
// exercises, and refuses anything it would not know what to do with.
func LoadHidden(dir string, exercises []workbook.Exercise) (*Hidden, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("grade: hidden tests: %w", err)
	}
	h := &Hidden{dir: dir, added: map[string][]workbook.Scenario{}, names: map[string]bool{}, replaced: map[string]bool{}}
	byName := map[string]workbook.Exercise{}
	inManifest := map[string]bool{}
	for _, ex := range exercises {
		byName[ex.Name] = ex
		for _, sc := range ex.Scenarios {
			inManifest[sc.Name] = true
		}
	}
	var keys []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if !e.Type().IsRegular() {
			return nil, fmt.Errorf("grade: hidden tests: %s is not a file: want qN_name.txtar scenarios and qN_name.answers.txt quiz keys", name)
		}
		base, kind := strings.TrimSuffix(name, ".txtar"), "scenario"
		if strings.HasSuffix(name, ".answers.txt") {
			base, kind = strings.TrimSuffix(name, ".answers.txt"), "key"
		} else if !strings.HasSuffix(name, ".txtar") {
			return nil, fmt.Errorf("grade: hidden tests: %s is neither a scenario (qN_name.txtar) nor a quiz key (qN_name.answers.txt)", name)
		}
		m := hiddenName.FindStringSubmatch(base)
		if m == nil {
			return nil, fmt.Errorf("grade: hidden tests: %s: the name must be qN_name, for an exercise qN", name)
		}
		if _, ok := byName[m[1]]; !ok {
			return nil, fmt.Errorf("grade: hidden tests: %s: there is no exercise %s", name, m[1])
		}
		if kind == "key" {
			keys = append(keys, name)
			continue
		}
		h.files = append(h.files, name)
		h.names[base] = true
		if inManifest[base] {
			h.replaced[base] = true
			continue
		}
		text, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("grade: hidden tests: %w", err)
		}
		pts := 1
		if pm := pointsLine.FindSubmatch(txtar.Parse(text).Comment); pm != nil {
			pts, _ = strconv.Atoi(string(pm[1]))
		}
		h.added[m[1]] = append(h.added[m[1]], workbook.Scenario{Name: base, Points: pts})
	}
	for _, name := range keys {
		base := strings.TrimSuffix(name, ".answers.txt")
		if !inManifest[base] && !h.names[base] {
			return nil, fmt.Errorf("grade: hidden tests: %s: there is no scenario %s whose key it could be", name, base)
		}
		h.keys = append(h.keys, name)
		h.names[base] = true
	}
	sort.Strings(h.files)
	sort.Strings(h.keys)
	for ex := range h.added {
		sort.Slice(h.added[ex], func(i, j int) bool { return h.added[ex][i].Name < h.added[ex][j].Name })
	}
	if len(h.files)+len(h.keys) == 0 {
		return nil, fmt.Errorf("grade: hidden tests: %s holds no qN_name.txtar scenario nor qN_name.answers.txt quiz key", dir)
	}
	return h, nil
}

// Exercises returns the manifest with the hidden scenarios added, each at
// the end of its exercise; the manifest itself is left alone.
func (h *Hidden) Exercises(exercises []workbook.Exercise) []workbook.Exercise {
	out := make([]workbook.Exercise, len(exercises))
	for i, ex := range exercises {
		ex.Scenarios = append(slices.Clip(slices.Clone(ex.Scenarios)), h.added[ex.Name]...)
		out[i] = ex
	}
	return out
}

// install writes the hidden scenarios and keys into the workbook copy at
// root, whose testdata the scenarios are run from.
func (h *Hidden) install(root string) error {
	testdata := filepath.Join(root, "testdata")
	for _, name := range h.files {
		if err := copyFile(filepath.Join(h.dir, name), filepath.Join(testdata, name)); err != nil {
			return fmt.Errorf("grade: hidden tests: %w", err)
		}
	}
	for _, name := range h.keys {
		base := strings.TrimSuffix(name, ".answers.txt")
		key, err := os.ReadFile(filepath.Join(h.dir, name))
		if err != nil {
			return fmt.Errorf("grade: hidden tests: %w", err)
		}
		p := filepath.Join(testdata, base+".txtar")
		text, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("grade: hidden tests: %s: %w", name, err)
		}
		ar := txtar.Parse(text)
		found := false
		for i := range ar.Files {
			if ar.Files[i].Name == "answers.txt" {
				ar.Files[i].Data = withNewlineBytes(key)
				found = true
			}
		}
		if !found {
			return fmt.Errorf("grade: hidden tests: %s: scenario %s has no answers.txt to replace: it is not a quiz", name, base)
		}
		if err := os.WriteFile(p, txtar.Format(ar), 0o644); err != nil {
			return fmt.Errorf("grade: hidden tests: %w", err)
		}
	}
	return nil
}

func withNewlineBytes(b []byte) []byte {
	if len(b) > 0 && !bytes.HasSuffix(b, []byte("\n")) {
		return append(b, '\n')
	}
	return b
}

// mark sets Hidden on every scenario of the gradebook that the hidden
// tests added or changed. A nil Hidden marks nothing.
func (h *Hidden) mark(gb *Gradebook) {
	if h == nil {
		return
	}
	for i := range gb.Students {
		for j := range gb.Students[i].Exercises {
			e := &gb.Students[i].Exercises[j]
			for k := range e.Scenarios {
				if h.names[e.Scenarios[k].Name] {
					e.Scenarios[k].Hidden = true
				}
			}
		}
	}
}
