package workbook

// All is the workbook, in the order a learner works through it. Each
// exercise is declared in its own file, manifest_<name>.go.
var All = []Exercise{q1, q2, q3, q4, q5, q6}
