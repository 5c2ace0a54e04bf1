// Package gradetest is what the tests of grading share: the archives that
// grading is tested with, hostile ones included (entries that climb out
// with "../", links that point out, bombs), built so that no binary
// fixture need be kept in git; and the check that a run left no process
// behind (Survivors).
package gradetest
