package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/procbook/procbook/internal/scenario"
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
	Long: `Watch checks the exercise you are on, then checks it again each time a file
under exercises/ is saved, and moves on to the next exercise when it
passes. It ends when every exercise passes.

Keys (type the letter, then Enter):
	h	the next hint for the exercise
	l	the list of exercises
	r	check again now (or just Enter)
	q	quit

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
	p := env.Paint

	changes, how, stop := watchFiles(env, f.poll, f.interval)
	defer stop()
	keys := readKeys(env.Stdin)

	stands, cur, err := findCurrent(env)
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
		report(env, stands[cur].Exercise, stands[cur].Result)
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
		res := st.Result
		if err != nil {
			toolError(env, err, "save again, or press r and Enter to retry")
			return false
		}
		if env.Ctx.Err() != nil {
			return false
		}
		if res.Status == scenario.Pass {
			fmt.Fprintf(env.Stdout, "%s %s passes. Moving on.\n", p.pass("✓"), ex.Name)
			if stands, cur, err = findCurrent(env); err != nil {
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
		case <-changes:
			drain(changes, settle)
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
					printList(env, st)
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
