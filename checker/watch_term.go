package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/checker/internal/workspace"
	"github.com/procbook/procbook/internal/workbook"
)

// watchKeys are the keys of the interactive watch, as '?' lists them.
var watchKeys = [][2]string{
	{"n", "next exercise (once this one passes)"},
	{"h", "a hint, then the next one"},
	{"l", "the list of exercises: move, filter, continue from one"},
	{"c", "check every exercise again"},
	{"x", "reset this exercise to its stub (asks first; 'checker reset --undo' brings yours back)"},
	{"t", "the timeline of the last run: which process ran what, and when"},
	{"s", "the reference solution (once this one passes)"},
	{"r", "run the check again now"},
	{"e", "open the exercise in $VISUAL or $EDITOR"},
	{"?", "these keys"},
	{"q", "quit (Ctrl-C too)"},
}

// watchScreen is the interactive watch: what is on the screen and what is
// going on.
type watchScreen struct {
	env *Env
	t   *terminal
	how string // how files are watched

	stands []progress.Standing
	cur    int // the exercise on screen; -1 when all are done

	checking string             // what is being checked, "" when nothing is
	cancel   context.CancelFunc // stops the check under way
	done     chan checked       // the check's outcome

	note    string // what the last key asked to see, under the verdict
	confirm string // a question waiting for y, and what y does
	onYes   func()
	toolErr string // the last tool error, shown until the next check
}

// checked is the outcome of a check run in the background.
type checked struct {
	find   bool // the current exercise was looked for: stands and cur
	all    bool // every exercise was checked (key c): stands
	stands []progress.Standing
	cur    int
	st     progress.Standing
	err    error
}

// watchTerminal is watch on a terminal: single keys, the screen redrawn for
// each check, the progress bar at the bottom. The terminal is restored on
// every way out.
func watchTerminal(env *Env, f *watchFlags, in *os.File) int {
	t, err := openTerminal(in, env.Stdout)
	if err != nil {
		return watchLines(env, f)
	}
	defer t.Close()
	changes, how, stop := watchFiles(env, f.poll, f.interval)
	defer stop()
	w := &watchScreen{env: env, t: t, how: how, cur: -1}
	code := w.loop(changes)
	t.Close()
	w.farewell()
	return code
}

func (w *watchScreen) loop(changes *changeSet) int {
	env := w.env
	w.startFind()
	w.draw("looking for the exercise you are on …")
	for {
		select {
		case <-env.Ctx.Done():
			w.stopCheck()
			return exitOK
		case <-changes.C():
			drain(changes.C(), settle)
			changed := changes.take()
			if w.cur >= 0 && changed[w.stands[w.cur].Exercise.Name] {
				w.start(w.stands[w.cur].Exercise)
				w.draw("")
			}
		case c := <-w.done:
			w.finish(c)
			w.draw("")
		case k := <-w.t.Keys():
			if quit := w.key(k); quit {
				w.stopCheck()
				return exitOK
			}
			w.draw("")
		}
	}
}

// start checks ex in the background, stopping a check under way.
func (w *watchScreen) start(ex workbook.Exercise) {
	w.stopCheck()
	ctx, cancel := context.WithCancel(w.env.Ctx)
	w.checking, w.cancel, w.toolErr = ex.Name, cancel, ""
	done := make(chan checked, 1)
	w.done = done
	go func() {
		st, err := w.env.Book.Check(ctx, ex)
		done <- checked{st: st, err: err}
	}()
}

// startFind works out, in the background, which exercise the learner is
// on, checking those whose record cannot say (progress.Book.Find).
func (w *watchScreen) startFind() {
	ctx, cancel := context.WithCancel(w.env.Ctx)
	w.checking, w.cancel = "where you are", cancel
	done := make(chan checked, 1)
	w.done = done
	go func() {
		stands, cur, err := w.env.Book.Find(ctx)
		if err == nil && stands == nil {
			err = ctx.Err()
		}
		done <- checked{find: true, stands: stands, cur: cur, err: err}
	}()
}

