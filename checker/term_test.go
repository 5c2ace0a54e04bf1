//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/term"
)

// The tests here drive watch and list on a pseudo-terminal, as a learner
// would: keys in, screen out. The screen is what the checker drew after
// its last clear; NO_COLOR keeps it plain text.

// onPty is the checker running on a pseudo-terminal.
type onPty struct {
	t     *testing.T
	cmd   *exec.Cmd
	ptmx  *os.File // the terminal's side: keys in, screen out
	tty   *os.File // the checker's side
	saved *term.State

	mu   sync.Mutex
	out  bytes.Buffer
	read chan struct{} // closed when the checker's output ends
	done chan error    // the checker's exit
}

// fixture makes a workbook holding the original stubs, and the checker's
// environment for it.
func fixture(t *testing.T) (dir string, env []string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs programs")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	if err := makeWorkbook(dir, root); err != nil {
		t.Fatal(err)
	}
	env = append(os.Environ(), goEnvVars(t)...)
	env = append(env, "PROCBOOK_ROOT="+dir, "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"),
		"NO_COLOR=1", "TERM=xterm", "PROCBOOK_TRACE=", "VISUAL=", "EDITOR=")
	return dir, env
}

// startPty starts the checker with args on a new pseudo-terminal.
func startPty(t *testing.T, env []string, args ...string) *onPty {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 60, Cols: 120}); err != nil {
		t.Fatal(err)
	}
	saved, err := term.GetState(int(tty.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("checker", args...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &onPty{t: t, cmd: cmd, ptmx: ptmx, tty: tty, saved: saved, read: make(chan struct{}), done: make(chan error, 1)}
	go func() {
		defer close(r.read)
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			r.mu.Lock()
			r.out.Write(buf[:n])
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() { r.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		ptmx.Close()
		tty.Close()
	})
	return r
}

// screen returns what is on the screen: the output since the last clear,
// without the escape sequences.
func (r *onPty) screen() string {
	r.mu.Lock()
	out := r.out.String()
	r.mu.Unlock()
	if i := strings.LastIndex(out, clearScreen); i >= 0 {
		out = out[i+len(clearScreen):]
	}
	out = strings.NewReplacer(hideCursor, "", showCursor, "", "\r", "").Replace(out)
	return out
}

// waitScreen waits until the screen matches re; a check takes seconds, and
// a minute means something is wrong.
func (r *onPty) waitScreen(re string) string {
	r.t.Helper()
	rx := regexp.MustCompile(re)
	end := time.Now().Add(time.Minute)
	for {
		s := r.screen()
		if rx.MatchString(s) {
			return s
		}
		if time.Now().After(end) {
			r.t.Fatalf("the screen never matched %q; it shows:\n%s", re, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// keys types s.
func (r *onPty) keys(s string) {
	r.t.Helper()
	if _, err := r.ptmx.WriteString(s); err != nil {
		r.t.Fatal(err)
	}
}

// exit waits for the checker to end with code, and checks that it gave
// the terminal back as it found it.
func (r *onPty) exit(code int) string {
	r.t.Helper()
	select {
	case err := <-r.done:
		if got := r.cmd.ProcessState.ExitCode(); got != code {
			r.t.Errorf("the checker ended with %v, want exit code %d", err, code)
		}
	case <-time.After(time.Minute):
		r.t.Fatalf("the checker did not end; the screen shows:\n%s", r.screen())
	}
	now, err := term.GetState(int(r.tty.Fd()))
	if err != nil {
		r.t.Fatal(err)
	}
	if !reflect.DeepEqual(now, r.saved) {
		r.t.Errorf("the terminal was left changed (raw mode?): %+v, was %+v", now, r.saved)
	}
	// The terminal's output may still be in flight: close our side of it.
	r.tty.Close()
	<-r.read
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.ReplaceAll(r.out.String(), "\r", "")
}

// startOn makes exercise name the learner's current one, as list's
// "continue from" does: q3's checks are among the quickest.
func startOn(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, ".procbook"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".procbook", "current"), []byte(name+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWatchOnATerminal(t *testing.T) {
	t.Parallel()
	dir, env := fixture(t)
	startOn(t, dir, "q3")
	w := startPty(t, env, "watch")
	s := w.waitScreen(`(?s)^watching exercises/q3/.*q3 Create a process: not done yet.*Hint \(1 of \d+\):.*Progress: ░+ 0 of 6 done$`)
	if n := strings.Count(s, "q3 Create a process"); n != 1 {
		t.Errorf("the exercise's header is on the screen %d times, want once:\n%s", n, s)
	}
	w.keys("?")
	w.waitScreen(`(?s)Keys:\n  n  next exercise.*  q  quit.*Progress: `)
	w.keys("s")
	w.waitScreen(`The solution shows once q3 passes`)
	w.keys("n")
	w.waitScreen(`n moves on once q3 passes; it does not yet\.`)
	w.keys("h")
	w.waitScreen(`(?s)Hint 1 of \d+:.*Hint 2 of \d+:`)
	w.keys("x")
	w.waitScreen(`Reset q3 to its original stub\? .* y resets`)
	w.keys("n")
	w.waitScreen(`Nothing was changed\.`)

	// The list, inside watch: continue from q4.
	w.keys("l")
	w.waitScreen(`(?s)> q3 .*← you are here.*j/k move`)
	w.keys("j")
	w.waitScreen(`> q4 `)
	w.keys("\r")
	w.waitScreen(`(?s)^watching exercises/q4/.*q4 What is a pool\?: not done yet`)
	// Ctrl-C in the list leaves watch, not just the list.
	w.keys("l")
	w.waitScreen(`> q4 .*← you are here`)
	w.keys("\x03")
	out := w.exit(0)
	if !strings.HasSuffix(out, "Bye. Next time: go run ./checker watch.\n") {
		t.Errorf("watch did not end with its farewell:\n%s", out[max(0, len(out)-300):])
	}
}

func TestWatchOnATerminalPassesAndMovesOn(t *testing.T) {
	t.Parallel()
	dir, env := fixture(t)
	startOn(t, dir, "q3")
	w := startPty(t, env, "watch")
	w.waitScreen(`q3 Create a process: not done yet`)
	data, err := os.ReadFile(filepath.Join(dir, "solutions", "q3", "square.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "exercises", "q3", "square.go"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	// A save re-checks; the pass stops on q3 and says where to look.
	w.waitScreen(`(?s)q3 Create a process: passes.*✓ q3 passes\. Compare yours with the reference solution \(s\) and see how its processes ran \(t\); n moves on\..*Progress: ░{8}████░+ 1 of 6 done$`)
	w.keys("s")
	w.waitScreen(`── solutions/q3/square.go ──`)
	w.keys("t")
	w.waitScreen(`(?s)q3 .* processes.*pid \d+ the program.*pid \d+ square`)
	w.keys("n")
	w.waitScreen(`(?s)^watching exercises/q4/.*q4 What is a pool\?: not done yet`)
	w.keys("\x03") // Ctrl-C quits too
	w.exit(0)
}

// TestWatchCtrlCStopsTheCheck interrupts a check whose program never ends:
// watch ends at once, the terminal is restored and no process is left.
func TestWatchCtrlCStopsTheCheck(t *testing.T) {
	t.Parallel()
	dir, env := fixture(t)
	q1 := filepath.Join(dir, "exercises", "q1")
	if err := os.RemoveAll(q1); err != nil {
		t.Fatal(err)
	}
	pids := filepath.Join(dir, "pids")
	hang := fmt.Sprintf(`package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	f, _ := os.OpenFile(%q, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	fmt.Fprintln(f, os.Getpid())
	f.Close()
	time.Sleep(time.Hour)
}
`, pids)
	if err := os.MkdirAll(q1, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(q1, "main.go"), []byte(hang), 0o644); err != nil {
		t.Fatal(err)
	}
	w := startPty(t, env, "watch", "--timeout", "10m")
	w.waitScreen(`checking .* \(q or Ctrl-C stops\)`)
	var started []int
	for end := time.Now().Add(time.Minute); len(started) == 0; {
		data, _ := os.ReadFile(pids)
		for _, f := range strings.Fields(string(data)) {
			pid, err := strconv.Atoi(f)
			if err != nil {
				t.Fatal(err)
			}
			started = append(started, pid)
		}
		if time.Now().After(end) {
			t.Fatalf("the program never started; the screen shows:\n%s", w.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	w.keys("\x03")
	w.exit(0)
	for _, pid := range started {
		if running(pid) {
			kill(pid)
			t.Errorf("process %d of the interrupted check still runs", pid)
		}
	}
}

func TestListOnATerminal(t *testing.T) {
	t.Parallel()
	dir, env := fixture(t)
	editor := filepath.Join(dir, "editor.sh")
	if err := os.WriteFile(editor, []byte("#!/bin/sh\n# Written whole, then named: the test reads it as soon as it is there.\necho \"$@\" > "+filepath.Join(dir, "edited.tmp")+" && mv "+filepath.Join(dir, "edited.tmp")+" "+filepath.Join(dir, "edited")+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	env = append(env, "EDITOR="+editor)
	l := startPty(t, env, "list", "--cached")
	l.waitScreen(`(?s)^  EXERCISE +TITLE +POINTS +STATUS\n> q1 .*not started  ← you are here\n  q2 .*j/k move.*Progress: ░+ 0 of 6 done$`)
	l.keys("G")
	l.waitScreen(`> q6 `)
	l.keys("k")
	l.waitScreen(`> q5 `)
	l.keys("d")
	l.waitScreen(`(?s)\(no exercise matches\).*showing the exercises done`)
	l.keys("d/pool\r")
	s := l.waitScreen(`search: pool\n`)
	if strings.Contains(s, "q1") || !strings.Contains(s, "q4") || !strings.Contains(s, "q5") {
		t.Errorf("the search for pool shows:\n%s", s)
	}
	l.keys("e")
	for end := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if data, err := os.ReadFile(filepath.Join(dir, "edited")); err == nil {
			if want := filepath.Join(dir, "exercises", "q5", "main.go"); strings.TrimSpace(string(data)) != want {
				t.Errorf("the editor was given %q, want %q", data, want)
			}
			break
		}
		if time.Now().After(end) {
			t.Fatalf("the editor never ran; the screen shows:\n%s", l.screen())
		}
	}
	l.waitScreen(`> q5 `) // back in the list
	l.keys("c")
	out := l.exit(0)
	if !strings.Contains(out, "You are now on q5 — A pool of workers.") {
		t.Errorf("continuing from q5 says:\n%s", out[max(0, len(out)-300):])
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ".procbook", "current")); strings.TrimSpace(string(data)) != "q5" {
		t.Errorf("the current exercise recorded is %q, want q5", data)
	}

	// --plain prints the table, even on a terminal.
	p := startPty(t, env, "list", "--cached", "--plain")
	out = p.exit(1)
	if strings.Contains(out, clearScreen) || !regexp.MustCompile(`(?m)^EXERCISE +TITLE +POINTS +STATUS$`).MatchString(out) {
		t.Errorf("list --plain on a terminal printed:\n%s", out)
	}
}

// TestResetAsksOnATerminal: reset asks first on a terminal; --yes does not.
func TestResetAsksOnATerminal(t *testing.T) {
	t.Parallel()
	dir, env := fixture(t)
	mine := filepath.Join(dir, "exercises", "q6", "mine.go")
	change := func() {
		if err := os.WriteFile(mine, []byte("package main\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	change()
	r := startPty(t, env, "reset", "q6")
	r.waitScreen(`Reset q6 \(Four processes\) to its original stub\? Your version is saved in \.procbook/backups/ first\. \[y/N\] $`)
	r.keys("n\r")
	if out := r.exit(1); !strings.HasSuffix(out, "Nothing was changed.\n") {
		t.Errorf("answering n: %s", out)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Fatalf("answering n removed the learner's file: %v", err)
	}
	r = startPty(t, env, "reset", "q6")
	r.waitScreen(`\[y/N\] $`)
	r.keys("y\r")
	if out := r.exit(0); !strings.Contains(out, "Restored the original stub of exercises/q6") {
		t.Errorf("answering y: %s", out)
	}
	change()
	r = startPty(t, env, "reset", "--yes", "q6")
	if out := r.exit(0); strings.Contains(out, "[y/N]") || !strings.Contains(out, "Restored the original stub") {
		t.Errorf("reset --yes: %s", out)
	}
}

// TestListKilledOnATerminal: a signal (here SIGTERM) ends the list as
// Ctrl-C does, and the terminal is restored.
func TestListKilledOnATerminal(t *testing.T) {
	t.Parallel()
	_, env := fixture(t)
	l := startPty(t, env, "list", "--cached")
	l.waitScreen(`j/k move`)
	if err := l.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	l.exit(0)
}
