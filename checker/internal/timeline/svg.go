package timeline

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"time"
)

// SVG geometry, in pixels.
const (
	svgLabel  = 230 // the column of row labels
	svgPlot   = 640 // the time axis
	svgNote   = 380 // the column of exit notes
	svgRow    = 22  // one row
	svgTop    = 56  // the title and the axis above the rows
	svgBar    = 14  // the height of a bar
	svgMargin = 10
)

// SVG writes t as an SVG picture titled title: the same rows, bars, marks
// and notes as Render, in a form the chapters can show and instructors
// can print. Each bar carries a tooltip with its times.
func (t *Timeline) SVG(w io.Writer, title string) error {
	bw := bufio.NewWriter(w)
	span := t.End.Sub(t.Start)
	x := func(at time.Time) float64 {
		if span <= 0 {
			return svgLabel
		}
		return svgLabel + float64(at.Sub(t.Start))/float64(span)*svgPlot
	}
	width := svgLabel + svgPlot + svgNote + svgMargin
	height := svgTop + svgRow*len(t.Procs) + 3*svgRow
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="monospace" font-size="12">`+"\n",
		width, height, width, height)
	fmt.Fprintf(bw, `<rect width="100%%" height="100%%" fill="#ffffff"/>`+"\n")
	fmt.Fprintf(bw, `<text x="%d" y="20" font-size="15" font-weight="bold">%s</text>`+"\n", svgMargin, esc(title))
	// The axis: 0, the middle and the whole span.
	axisY := svgTop - 12
	for i, frac := range []float64{0, 0.5, 1} {
		ax := svgLabel + frac*svgPlot
		anchor := [...]string{"start", "middle", "end"}[i]
		fmt.Fprintf(bw, `<text x="%.1f" y="%d" text-anchor="%s" fill="#555">%s</text>`+"\n", ax, axisY, anchor, offset(time.Duration(frac*float64(span))))
		fmt.Fprintf(bw, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`+"\n", ax, svgTop-6, ax, svgTop+svgRow*len(t.Procs))
	}
	for r, p := range t.Procs {
		y := svgTop + r*svgRow
		mid := y + svgRow/2
		fmt.Fprintf(bw, `<text x="%d" y="%d" dominant-baseline="middle" font-weight="bold">%s</text>`+"\n", svgMargin, mid, esc(label(p)))
		end := p.End
		if end.IsZero() {
			end = t.End
		}
		if p.Func != "" && !p.Worker {
			fmt.Fprintf(bw, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="#2a7fb8"><title>%s</title></rect>`+"\n",
				x(p.Start), mid-svgBar/2, max(x(end)-x(p.Start), 1), svgBar,
				esc(fmt.Sprintf("pid %d %s: %s → %s", p.Pid, p.Func, offset(p.Start.Sub(t.Start)), endText(p.End, t.Start))))
		} else {
			fmt.Fprintf(bw, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#999" stroke-width="2"/>`+"\n", x(p.Start), mid, x(end), mid)
		}
		for k, task := range p.Tasks {
			tend := task.End
			if tend.IsZero() {
				tend = end
			}
			fill := [...]string{"#2a9d8f", "#8ab17d"}[k%2] // alternating, as Render's shades
			if !task.OK {
				fill = "#e76f51"
			}
			x0, x1 := x(task.Start), x(tend)
			fmt.Fprintf(bw, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" stroke="#fff" stroke-width="0.5"><title>%s</title></rect>`+"\n",
				x0, mid-svgBar/2, max(x1-x0, 1), svgBar, fill,
				esc(fmt.Sprintf("task %d %s on pid %d: %s → %s, %s", task.Index, task.Func, p.Pid,
					offset(task.Start.Sub(t.Start)), endText(task.End, t.Start), outcome(task))))
			if x1-x0 >= 14 {
				fmt.Fprintf(bw, `<text x="%.1f" y="%d" dominant-baseline="middle" fill="#fff" font-size="10">%d</text>`+"\n", x0+2, mid, task.Index)
			}
		}
		if mark := endMark(p); mark != 0 {
			fmt.Fprintf(bw, `<text x="%.1f" y="%d" dominant-baseline="middle" text-anchor="middle" font-weight="bold">%c</text>`+"\n", x(end), mid, mark)
		}
		if note := exitNote(p); note != "" {
			fmt.Fprintf(bw, `<text x="%d" y="%d" dominant-baseline="middle" fill="#555" font-size="11">%s</text>`+"\n",
				svgLabel+svgPlot+8, mid, esc(note))
		}
	}
	ly := svgTop + svgRow*len(t.Procs) + svgRow
	fmt.Fprintf(bw, `<text x="%d" y="%d" fill="#555" font-size="11">%s</text>`+"\n", svgMargin, ly,
		esc("line: a process alive (a pool worker waiting for work) · bars: tasks, in alternating shades (red: failed); hover for times"))
	fmt.Fprintf(bw, `<text x="%d" y="%d" fill="#555" font-size="11">%s</text>`+"\n", svgMargin, ly+svgRow,
		esc("┤ a worker that exited as its pool closed · × a worker killed by its pool's Terminate (signal 9): that is how a pool ends, not a crash"))
	fmt.Fprintln(bw, "</svg>")
	return bw.Flush()
}

func esc(s string) string { return html.EscapeString(s) }
