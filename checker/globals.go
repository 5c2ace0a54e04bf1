package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/procbook/procbook/checker/internal/workspace"
)

// globalFlags are the flags every command takes, before or after its name.
type globalFlags struct {
	root  string
	color string
}

func (g *globalFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&g.root, "root", "", "the workbook's root folder (default: found from the current folder, or $"+workspace.RootEnv+")")
	fs.StringVar(&g.color, "color", "auto", "colour: auto (on a terminal), always or never; NO_COLOR turns it off whatever this says")
}

// apply completes env from the flags: colour, and, for commands that work
// on a workbook, its root and the checker's state.
func (g *globalFlags) apply(env *Env, cmd *Command) error {
	switch g.color {
	case "auto":
		env.Color = isTerminal(env.Stdout) && os.Getenv("TERM") != "dumb"
	case "always":
		env.Color = true
	case "never":
		env.Color = false
	default:
		return fmt.Errorf("--color must be auto, always or never, not %q", g.color)
	}
	if os.Getenv("NO_COLOR") != "" {
		env.Color = false
	}
	env.Paint = palette{on: env.Color}
	if cmd.NoWorkbook {
		return nil
	}
	root, err := findRoot(g.root)
	if err != nil {
		return err
	}
	env.Root = root
	return nil
}

// findRoot returns the workbook's root: flag, else $PROCBOOK_ROOT, else the
// nearest folder up from the current one with a go.mod, which must be the
// workbook's.
func findRoot(flagRoot string) (string, error) {
	var root string
	var err error
	how := ""
	switch env := os.Getenv(workspace.RootEnv); {
	case flagRoot != "":
		root, err = workspace.CheckRoot(flagRoot)
		how = "--root: "
	case env != "":
		root, err = workspace.CheckRoot(env)
		how = "$" + workspace.RootEnv + ": "
	default:
		var wd string
		if wd, err = os.Getwd(); err == nil {
			root, err = workspace.FindRoot(wd)
		}
	}
	var nw *workspace.NotWorkbookError
	if errors.As(err, &nw) {
		why := "no go.mod there or above"
		if nw.GoMod != "" {
			why = fmt.Sprintf("%s is module %q", nw.GoMod, nw.Module)
		}
		return "", fmt.Errorf("%s%s is not in a procbook workbook (%s); cd into the folder where you cloned procbook, or pass --root DIR",
			how, nw.Dir, why)
	}
	return root, err
}
