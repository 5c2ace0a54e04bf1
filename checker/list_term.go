package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/procbook/procbook/checker/internal/progress"
	"github.com/procbook/procbook/internal/workbook"
)

// listKeys are the keys of the interactive list, as rustlings' list has
// them, and e.
var listKeys = []string{"j/k move", "Enter/c continue", "r reset", "/ search", "d done", "p pending", "e edit", "g/G first/last", "q back"}

// listScreen is the interactive list: the exercises, a selection, a
// filter and a search.
type listScreen struct {
	env    *Env
	t      *terminal
	stands []progress.Standing
	cur    int // the exercise the learner is on, marked; -1 for none

	sel       int    // the selected exercise, an index into stands
	onlyDone  bool   // d: only the exercises done
	onlyToDo  bool   // p: only those pending
	search    string // s or /: only those whose name or title holds it
	searching bool   // typing the search

	note    string
	confirm func() // a question waiting for y
	ask     string
}

// runListScreen runs the interactive list on t over stands; cur is the
// exercise the learner is on (-1 for none). It returns the exercise to
// continue from, if the learner chose one with Enter or c, and whether
// they asked to leave the program (Ctrl-C, Ctrl-D) rather than the list.
func runListScreen(env *Env, t *terminal, stands []progress.Standing, cur int) (i int, chosen, interrupted bool) {
	l := &listScreen{env: env, t: t, stands: stands, cur: cur, sel: max(cur, 0)}
	for {
		l.draw()
		var k key
		select {
		case <-env.Ctx.Done():
			return 0, false, true
		case k = <-t.Keys():
		}
		if k == keyCtrlC || k == keyCtrlD {
			return 0, false, true
		}
		if i, chosen, quit := l.key(k); quit || chosen {
			return i, chosen, false
		}
	}
}

// rows returns the indexes of the exercises the filter and the search let
// through, in the workbook's order.
func (l *listScreen) rows() []int {
	var rows []int
	q := strings.ToLower(l.search)
	for i, st := range l.stands {
		done := st.Status == progress.Done
		if l.onlyDone && !done || l.onlyToDo && done {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(st.Exercise.Name+" "+st.Exercise.Title), q) {
			continue
		}
		rows = append(rows, i)
	}
	return rows
}

// key does what k says: it returns the exercise chosen, or quit.
func (l *listScreen) key(k key) (i int, chosen, quit bool) {
	l.note = ""
	if l.confirm != nil {
		yes := l.confirm
		l.confirm, l.ask = nil, ""
		if k == 'y' || k == 'Y' {
			yes()
		} else {
			l.note = "Nothing was changed."
		}
		return 0, false, false
	}
	if l.searching {
		switch k {
		case keyEnter:
			l.searching = false
		case keyEscape:
			l.searching, l.search = false, ""
		case keyBack:
			if r := []rune(l.search); len(r) > 0 {
				l.search = string(r[:len(r)-1])
			}
		default:
			if k > 0 && k >= ' ' {
				l.search += string(rune(k))
			}
		}
		l.keepSelection()
		return 0, false, false
	}
	rows := l.rows()
	pos := indexOf(rows, l.sel)
	switch k {
	case 'q', keyEscape:
		return 0, false, true
	case 'j', keyDown:
		if pos >= 0 && pos+1 < len(rows) {
			l.sel = rows[pos+1]
		}
	case 'k', keyUp:
		if pos > 0 {
			l.sel = rows[pos-1]
		}
	case 'g':
		if len(rows) > 0 {
			l.sel = rows[0]
		}
	case 'G':
		if len(rows) > 0 {
			l.sel = rows[len(rows)-1]
		}
	case keyEnter, 'c':
		if pos < 0 {
			l.note = "No exercise is selected: the filter hides them all."
			return 0, false, false
		}
		return l.sel, true, false
	case 'd':
		l.onlyDone, l.onlyToDo = !l.onlyDone, false
		l.keepSelection()
	case 'p':
		l.onlyToDo, l.onlyDone = !l.onlyToDo, false
		l.keepSelection()
	case 's', '/':
		l.searching, l.search = true, ""
	case 'r':
		if pos < 0 {
			return 0, false, false
		}
		ex := l.stands[l.sel].Exercise
		l.ask = fmt.Sprintf("Reset %s to its original stub? Your version is kept in a backup. y resets, any other key does not.", ex.Name)
		l.confirm = func() {
			var b strings.Builder
			sub := *l.env
			sub.Stdout, sub.Stderr = &b, &b
			resetOne(&sub, ex)
			l.note = strings.TrimRight(b.String(), "\n")
			l.stands[l.sel], _ = l.env.Book.Recorded(ex)
		}
	case 'e':
		if pos < 0 {
			return 0, false, false
		}
		ex := l.stands[l.sel].Exercise
		l.edit(ex)
	default:
		l.note = fmt.Sprintf("No key %q here; the keys are below.", string(rune(k)))
	}
	return 0, false, false
}

