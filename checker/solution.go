package main

import (
	"flag"
	"fmt"
	"path"
	"sort"

	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/checker/internal/workspace"
	"github.com/procbook/procbook/internal/workbook"
)

// solutionFlags are the solution command's flags.
type solutionFlags struct {
	checkFlags
	force bool
}

func (f *solutionFlags) register(fs *flag.FlagSet) {
	f.checkFlags.register(fs)
	fs.BoolVar(&f.force, "force", false, "show it even if the exercise does not pass yet")
}

var cmdSolution = &Command{
	Name:      "solution",
	UsageLine: "solution [--force] [qN]",
	Short:     "show the reference solution of an exercise you have solved",
	Long: `Solution prints the reference solution of qN (solutions/qN), once your
exercise passes: comparing is how you learn the most from it. If the
exercise's record cannot say whether it passes, it is checked first.
With --force it is shown even before.

Without qN it works on the exercise you are on: the one you chose in
'checker list', else the first that does not pass.`,
	Bind: bind(runSolution),
}

func runSolution(env *Env, f *solutionFlags, args []string) int {
	ex, code, ok := exerciseArg(env, args)
	if !ok {
		return code
	}
	if err := f.valid(); err != nil {
		return usageError(env, "%v", err)
	}
	if !openBook(env, f.checkFlags) {
		return exitFailed
	}
	p := env.Paint
	if !f.force {
		st, err := env.Book.Standing(env.Ctx, ex)
		if err != nil {
			return toolError(env, err, "run the command again")
		}
		if st.Status != progress.Done {
			fmt.Fprintf(env.Stdout, "%s does not pass yet (%s), so its solution stays hidden.\n", ex.Name, st.Status)
			fmt.Fprintf(env.Stdout, "Next: %s for help, or %s to look anyway.\n",
				p.cmd("go run ./checker hint "+ex.Name), p.cmd("go run ./checker solution --force "+ex.Name))
			return exitFailed
		}
	}
	if code := printSolution(env, ex); code != exitOK {
		return code
	}
	fmt.Fprintf(env.Stdout, "Next: compare it with yours in exercises/%s/, then %s.\n", ex.Name, p.cmd("go run ./checker"))
	return exitOK
}

// printSolution prints the files of ex's reference solution.
func printSolution(env *Env, ex workbook.Exercise) int {
	p := env.Paint
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
	return exitOK
}
