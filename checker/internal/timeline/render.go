package timeline

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Style says how to draw: Width is the number of columns for the time axis,
// Paint colours a piece of text by role ("task", "failed", "dim", "label")
// and may be nil for none, MaxTasks bounds the task list under the picture.
type Style struct {
	Width    int
	Paint    func(role, s string) string
	MaxTasks int
}

const labelWidth = 30

// Render draws t on w: the picture, then the list of tasks. A row is a
// process, from its start to its exit: a bar for a child running a
// function, a line for the program and for pool workers, whose tasks are
// bars on it.
func (t *Timeline) Render(w io.Writer, st Style) {
	if st.Width < 20 {
		st.Width = 20
	}
	if st.Paint == nil {
		st.Paint = func(_, s string) string { return s }
	}
	span := t.End.Sub(t.Start)
	col := func(at time.Time) int {
		if span <= 0 {
			return 0
		}
		c := int(float64(at.Sub(t.Start)) / float64(span) * float64(st.Width-1))
		return min(max(c, 0), st.Width-1)
	}

	fmt.Fprintf(w, "%-*s %s\n", labelWidth, "", axis(span, st.Width))
	for _, p := range t.Procs {
		row := make([]rune, st.Width)
		kind := make([]string, st.Width)
		for i := range row {
			row[i] = ' '
		}
		end := p.End
		if end.IsZero() {
			end = t.End
		}
		// A child running a function is busy all its life: a bar. The
		// program and pool workers are drawn as a line, their tasks as bars.
		life, role := '─', "dim"
		if p.Func != "" && !p.Worker {
			life, role = '█', "task"
		}
		for i := col(p.Start); i <= col(end); i++ {
			row[i], kind[i] = life, role
		}
		drawTasks(p, row, kind, end, col)
		if mark := endMark(p); mark != 0 {
			row[col(end)], kind[col(end)] = mark, "label"
		}
		fmt.Fprintf(w, "%s %s%s\n", st.Paint("label", fmt.Sprintf("%-*s", labelWidth, label(p))), paintRow(row, kind, st.Paint), exitNote(p))
	}

	if n := t.Tasks(); n > 0 {
		fmt.Fprintf(w, "\n%s\n", st.Paint("dim", legend))
		fmt.Fprintf(w, "\n%d task(s); each bar starts with its task number (0-9, then a-z):\n", n)
		type row struct {
			pid  int
			task *Task
		}
		var rows []row
		for _, p := range t.Procs {
			for _, task := range p.Tasks {
				rows = append(rows, row{p.Pid, task})
			}
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].task.Start.Before(rows[j].task.Start) })
		for i, r := range rows {
			if st.MaxTasks > 0 && i == st.MaxTasks {
				fmt.Fprintf(w, "  … and %d more\n", n-i)
				return
			}
			fmt.Fprintf(w, "  task %-3d %-16s pid %-7d %s → %s  %s\n", r.task.Index, r.task.Func, r.pid,
				offset(r.task.Start.Sub(t.Start)), endText(r.task.End, t.Start), outcome(r.task))
		}
	}
}

// axis is the time ruler: 0 at the left, the whole span at the right.
func axis(span time.Duration, width int) string {
	left, right := "0s", offset(span)
	mid := offset(span / 2)
	gap := width - len(left) - len(mid) - len(right)
	if gap < 2 {
		return left + strings.Repeat(" ", max(width-len(left)-len(right), 1)) + right
	}
	a := gap / 2
	return left + strings.Repeat(" ", a) + mid + strings.Repeat(" ", gap-a) + right
}

func offset(d time.Duration) string {
	return fmt.Sprintf("%.3fs", d.Seconds())
}

func endText(end, start time.Time) string {
	if end.IsZero() {
		return "(never ended)"
	}
	return offset(end.Sub(start))
}

func outcome(t *Task) string {
	switch {
	case t.End.IsZero():
		return "lost: its worker ended first"
	case !t.OK:
		return "failed"
	}
	return "ok"
}

