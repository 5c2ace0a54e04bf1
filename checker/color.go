package main

import (
	"io"
	"os"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
)

// palette colours text by what it means, or leaves it plain when colour is
// off (not a terminal, NO_COLOR set, --color=never).
type palette struct{ on bool }

func (p palette) paint(s string, attrs ...color.Attribute) string {
	if !p.on || s == "" {
		return s
	}
	c := color.New(attrs...)
	c.EnableColor()
	return c.Sprint(s)
}

func (p palette) pass(s string) string    { return p.paint(s, color.FgGreen, color.Bold) }
func (p palette) fail(s string) string    { return p.paint(s, color.FgRed, color.Bold) }
func (p palette) warn(s string) string    { return p.paint(s, color.FgYellow) }
func (p palette) dim(s string) string     { return p.paint(s, color.Faint) }
func (p palette) bold(s string) string    { return p.paint(s, color.Bold) }
func (p palette) missing(s string) string { return p.paint(s, color.FgRed) }
func (p palette) extra(s string) string   { return p.paint(s, color.FgGreen) }
func (p palette) cmd(s string) string     { return p.paint(s, color.FgCyan) }

// role colours text for the timeline by the role it plays there.
func (p palette) role(role, s string) string {
	switch role {
	case "task":
		return p.paint(s, color.FgCyan)
	case "failed":
		return p.paint(s, color.FgRed)
	case "dim":
		return p.dim(s)
	case "label":
		return p.bold(s)
	}
	return s
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