// startAll checks every exercise again, in parallel, in the background.
func (w *watchScreen) startAll() {
	w.stopCheck()
	ctx, cancel := context.WithCancel(w.env.Ctx)
	w.checking, w.cancel, w.toolErr = "every exercise", cancel, ""
	done := make(chan checked, 1)
	w.done = done
	book := w.env.Book
	go func() {
		stands := make([]progress.Standing, len(book.Exercises))
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(parallelism())
		for i, ex := range book.Exercises {
			g.Go(func() error {
				st, err := book.Check(gctx, ex)
				stands[i] = st
				if _, unrecorded := err.(*progress.RecordError); unrecorded {
					return nil
				}
				return err
			})
		}
		err := g.Wait()
		done <- checked{all: true, stands: stands, err: err}
	}()
}

// stopCheck stops the check under way, if any, and waits for it: every
// process it started is dead when it returns.
func (w *watchScreen) stopCheck() {
	if w.checking == "" {
		return
	}
	w.cancel()
	<-w.done
	w.checking, w.done = "", nil
}

// finish takes in the outcome of a check.
func (w *watchScreen) finish(c checked) {
	w.cancel()
	w.checking, w.done = "", nil
	if c.err != nil {
		if _, unrecorded := c.err.(*progress.RecordError); !unrecorded {
			w.toolErr = c.err.Error()
			if w.stands == nil {
				w.stands, _ = w.env.Book.Survey(w.env.Ctx, false, 1)
			}
			return
		}
	}
	if w.env.Ctx.Err() != nil {
		return
	}
	if c.find {
		w.stands, w.cur = c.stands, c.cur
		if w.cur >= 0 && w.stands[w.cur].Result == nil {
			w.start(w.stands[w.cur].Exercise) // not started: its verdict is yet to be seen
		}
		return
	}
	if c.all {
		w.stands = c.stands
		w.note = w.table()
		if w.cur < 0 {
			w.cur = w.env.Book.CurrentIn(w.stands)
		}
		return
	}
	if i := w.env.Book.Index(c.st.Exercise.Name); i >= 0 {
		w.stands[i] = c.st
		w.cur = i
	}
	w.note = ""
}

// key does what key k says; it returns true to quit.
func (w *watchScreen) key(k key) bool {
	if w.confirm != "" {
		yes := k == 'y' || k == 'Y'
		onYes := w.onYes
		w.confirm, w.onYes, w.note = "", nil, ""
		if yes {
			onYes()
		} else {
			w.note = "Nothing was changed."
		}
		return false
	}
	switch k {
	case 'q', keyCtrlC, keyCtrlD, keyEscape:
		return true
	case '?':
		w.note = keysHelp(w.env.Paint, watchKeys)
		return false
	}
	if w.checking != "" {
		w.note = "A check is under way: q or Ctrl-C stops it and quits."
		return false
	}
	if w.stands == nil {
		return false // still looking for the exercise you are on
	}
	if w.cur < 0 {
		switch k {
		case 'c':
			w.startAll()
		case 'l':
			return w.list()
		default:
			w.note = "Every exercise passes: q quits, l lists them, c checks them all again."
		}
		return false
	}
	st := w.stands[w.cur]
	ex := st.Exercise
	switch k {
	case 'n':
		if st.Status != progress.Done {
			w.note = fmt.Sprintf("n moves on once %s passes; it does not yet.", ex.Name)
			return false
		}
		next := progress.NextAfter(w.stands, w.cur)
		if next < 0 {
			w.cur = -1
			w.note = ""
			return false
		}
		w.choose(next)
	case 'h':
		w.note = w.capture(func(env *Env) { runHintFor(env, ex, false) })
	case 'l':
		return w.list()
	case 'c':
		w.startAll()
	case 'x':
		w.confirm = fmt.Sprintf("Reset %s to its original stub? Your version is kept in a backup. y resets, any other key does not.", ex.Name)
		w.onYes = func() {
			w.stopCheck() // a save may have started one since x
			w.note = w.capture(func(env *Env) { resetOne(env, ex) })
			w.start(ex)
		}
	case 't':
		width, _ := w.t.Size()
		f := timelineFlags{width: min(max(width-34, 20), 120), tasks: 12}
		w.note = w.capture(func(env *Env) { drawTimeline(env, ex, f) })
	case 's':
		if st.Status != progress.Done {
			w.note = fmt.Sprintf("The solution shows once %s passes. Stuck? h gives a hint.", ex.Name)
			return false
		}
		w.note = w.capture(func(env *Env) { printSolution(env, ex) })
	case 'r', keyEnter:
		w.start(ex)
	case 'e':
		w.edit(ex)
	default:
		w.note = fmt.Sprintf("No key %q here; ? lists the keys.", string(rune(k)))
	}
	return false
}

