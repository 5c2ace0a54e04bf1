package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/procbook/procbook/checker/internal/atomicfile"
	"github.com/procbook/procbook/checker/internal/timeline"
	"github.com/procbook/procbook/internal/workbook"
)

// timelineFlags are the timeline command's flags.
type timelineFlags struct {
	width int
	tasks int
	svg   string
}

func (f *timelineFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&f.width, "width", 60, "columns for the time axis")
	fs.IntVar(&f.tasks, "tasks", 40, "list at most this many tasks under the picture (0: all)")
	fs.StringVar(&f.svg, "svg", "", "also write the picture as SVG to this file")
}

var cmdTimeline = &Command{
	Name:      "timeline",
	UsageLine: "timeline [--width N] [--tasks N] [--svg FILE] [qN]",
	Short:     "draw which process ran what, and when, in the last run",
	Long: `Timeline draws the trace of the last run of qN (kept by 'checker run'):
a row per process, from its start to its exit, and on a pool worker's row
a bar per task, each starting with the task's number. Under the picture,
the list of tasks with their times. q5's work log shows the pool's FIFO
schedule; q6 shows four children side by side.

Neighbouring tasks alternate between two shades; a column where several
tasks ran shows how many. A pool's workers end with the pool: Close and
Join let them exit, Terminate kills them, which is how a pool ends.

With --svg FILE the same picture is written as SVG too, for a chapter or
a handout.

Without qN it works on the exercise you are on: the one you chose in
'checker list', else the first that does not pass.`,
	Bind: bind(runTimeline),
}

func runTimeline(env *Env, f *timelineFlags, args []string) int {
	ex, code, ok := exerciseArg(env, args)
	if !ok {
		return code
	}
	if f.width < 20 || f.width > 1000 {
		return usageError(env, "--width must be between 20 and 1000")
	}
	if !openBook(env, checkFlags{}) {
		return exitFailed
	}
	code = drawTimeline(env, ex, *f)
	if code == exitOK {
		fmt.Fprintf(env.Stdout, "\nNext: %s to see where you stand; %s after the next run draws it again.\n",
			env.Paint.cmd("go run ./checker"), env.Paint.cmd("go run ./checker timeline "+ex.Name))
	}
	return code
}

// drawTimeline draws the timeline of ex's last run, as f says, and
// returns the exit code: it fails when there is nothing to draw.
func drawTimeline(env *Env, ex workbook.Exercise, f timelineFlags) int {
	p := env.Paint
	trace, err := os.Open(env.Store.TracePath(ex.Name))
	if errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(env.Stdout, "There is no trace of %s's last run: it has not been checked yet, or did not build.\nNext: %s, then %s.\n", ex.Name,
			p.cmd("go run ./checker run "+ex.Name), p.cmd("go run ./checker timeline "+ex.Name))
		return exitFailed
	}
	if err != nil {
		return toolError(env, err, "run 'go run ./checker run "+ex.Name+"' to write a new trace")
	}
	defer trace.Close()
	events, skipped, err := timeline.Read(trace)
	if err != nil {
		return toolError(env, err, "run 'go run ./checker run "+ex.Name+"' to write a new trace")
	}
	tl, err := timeline.Build(events)
	if errors.Is(err, timeline.ErrEmpty) {
		fmt.Fprintf(env.Stdout, "The last run of %s started no process through the process library: there is nothing to draw.\n", ex.Name)
		fmt.Fprintf(env.Stdout, "Next: start processes with process.New or a pool (see %s), then %s.\n", ex.Chapter, p.cmd("go run ./checker run "+ex.Name))
		return exitFailed
	}
	if err != nil {
		return toolError(env, err, "run 'go run ./checker run "+ex.Name+"' again")
	}
	title := ex.Name + " · " + ex.Title
	fmt.Fprintf(env.Stdout, "%s — the last run: %d processes, %d tasks\n\n", p.bold(title), len(tl.Procs), tl.Tasks())
	tl.Render(env.Stdout, timeline.Style{Width: f.width, Paint: p.role, MaxTasks: f.tasks})
	if skipped > 0 {
		fmt.Fprintf(env.Stdout, "\n(%d lines of the trace were not events and were skipped: a process killed mid-write)\n", skipped)
	}
	if f.svg != "" {
		err := atomicfile.WriteFunc(f.svg, func(w io.Writer) error { return tl.SVG(w, title) })
		if err == nil {
			// A picture to share: readable by all, as a file the editor saves
			// (atomicfile's temporary file is the owner's only).
			err = os.Chmod(f.svg, 0o644)
		}
		if err != nil {
			return toolError(env, err, "give --svg a file in a folder that exists and can be written")
		}
		fmt.Fprintf(env.Stdout, "\nWrote the picture as SVG to %s.\n", f.svg)
	}
	return exitOK
}
