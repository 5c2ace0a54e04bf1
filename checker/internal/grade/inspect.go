package grade

// Inspected is a submission as grading found it, before its exercises are
// built: what the features that read submissions rather than run them
// (submission times, similarity) need. Its folders exist only while
// Options.Inspect runs.
type Inspected struct {
	Submission Submission
	// Root is the submission's folder, or its archive's unpacked copy.
	Root string
	// ExercisesDir is the folder in Root that holds its qN folders.
	ExercisesDir string
	// Found are the exercises it has a folder for, in manifest order, and
	// Sources the copies of their sources, by exercise name: the files
	// that are graded.
	Found   []string
	Sources map[string]string
}
