package main

import (
	"flag"
	"fmt"

	"github.com/procbook/procbook/internal/workbook"
)

// hintFlags are the hint command's flags.
type hintFlags struct {
	all bool
}

func (f *hintFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.all, "all", false, "show every hint")
}

var cmdHint = &Command{
	Name:      "hint",
	UsageLine: "hint [--all] [qN]",
	Short:     "show the next hint for an exercise",
	Long: `Hint shows the hints for qN one at a time: each call shows the hints seen
so far and one more, gentle at first, nearly the answer at the end. What
you have seen is remembered in the workbook's .procbook/ folder, never in
your files. With --all, every hint at once.

Without qN it works on the exercise you are on: the one you chose in
'checker list', else the first that does not pass.`,
	Bind: bind(runHint),
}

func runHint(env *Env, f *hintFlags, args []string) int {
	ex, code, ok := exerciseArg(env, args)
	if !ok {
		return code
	}
	if !openBook(env, checkFlags{}) {
		return exitFailed
	}
	return runHintFor(env, ex, f.all)
}

// runHintFor shows the next hint of ex, or with all every hint.
func runHintFor(env *Env, ex workbook.Exercise, all bool) int {
	p := env.Paint
	if len(ex.Hints) == 0 {
		fmt.Fprintf(env.Stdout, "%s has no hints. Read %s, then run %s to see what fails.\n", ex.Name, ex.Chapter, p.cmd("go run ./checker run "+ex.Name))
		return exitOK
	}
	seen := env.Store.HintsShown(ex.Name)
	n := min(seen+1, len(ex.Hints))
	if all {
		n = len(ex.Hints)
	}
	if n != seen {
		if err := env.Store.SetHintsShown(ex.Name, n); err != nil {
			fmt.Fprintf(env.Stderr, "checker: warning: could not remember the hints shown: %v\n", err)
		}
	}
	fmt.Fprintf(env.Stdout, "%s — %s\n\n", p.bold(ex.Name), ex.Title)
	for i := range n {
		text := ex.Hints[i]
		label := fmt.Sprintf("Hint %d of %d:", i+1, len(ex.Hints))
		if i < seen && i < n-1 {
			fmt.Fprintf(env.Stdout, "%s %s\n\n", p.dim(label), p.dim(text))
		} else {
			fmt.Fprintf(env.Stdout, "%s %s\n\n", p.warn(label), text)
		}
	}
	if n < len(ex.Hints) {
		fmt.Fprintf(env.Stdout, "Next: try it, then %s. Still stuck? %s again for the next hint.\n",
			p.cmd("go run ./checker run "+ex.Name), p.cmd("go run ./checker hint "+ex.Name))
	} else {
		fmt.Fprintf(env.Stdout, "That is every hint. Next: %s; once it passes, %s shows the reference solution.\n",
			p.cmd("go run ./checker run "+ex.Name), p.cmd("go run ./checker solution "+ex.Name))
	}
	return exitOK
}
