package main

// cmdGrade grades a class's submissions. This placeholder stands in until
// the grading command lands.
var cmdGrade = &Command{
	Name:      "grade",
	UsageLine: "grade DIR",
	Short:     "grade a folder of submissions (not available yet)",
	Long:      "Grade is not available yet in this version of the checker.",
	Run: func(env *Env, args []string) int {
		env.Stderr.Write([]byte("checker grade: not available yet in this version of the checker.\nNext: update the workbook (git pull) to get it.\n"))
		return exitFailed
	},
}
