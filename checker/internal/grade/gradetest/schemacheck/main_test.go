package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSchemacheck checks one document that keeps Gradescope's results
// schema and one that breaks it.
func TestSchemacheck(t *testing.T) {
	schema := filepath.Join("..", "..", "testdata", "schema", "gradescope-results.schema.json")
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.json"), filepath.Join(dir, "bad.json")
	os.WriteFile(good, []byte(`{"score": 3, "tests": [{"name": "q1/q1_count", "score": 3, "max_score": 3}]}`), 0o644)
	os.WriteFile(bad, []byte(`{"score": "three"}`), 0o644)
	if code := main1([]string{schema, good}); code != 0 {
		t.Errorf("a results.json that keeps the schema: exit %d, want 0", code)
	}
	if code := main1([]string{schema, good, bad}); code != 1 {
		t.Errorf("a results.json that breaks the schema: exit %d, want 1", code)
	}
	if code := main1([]string{schema}); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
}
