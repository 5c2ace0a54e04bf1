package grade

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Submission is one student's entry in a class folder.
type Submission struct {
	ID   string // the entry's name without its extension: "alice" for alice.zip
	Path string // the folder or archive
	Kind string // "folder", "zip" or "tar.gz"
	// Err, when set, is why the entry cannot be graded (an unsupported
	// file, an id given twice); the student gets an error grade for it.
	Err error
}

// FindSubmissions lists the students of the class folder dir, sorted by
// id: each folder, .zip, .tar.gz or .tgz in it is one student. Hidden
// entries are skipped. An entry that is none of those, or whose id another
// entry has too, is still listed, with Err set, so that the student shows
// in the gradebook with the reason rather than going missing.
func FindSubmissions(dir string) ([]Submission, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("grade: reading the class: %w", err)
	}
	byID := map[string]*Submission{}
	var names = map[string][]string{}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p) // the class folder is the instructor's: its links are followed
		s := Submission{Path: p}
		switch kind, id := archiveKind(name); {
		case err != nil: // a dangling link, a file gone meanwhile: that student's problem only
			s.ID = id
			s.Err = fmt.Errorf("grade: %w", err)
		case fi.IsDir():
			s.ID, s.Kind = name, kindDir
		case kind != "" && fi.Mode().IsRegular():
			s.ID, s.Kind = id, kind
		default:
			s.ID = id
			s.Err = fmt.Errorf("%w: %s is not a folder, a .zip or a .tar.gz", ErrUnsupported, name)
		}
		names[s.ID] = append(names[s.ID], name)
		if _, dup := byID[s.ID]; !dup {
			byID[s.ID] = &s
		}
	}
	subs := make([]Submission, 0, len(byID))
	for id, s := range byID {
		if len(names[id]) > 1 {
			s.Err = fmt.Errorf("%w: %s", ErrDuplicate, strings.Join(names[id], " and "))
		}
		subs = append(subs, *s)
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].ID < subs[j].ID })
	return subs, nil
}