// choose makes exercise i the one watched, and checks it.
func (w *watchScreen) choose(i int) {
	ex := w.stands[i].Exercise
	if err := w.env.Book.Choose(ex); err != nil {
		w.toolErr = err.Error()
	}
	w.cur, w.note = i, ""
	w.start(ex)
}

// list shows the interactive list; continuing from an exercise there
// makes it the one watched. It returns true when the learner left the
// program from the list (Ctrl-C).
func (w *watchScreen) list() (quit bool) {
	stands, err := w.env.Book.Survey(w.env.Ctx, false, 1)
	if err != nil {
		w.toolErr = err.Error()
		return false
	}
	w.stands = stands
	i, chosen, interrupted := runListScreen(w.env, w.t, stands, w.cur)
	if interrupted {
		return true
	}
	if chosen {
		w.choose(i)
		return false
	}
	if w.cur >= 0 {
		w.stands[w.cur], _ = w.env.Book.Recorded(w.stands[w.cur].Exercise)
	}
	w.note = ""
	return false
}

// edit opens ex in the learner's editor, lending it the terminal.
func (w *watchScreen) edit(ex workbook.Exercise) {
	argv, err := editorCommand(w.env.Root, ex)
	if err != nil {
		w.note = err.Error()
		return
	}
	if err := w.t.lend(func() error { return runEditor(w.env, w.t, argv) }); err != nil {
		w.note = fmt.Sprintf("The editor (%s) ended with %v.", strings.Join(argv, " "), err)
	}
}

// runEditor runs the editor argv on the terminal t.
func runEditor(env *Env, t *terminal, argv []string) error {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = t.in, env.Stdout, env.Stderr
	return cmd.Run()
}

// editorCommand is the learner's editor ($VISUAL, else $EDITOR, which may
// hold arguments) opening ex's main file, or its folder when it has none.
func editorCommand(root string, ex workbook.Exercise) ([]string, error) {
	ed := os.Getenv("VISUAL")
	if ed == "" {
		ed = os.Getenv("EDITOR")
	}
	argv := strings.Fields(ed)
	if len(argv) == 0 {
		return nil, fmt.Errorf("Neither $VISUAL nor $EDITOR names an editor: set one (for instance export EDITOR=nano), then press e again.")
	}
	dir := workspace.ExerciseDir(root, ex)
	target := filepath.Join(dir, "main.go")
	if _, err := os.Stat(target); err != nil {
		target = dir
	}
	return append(argv, target), nil
}

// capture returns what fn prints, in colour if the screen has it.
func (w *watchScreen) capture(fn func(env *Env)) string {
	var b bytes.Buffer
	sub := *w.env
	sub.Stdout, sub.Stderr = &b, &b
	fn(&sub)
	return strings.TrimRight(b.String(), "\n")
}

// table is the list of exercises as the list command prints it.
func (w *watchScreen) table() string {
	return w.capture(func(env *Env) { printTable(env, w.stands) })
}

