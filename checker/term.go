package main

import (
	"io"
	"os"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/term"
)

// A terminal is the learner's terminal in raw mode, for the interactive
// watch and list: keys arrive one at a time, without Enter and without
// echo, and the screen is redrawn whole. golang.org/x/term puts the
// terminal in raw mode, restores it and measures it; what is left here
// is small and standard: decoding a few keys and two ANSI sequences to
// clear the screen.
type terminal struct {
	in    *os.File
	out   io.Writer
	saved *term.State

	mu     sync.Mutex
	keys   chan key
	reader *keyReader // nil while the terminal is lent to another program
	closed bool
}

// interactive reports whether env talks to a learner at a terminal:
// standard input and output both terminals, and TERM not dumb. Without one
// watch and list keep their line and table forms.
func interactive(env *Env) (*os.File, bool) {
	in, ok := env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) || !isTerminal(env.Stdout) || os.Getenv("TERM") == "dumb" {
		return nil, false
	}
	return in, true
}

// openTerminal puts in in raw mode. Close restores it; every way out of
// watch and list goes through Close, Ctrl-C included, since in raw mode
// Ctrl-C is a key, not a signal.
func openTerminal(in *os.File, out io.Writer) (*terminal, error) {
	saved, err := term.MakeRaw(int(in.Fd()))
	if err != nil {
		return nil, err
	}
	t := &terminal{in: in, out: out, saved: saved, keys: make(chan key)}
	t.reader = startKeys(in, t.keys)
	io.WriteString(out, hideCursor)
	return t, nil
}

// Close gives the terminal back as it was, below what is on the screen.
// Calling it again does nothing.
func (t *terminal) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return
	}
	t.closed = true
	if t.reader != nil {
		t.reader.stop()
		t.reader = nil
	}
	io.WriteString(t.out, "\r\n"+showCursor)
	term.Restore(int(t.in.Fd()), t.saved)
}

// Keys returns the keys typed.
func (t *terminal) Keys() <-chan key { return t.keys }

// lend gives the terminal, in its normal mode, to another program (the
// learner's editor) for as long as run runs, then takes it back.
func (t *terminal) lend(run func() error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.reader != nil {
		t.reader.stop() // or the editor's first keys would come here
		t.reader = nil
	}
	io.WriteString(t.out, showCursor+clearScreen)
	term.Restore(int(t.in.Fd()), t.saved)
	err := run()
	if _, rerr := term.MakeRaw(int(t.in.Fd())); rerr != nil && err == nil {
		err = rerr
	}
	io.WriteString(t.out, hideCursor)
	t.reader = startKeys(t.in, t.keys)
	return err
}

// Size returns the terminal's width and height, or 80×24 if it cannot say.
func (t *terminal) Size() (int, int) {
	if f, ok := t.out.(*os.File); ok {
		if w, h, err := term.GetSize(int(f.Fd())); err == nil && w > 0 && h > 0 {
			return w, h
		}
	}
	return 80, 24
}

const (
	clearScreen = "\x1b[H\x1b[2J" // cursor home, clear the screen
	hideCursor  = "\x1b[?25l"
	showCursor  = "\x1b[?25h"
)

// Draw replaces the screen with text. Raw mode does not turn "\n" into a
// new line at the left margin, so Draw writes "\r\n" for it. A text taller
// than the screen scrolls its top into the terminal's scrollback, as a
// printed one would, and its last line (the progress bar) stays at the
// bottom.
func (t *terminal) Draw(text string) {
	text = strings.TrimRight(text, "\n")
	t.out.Write([]byte(clearScreen + strings.ReplaceAll(text, "\n", "\r\n")))
}

// A key is one key typed: a rune, or one of the named keys below.
type key rune

const (
	keyUp     key = -1 - iota // arrow up
	keyDown                   // arrow down
	keyEnter                  // Enter
	keyEscape                 // Escape alone
	keyBack                   // Backspace
	keyCtrlC  key = 3
	keyCtrlD  key = 4
)

// decodeKeys turns the bytes typed into keys; rest is an incomplete
// sequence to be completed by the next read.
func decodeKeys(p []byte) (keys []key, rest []byte) {
	for len(p) > 0 {
		switch c := p[0]; {
		case c == 0x1b:
			if len(p) == 1 {
				return append(keys, keyEscape), nil
			}
			if p[1] != '[' && p[1] != 'O' {
				keys = append(keys, keyEscape)
				p = p[1:]
				continue
			}
			if len(p) < 3 {
				return keys, p
			}
			switch p[2] {
			case 'A':
				keys = append(keys, keyUp)
			case 'B':
				keys = append(keys, keyDown)
			}
			// Other sequences (arrows sideways, function keys) end with
			// a letter or ~ and are ignored.
			n := 2
			for n < len(p) && !(p[n] >= 'A' && p[n] <= 'Z' || p[n] >= 'a' && p[n] <= 'z' || p[n] == '~') {
				n++
			}
			p = p[min(n+1, len(p)):]
		case c == '\r' || c == '\n':
			keys = append(keys, keyEnter)
			p = p[1:]
		case c == 0x7f || c == 0x08:
			keys = append(keys, keyBack)
			p = p[1:]
		default:
			if !utf8.FullRune(p) {
				return keys, p
			}
			r, size := utf8.DecodeRune(p)
			keys = append(keys, key(r))
			p = p[size:]
		}
	}
	return keys, nil
}
