// Package grade grades a whole class: it takes a folder of submissions (one
// folder, .zip or .tar.gz per student), keeps only each student's
// exercises/qN sources, checks them against the instructor's own copy of the
// workbook (its tests, its scenarios, its process library), and produces a
// gradebook and feedback for each student.
//
// The pieces, one per file:
//
//   - class.go finds the students in a class folder;
//   - unpack.go unpacks archives safely (no path or link out of the target,
//     limits on size and file count);
//   - sources.go finds a submission's exercises and copies their sources;
//   - hash.go hashes sources and the instructor's tests, for the cache;
//   - cache.go keeps results by those hashes, so a regrade redoes only what
//     changed;
//   - grader.go runs the submissions in parallel;
//   - exercise.go grades one exercise of one submission, in a workspace of
//     its own, with a time limit, sharing the grade with any other student
//     whose sources are the same;
//   - score.go turns the scenario runner's verdict into points;
//   - reap_linux.go kills whatever a submission left running;
//   - gradebook.go is the gradebook, and format_*.go and feedback.go write it:
//     JSON, CSV, Canvas's and Moodle's CSVs, JUnit (Ant's report) and
//     Surefire's, Gradescope's and Exercism's results.json, and an HTML
//     report, each to the specification of the tool that reads it (the
//     schemas are under testdata/schema);
//   - hidden.go adds an instructor's hidden scenarios and quiz keys;
//   - inspect.go shows each submission, before it is graded, to what reads
//     submissions rather than runs them: late.go (the submission's time,
//     from gitdate.go's reading of its last commit, and the late penalty)
//     and similarity.go (pairs of students whose sources are alike);
//   - gradetest builds archives, hostile ones included, for the tests;
//   - shard.go and merge.go split a class over machines and join it again.
package grade