// label names a row: its pid and what it ran.
func label(p *Proc) string {
	what := p.Func
	switch {
	case what == "":
		what = "the program"
	case p.Worker:
		what = "pool worker"
	}
	s := fmt.Sprintf("pid %d %s", p.Pid, what)
	if len(s) > labelWidth {
		s = s[:labelWidth-1] + "…"
	}
	return s
}

// legend says what the rows are drawn with.
const legend = `─ alive (a worker waiting for work) · █ ▓ tasks, the shades in turn, each bar starting with its
  number when there is room · ▒ several tasks within one column
┤ a worker that exited as its pool closed · × a worker killed by its pool's Terminate (signal 9):
  that is how a pool ends, not a crash`

// endMark is the character that ends a worker's row when it ended with
// its pool: ┤ when it exited as the pool closed, × when Terminate killed
// it; 0 for any other row.
func endMark(p *Proc) rune {
	switch {
	case !p.EndedWithPool():
		return 0
	case *p.Code == 0:
		return '┤'
	}
	return '×'
}

// drawTasks draws p's tasks on its row: each a bar in one of two shades
// by turns, its first cell its number when it has room; a column where
// several tasks ran shows how many.
func drawTasks(p *Proc, row []rune, kind []string, end time.Time, col func(time.Time) int) {
	span := func(task *Task) (int, int) {
		tend := task.End
		if tend.IsZero() {
			tend = end
		}
		from, to := col(task.Start), col(tend)
		if to > from {
			to-- // a task ends where the next may start: the column is the next one's
		}
		return from, to
	}
	count := make([]int, len(row))
	for _, task := range p.Tasks {
		from, to := span(task)
		for i := from; i <= to; i++ {
			count[i]++
		}
	}
	for k, task := range p.Tasks {
		from, to := span(task)
		role, shade := "task", '█'
		if k%2 == 1 {
			shade = '▓'
		}
		if !task.OK {
			role = "failed"
		}
		for i := from; i <= to; i++ {
			row[i], kind[i] = shade, role
			if count[i] > 1 {
				row[i], kind[i] = '▒', "task"
			}
		}
		if to-from >= 2 && count[from] == 1 {
			row[from] = taskMark(task.Index)
		}
	}
}

// exitNote is what the row says after the picture: how the process
// ended, and for a worker how many tasks it ran.
func exitNote(p *Proc) string {
	tasks := ""
	if p.Worker {
		tasks = fmt.Sprintf(" %d tasks", len(p.Tasks))
		if len(p.Tasks) == 1 {
			tasks = " 1 task"
		}
	}
	if p.EndedWithPool() {
		if *p.Code == 0 {
			return tasks + ", ended with its pool"
		}
		return tasks + ", stopped by its pool's Terminate"
	}
	if p.Code == nil || *p.Code == 0 {
		return tasks
	}
	if tasks != "" {
		return tasks + "," + codeNote(p)
	}
	return codeNote(p)
}

// codeNote says how a process that did not end with its pool ended.
func codeNote(p *Proc) string {
	if *p.Code < 0 {
		return fmt.Sprintf(" killed by signal %d", -*p.Code)
	}
	return fmt.Sprintf(" exit %d", *p.Code)
}

// taskMark is the character that starts task i's bar.
func taskMark(i int) rune {
	const marks = "0123456789abcdefghijklmnopqrstuvwxyz"
	if i >= 0 && i < len(marks) {
		return rune(marks[i])
	}
	return '+'
}

// paintRow colours runs of the same kind together.
func paintRow(row []rune, kind []string, paint func(role, s string) string) string {
	var b strings.Builder
	for i := 0; i < len(row); {
		j := i
		for j < len(row) && kind[j] == kind[i] {
			j++
		}
		s := string(row[i:j])
		if kind[i] != "" {
			s = paint(kind[i], s)
		}
		b.WriteString(s)
		i = j
	}
	return strings.TrimRight(b.String(), " ")
}