// keepSelection moves the selection to a row the filter lets through.
func (l *listScreen) keepSelection() {
	rows := l.rows()
	if len(rows) > 0 && indexOf(rows, l.sel) < 0 {
		l.sel = rows[0]
	}
}

func (l *listScreen) edit(ex workbook.Exercise) {
	argv, err := editorCommand(l.env.Root, ex)
	if err != nil {
		l.note = err.Error()
		return
	}
	if err := l.t.lend(func() error { return runEditor(l.env, l.t, argv) }); err != nil {
		l.note = fmt.Sprintf("The editor (%s) ended with %v.", strings.Join(argv, " "), err)
	}
	l.stands[l.sel], _ = l.env.Book.Recorded(ex)
}

func (l *listScreen) draw() {
	p := l.env.Paint
	var b strings.Builder
	var tb strings.Builder
	tw := tabwriter.NewWriter(&tb, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  EXERCISE\tTITLE\tPOINTS\tSTATUS")
	rows := l.rows()
	for _, i := range rows {
		st := l.stands[i]
		mark := "  "
		if i == l.sel {
			mark = "> "
		}
		status := st.Status.String()
		switch st.Status {
		case progress.Done:
			status = p.pass(status)
		case progress.Failing:
			status = p.fail(status)
		case progress.Unchecked:
			status = p.warn(status)
		}
		if i == l.cur {
			status += p.dim("  ← you are here")
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%d/%d\t%s\n", mark, st.Exercise.Name, st.Exercise.Title, st.Points(), st.Exercise.Points(), status)
	}
	tw.Flush()
	// The selected row in bold, when there is colour.
	for _, line := range strings.Split(strings.TrimRight(tb.String(), "\n"), "\n") {
		if strings.HasPrefix(line, "> ") {
			line = p.bold(line)
		}
		b.WriteString(line + "\n")
	}
	if len(rows) == 0 {
		b.WriteString(p.dim("  (no exercise matches)") + "\n")
	}
	var shown []string
	switch {
	case l.onlyDone:
		shown = append(shown, "showing the exercises done (d shows all)")
	case l.onlyToDo:
		shown = append(shown, "showing the exercises pending (p shows all)")
	}
	if l.searching || l.search != "" {
		cursor := ""
		if l.searching {
			cursor = "▏ (Enter keeps it, Esc drops it)"
		}
		shown = append(shown, fmt.Sprintf("search: %s%s", l.search, cursor))
	}
	if len(shown) > 0 {
		fmt.Fprintf(&b, "\n%s\n", p.dim(strings.Join(shown, " · ")))
	}
	if l.note != "" {
		fmt.Fprintf(&b, "\n%s\n", l.note)
	}
	if l.ask != "" {
		fmt.Fprintf(&b, "\n%s\n", p.warn(l.ask))
	}
	fmt.Fprintf(&b, "\n%s\n%s", keyLine(p, listKeys...), progressBar(p, l.stands))
	l.t.Draw(b.String())
}

func indexOf(rows []int, i int) int {
	for k, r := range rows {
		if r == i {
			return k
		}
	}
	return -1
}

// listTerminal is the list command on a terminal: the interactive list;
// continuing from an exercise makes it the learner's current one.
func listTerminal(env *Env, stands []progress.Standing) int {
	in, _ := interactive(env)
	t, err := openTerminal(in, env.Stdout)
	if err != nil {
		return -1
	}
	cur := env.Book.CurrentIn(stands)
	i, chosen, _ := runListScreen(env, t, stands, cur)
	t.Close()
	p := env.Paint
	if !chosen {
		printTable(env, stands)
		return exitOK
	}
	ex := stands[i].Exercise
	if err := env.Book.Choose(ex); err != nil {
		return toolError(env, err, "make the workbook's .procbook folder writable")
	}
	fmt.Fprintf(env.Stdout, "You are now on %s — %s.\nNext: %s re-checks it on every save; %s checks it once.\n",
		ex.Name, ex.Title, p.cmd("go run ./checker watch"), p.cmd("go run ./checker run"))
	return exitOK
}
