// The exercises are a module of their own so that the workbook's
// 'go test ./...' never builds them: they are the learner's, half done or
// not compiling. The checker builds each exercise inside the workbook's
// module (it hides this file); this module is for the learner's editor and
// for 'go -C exercises run ./q3'.
module github.com/procbook/procbook/exercises

go 1.26.8

require github.com/procbook/procbook v0.0.0

require golang.org/x/sys v0.50.0 // indirect

replace github.com/procbook/procbook => ../
