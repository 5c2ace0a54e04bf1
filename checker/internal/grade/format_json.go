package grade

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes the gradebook as indented JSON, the format merge reads
// back: {"graded_at", "workbook", "students": [{"id", "score",
// "max_score", "exercises": [{"name", "status", "score", "max_score",
// "scenarios": […]}]}]}.
func WriteJSON(w io.Writer, gb *Gradebook) error {
	b, err := json.MarshalIndent(gb, "", "  ")
	if err != nil {
		return fmt.Errorf("grade: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadJSON reads a gradebook written by WriteJSON.
func ReadJSON(r io.Reader) (*Gradebook, error) {
	var gb Gradebook
	dec := json.NewDecoder(r)
	if err := dec.Decode(&gb); err != nil {
		return nil, fmt.Errorf("grade: not a gradebook: %w", err)
	}
	if gb.Students == nil {
		return nil, fmt.Errorf("grade: not a gradebook: no \"students\"")
	}
	for _, s := range gb.Students {
		if s.ID == "" {
			return nil, fmt.Errorf("grade: not a gradebook: a student has no id")
		}
	}
	return &gb, nil
}