// draw redraws the screen: the verdict on the exercise watched, the hint
// after a failure, what a key asked for, the keys, and the progress bar at
// the bottom. status, if set, replaces the verdict.
func (w *watchScreen) draw(status string) {
	p := w.env.Paint
	var b strings.Builder
	switch {
	case status != "":
		b.WriteString(p.dim(status) + "\n")
	case w.cur < 0:
		fmt.Fprintf(&b, "%s Every exercise passes.\n\nCompare yours with the reference solutions (%s), or look at the timelines (%s).\n",
			p.pass("All done!"), p.cmd("go run ./checker solution qN"), p.cmd("go run ./checker timeline qN"))
	default:
		st := w.stands[w.cur]
		ex := st.Exercise
		when := ""
		if !st.When.IsZero() {
			when = " · checked " + st.When.Local().Format("15:04:05")
		}
		fmt.Fprintf(&b, "%s\n\n", p.dim(fmt.Sprintf("watching exercises/%s/ (%s)%s", ex.Name, w.how, when)))
		switch {
		case w.checking != "" && st.Result == nil:
			fmt.Fprintf(&b, "%s %s\n", p.bold(ex.Name+" "+ex.Title+":"), p.dim("checking …"))
		case st.Result == nil:
			fmt.Fprintf(&b, "%s %s\n", p.bold(ex.Name+" "+ex.Title+":"), st.Status)
		default:
			b.WriteString(w.capture(func(env *Env) { report(env, ex, st.Result) }) + "\n")
			if st.Status == progress.Done {
				fmt.Fprintf(&b, "\n%s %s passes. Compare yours with the reference solution (%s) and see how its processes ran (%s); %s moves on.\n",
					p.pass("✓"), ex.Name, p.bold("s"), p.bold("t"), p.bold("n"))
			} else {
				b.WriteString(w.capture(func(env *Env) { reportHint(env, ex) }) + "\n")
			}
		}
	}
	if w.checking != "" {
		fmt.Fprintf(&b, "\n%s\n", p.dim("checking "+w.checking+" … (q or Ctrl-C stops)"))
	}
	if w.toolErr != "" {
		fmt.Fprintf(&b, "\n%s %s\n", p.fail("checker: tool error:"), w.toolErr)
	}
	if w.note != "" {
		fmt.Fprintf(&b, "\n%s\n", w.note)
	}
	if w.confirm != "" {
		fmt.Fprintf(&b, "\n%s\n", p.warn(w.confirm))
	}
	fmt.Fprintf(&b, "\n%s\n", keyLine(p, "n next", "h hint", "l list", "t timeline", "s solution", "r rerun", "e edit", "? more keys", "q quit"))
	if w.stands != nil {
		b.WriteString(progressBar(p, w.stands))
	}
	w.t.Draw(b.String())
}

// farewell is what is said once the terminal is restored, under the last
// screen (whose last line is the progress bar).
func (w *watchScreen) farewell() {
	p := w.env.Paint
	if w.cur < 0 && w.stands != nil {
		fmt.Fprintf(w.env.Stdout, "%s Every exercise passes.\n", p.pass("All done!"))
		return
	}
	fmt.Fprintf(w.env.Stdout, "Bye. Next time: %s.\n", p.cmd("go run ./checker watch"))
}

// keyLine is a line of keys, "n next · h hint", each key in bold.
func keyLine(p palette, keys ...string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		name, what, _ := strings.Cut(k, " ")
		parts[i] = p.bold(name) + " " + what
	}
	return strings.Join(parts, " · ")
}

// keysHelp lists keys with what they do.
func keysHelp(p palette, keys [][2]string) string {
	var b strings.Builder
	b.WriteString("Keys:\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s  %s\n", p.bold(k[0]), k[1])
	}
	return strings.TrimRight(b.String(), "\n")
}
