package grade

import (
	"testing"
)

// TestWorkbookHashCoversWhatIsCopied: the hash of a workbook is the hash
// of its snapshot; an edit to the book's own test material leaves it
// alone, and an edit to anything a check reads changes it.
func TestWorkbookHashCoversWhatIsCopied(t *testing.T) {
	root, snap := snapshotOfTestMaterial(t)
	hash := func(root string) string {
		t.Helper()
		h, err := WorkbookHash(root)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	before := hash(root)
	if s := hash(snap); s != before {
		t.Errorf("the workbook hashes to %s, its snapshot to %s", before, s)
	}
	for _, name := range []string{"process/lock_test.go", "process/testdata/fixture.txt", "testdata/anti/q3_idle/main.go", "testdata/anti/q6_idle/main.go", "internal/scenario/testdata/a.txt", "process/.new.go", "process/process.test"} {
		writeFiles(t, root, map[string]string{name: "edited"})
		if h := hash(root); h != before {
			t.Errorf("editing %s, which no check reads, changed the hash", name)
		}
	}
	for _, name := range []string{"process/lock.go", "testdata/q3_square.txtar", "testdata/q3_new.txtar", "internal/stubs/stubs.txtar", "go.sum"} {
		writeFiles(t, root, map[string]string{name: "edited"})
		h := hash(root)
		if h == before {
			t.Errorf("editing %s left the hash as it was", name)
		}
		before = h
	}
}
