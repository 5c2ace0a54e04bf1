package main

import (
	"flag"
	"fmt"
	"path"
	"sort"

	"github.com/procbook/procbook/checker/internal/workspace"
)

var solutionFlags struct {
	checkFlags
	force bool
}

var cmdSolution = &Command{
	Name:      "solution",
	UsageLine: "solution [--force] qN",
	Short:     "show the reference solution of an exercise you have solved",
	Long: `Solution prints the reference solution of qN (solutions/qN), once your
exercise passes: comparing is how you learn the most from it. If the
exercise's record cannot say whether it passes, it is checked first.
With --force it is shown even before.`,
	SetFlags: func(fs *flag.FlagSet) {
		solutionFlags.checkFlags.register(fs)
		fs.BoolVar(&solutionFlags.force, "force", false, "show it even if the exercise does not pass yet")
	},
	Run: runSolution,
}

func runSolution(env *Env, args []string) int {
	ex, code, ok := exerciseArg(env, args)
	if !ok {
		return code
	}
	if err := solutionFlags.valid(); err != nil {
		return usageError(env, "%v", err)
	}
	if !openStore(env) {
		return exitFailed
	}
	p := env.Paint
	if !solutionFlags.force {
		st, err := current(env, ex, solutionFlags.checkFlags)
		if err != nil {
			return toolError(env, err, "run the command again")
		}
		if st.Status != done {
			fmt.Fprintf(env.Stdout, "%s does not pass yet (%s), so its solution stays hidden.\n", ex.Name, st.Status)
			fmt.Fprintf(env.Stdout, "Next: %s for help, or %s to look anyway.\n",
				p.cmd("go run ./checker hint "+ex.Name), p.cmd("go run ./checker solution --force "+ex.Name))
			return exitFailed
		}
	}
	dir := workspace.SolutionDir(env.Root, ex)
	files, err := workspace.ReadFiles(dir)
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("the workbook has no reference solution in %s", dir)
	}
	if err != nil {
		return toolError(env, err, "restore solutions/"+ex.Name+" from the workbook's repository (git checkout)")
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(env.Stdout, "%s\n%s\n", p.bold("── "+path.Join("solutions", ex.Name, n)+" ──"), files[n])
	}
	fmt.Fprintf(env.Stdout, "Next: compare it with yours in exercises/%s/, then %s.\n", ex.Name, p.cmd("go run ./checker"))
	return exitOK
}
