package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/procbook/procbook/checker/internal/progress"
)

// watchFlags are the watch command's flags.
type watchFlags struct {
	checkFlags
	poll     bool
	interval time.Duration
}

func (f *watchFlags) register(fs *flag.FlagSet) {
	f.checkFlags.register(fs)
	fs.BoolVar(&f.poll, "poll", false, "poll for changes instead of using file notifications")
	fs.DurationVar(&f.interval, "interval", time.Second, "how often to poll")
}

var cmdWatch = &Command{
	Name:      "watch",
	UsageLine: "watch [--poll] [--interval D] [--timeout D]",
	Short:     "re-check the exercise you are on each time you save",
	Long: `Watch checks the exercise you are on, then checks it again each time one of
its files under exercises/ is saved.

On a terminal the screen is redrawn for each check: the verdict, the hint
after a failure, the keys and the progress bar at the bottom. A pass stops
on the exercise, to look at its solution and timeline; n moves on. Keys,
without Enter:
	n	next exercise (once this one passes)
	h	a hint, then the next one
	l	the list of exercises (as 'checker list'; Enter continues from one)
	c	check every exercise again
	x	reset this exercise to its stub (asks first)
	t	the timeline of the last run
	s	the reference solution (once this one passes)
	r	run the check again now
	e	open the exercise in $VISUAL or $EDITOR
	?	the keys
	q	quit (Ctrl-C too)

Without a terminal it prints each verdict after the last, moves on to the
next exercise when one passes and ends when every exercise passes; keys
are lines (the letter, then Enter): h hint, l list, r check again, q quit.

It uses the system's file notifications; where there are none (some
network and container file systems) it polls every --interval. --poll
forces polling.

Exit status: 0 when every exercise passes, or you quit.`,
	Bind: bind(runWatch),
}

// settle is how long watch waits after a change for the writes that follow
// it (an editor saves in several steps) before checking.
const settle = 150 * time.Millisecond

func runWatch(env *Env, f *watchFlags, args []string) int {
	if code, ok := noArgs(env, args); !ok {
		return code
	}
	if err := f.valid(); err != nil {
		return usageError(env, "%v", err)
	}
	if f.interval < 10*time.Millisecond {
		return usageError(env, "--interval must be at least 10ms")
	}
	if !openBook(env, f.checkFlags) {
		return exitFailed
	}
	// The watch draws its own "checking" line.
	env.Quiet = true
	if in, ok := interactive(env); ok {
		return watchTerminal(env, f, in)
	}
	return watchLines(env, f)
}

// watchLines is watch without a terminal: the verdicts one after the
// other, and keys as lines (a letter, then Enter).
func watchLines(env *Env, f *watchFlags) int {
	p := env.Paint
	changes, how, stop := watchFiles(env, f.poll, f.interval)
	defer stop()
	keys := readKeys(env.Stdin)

	stands, cur, err := findCurrent(env, false)
	if err != nil {
		return toolError(env, err, "run 'go run ./checker watch' again")
	}
	if env.Ctx.Err() != nil {
		return exitOK
	}
	show := func() bool {
		printProgress(env, stands)
		if cur < 0 {
			fmt.Fprintf(env.Stdout, "\n%s Every exercise passes; nothing left to watch.\n", p.pass("All done!"))
			return true
		}
		fmt.Fprintln(env.Stdout)
		if !stands[cur].Fresh {
			fmt.Fprintln(env.Stdout, p.dim(unchangedNote(stands[cur].When)))
		}
		report(env, stands[cur].Exercise, stands[cur].Result)
		if stands[cur].Status != progress.Done {
			reportHint(env, stands[cur].Exercise)
		}
		fmt.Fprintf(env.Stdout, "\nWatching exercises/ for saves (%s). Keys, then Enter: %s hint · %s list · %s check again · %s quit\n",
			how, p.bold("h"), p.bold("l"), p.bold("r"), p.bold("q"))
		return false
	}
	if show() {
		return exitOK
	}
	recheck := func() bool {
		ex := stands[cur].Exercise
		fmt.Fprintf(env.Stdout, "\n%s\n", p.dim(fmt.Sprintf("── %s: checking %s …", time.Now().Format("15:04:05"), ex.Name)))
		st, err := checkExercise(env, ex)
		if err != nil {
			toolError(env, err, "save again, or press r and Enter to retry")
			return false
		}
		if env.Ctx.Err() != nil {
			return false
		}
		if st.Status == progress.Done {
			fmt.Fprintf(env.Stdout, "%s %s passes. Moving on.\n", p.pass("✓"), ex.Name)
			fmt.Fprintf(env.Stdout, "Compare yours with the reference solution: %s; see how its processes ran: %s.\n",
				p.cmd("go run ./checker solution "+ex.Name), p.cmd("go run ./checker timeline "+ex.Name))
			if stands, cur, err = findCurrent(env, false); err != nil {
				toolError(env, err, "press r and Enter to retry")
				return false
			}
		} else {
			stands[cur] = st
		}
		return show()
	}

	for {
		select {
		case <-env.Ctx.Done():
			fmt.Fprintln(env.Stdout, "\nStopped watching.")
			return exitOK
		case <-changes.C():
			drain(changes.C(), settle)
			if !changes.take()[stands[cur].Exercise.Name] {
				continue // another exercise's files: not the one being watched
			}
			if recheck() {
				return exitOK
			}
		case k, ok := <-keys:
			if !ok {
				keys = nil // stdin ended: keep watching files
				continue
			}
			switch k {
			case "q", "quit":
				fmt.Fprintf(env.Stdout, "Bye. Next time: %s.\n", p.cmd("go run ./checker watch"))
				return exitOK
			case "h", "hint":
				fmt.Fprintln(env.Stdout)
				runHintFor(env, stands[cur].Exercise, false)
			case "l", "list":
				fmt.Fprintln(env.Stdout)
				if st, err := env.Book.Survey(env.Ctx, false, 1); err == nil {
					printTable(env, st)
				}
			case "", "r":
				if recheck() {
					return exitOK
				}
			default:
				fmt.Fprintf(env.Stdout, "Unknown key %q. Keys, then Enter: h hint · l list · r check again · q quit\n", k)
			}
		}
	}
}

// drain swallows the changes that follow one within d of each other, so
// that an editor's several writes for one save make one check.
func drain(changes <-chan struct{}, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-changes:
			t.Reset(d)
		case <-t.C:
			return
		}
	}
}

// readKeys sends each line typed on r, trimmed and lower-cased, and closes
// the channel when r ends. (The goroutine ends with r; when watch returns
// first, the process is about to exit.)
func readKeys(r io.Reader) <-chan string {
	keys := make(chan string)
	if r == nil {
		close(keys)
		return keys
	}
	go func() {
		defer close(keys)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			keys <- strings.ToLower(strings.TrimSpace(sc.Text()))
		}
	}()
	return keys
}
