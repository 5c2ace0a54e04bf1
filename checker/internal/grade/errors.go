package grade

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Compare with errors.Is: the package wraps them with the
// facts of each case (an *EntryError names the archive and the entry).
var (
	// ErrPathOut is an archive entry whose name would land outside the
	// folder it is unpacked into ("../../x", "/etc/x"): a zip-slip.
	ErrPathOut = errors.New("grade: path leaves the submission")

	// ErrLinkOut is a symbolic or hard link that points outside the
	// submission; it is refused rather than followed.
	ErrLinkOut = errors.New("grade: link points outside the submission")

	// ErrTooBig is a submission larger than Limits allow, in all or in one
	// file.
	ErrTooBig = errors.New("grade: submission too big")

	// ErrTooManyFiles is a submission with more files than Limits allow.
	ErrTooManyFiles = errors.New("grade: submission has too many files")

	// ErrUnsupported is an entry of the class folder that is neither a
	// folder, a .zip nor a .tar.gz, or an archive entry of a kind that has
	// no place in a submission (a device, a fifo).
	ErrUnsupported = errors.New("grade: unsupported")

	// ErrNoExercises is a submission with no exercises folder in it, nor
	// any qN folder.
	ErrNoExercises = errors.New("grade: no exercises found in the submission")

	// ErrDuplicate is one student id given twice: alice/ and alice.zip in
	// the same class, or alice in two gradebooks being merged.
	ErrDuplicate = errors.New("grade: student appears twice")

	// ErrBadShard is a --shard value that is not K/N with 1 <= K <= N.
	ErrBadShard = errors.New("grade: shard must be K/N with 1 <= K <= N")

	// ErrSnapshotChanged is the copy of the workbook that grading works
	// from changed while the class was graded: something other than the
	// grader wrote it.
	ErrSnapshotChanged = errors.New("grade: the workbook's snapshot changed during grading")

	// ErrMismatch is an attempt to merge gradebooks graded against
	// different tests, or different slicings of a class.
	ErrMismatch = errors.New("grade: gradebooks do not match")
)

// EntryError is a problem with one entry of a submission: a file inside an
// archive or a folder. It wraps one of the sentinel errors.
type EntryError struct {
	Submission string // the submission as found in the class folder: "alice.zip"
	Entry      string // the entry's name as given in the submission: "../../etc/passwd"
	Err        error  // what is wrong with it
}

func (e *EntryError) Error() string {
	return fmt.Sprintf("grade: %s: %s: %s", e.Submission, e.Entry, strings.TrimPrefix(e.Err.Error(), "grade: "))
}

func (e *EntryError) Unwrap() error { return e.Err }

// kindError is an archive entry of a kind that has no place in a
// submission: a fifo, a device, a socket. It wraps ErrUnsupported, and
// says what the entry is in plain words, and what a submission may hold.
type kindError struct {
	Kind string // in plain words: "a named pipe (fifo)"
}

func (e *kindError) Error() string {
	return e.Kind + ": a submission holds only files, folders and links"
}

func (e *kindError) Unwrap() error { return ErrUnsupported }
