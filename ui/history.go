package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// historyScreen charts readiness over time from the stored snapshots and
// compares two of them, or one with now (the comparisonView of the Compare
// screen): readiness per area side by side, what improved and what got
// worse.
type historyScreen struct {
	w       *workspace
	content fyne.CanvasObject

	chart   *readinessChart
	cmp     *comparisonView
	from    *widget.Select // cmp's pickers
	to      *widget.Select
	compare *widget.Label // cmp's text
	labels  []string      // the snapshots' labels, oldest first, then "Now"
}

// historyNow is the picker's label for the live forecast.
const historyNow = "Now"

func newHistoryScreen(w *workspace) *historyScreen {
	h := &historyScreen{w: w, chart: newReadinessChart()}
	take := widget.NewButtonWithIcon("Take a snapshot now", theme.ContentAddIcon(), func() {
		if err := h.w.s.snapshot("on demand"); err != nil {
			h.w.u.showError("Could not take a snapshot", err)
			return
		}
		h.refresh()
	})
	h.cmp = newComparisonView(w.s.bank, "Take a snapshot, answer some questions, and compare the two here.")
	h.from, h.to, h.compare = h.cmp.from, h.cmp.to, h.cmp.text
	hint := newHint("A snapshot is taken each time you leave an assessment after changing answers.", fyne.TextAlignLeading)
	top := container.NewBorder(nil, nil, widget.NewLabelWithStyle("Readiness over time", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), take, hint)
	split := container.NewVSplit(h.chart, h.cmp.content)
	split.Offset = 0.45
	h.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, split)
	h.refresh()
	return h
}

func (h *historyScreen) refresh() {
	snaps := sortedSnapshots(h.w.s.a.History)
	h.chart.set(snaps)
	company := h.w.s.a.Company
	var points []comparePoint
	for _, s := range snaps {
		points = append(points, comparePoint{label: snapshotLabel(s), short: snapshotDay(s), company: company,
			snap: func() (assessment.Snapshot, error) { return s, nil }})
	}
	points = append(points, comparePoint{label: historyNow, company: company, snap: func() (assessment.Snapshot, error) {
		return h.w.s.forecast.Snapshot(h.w.u.opts.Now(), "now"), nil
	}})
	from := ""
	if i := latestDiffering(snaps, h.w.s.forecast.Snapshot(h.w.u.opts.Now(), "")); i >= 0 {
		from = points[i].label
	}
	h.cmp.set(points, from, historyNow)
	h.labels = h.cmp.labels
}

// readinessChart is a line chart of readiness (0–100) over snapshots, with
// each point's value written beside it so it reads in greyscale.
type readinessChart struct {
	widget.BaseWidget
	snaps []assessment.Snapshot
}

func newReadinessChart() *readinessChart {
	c := &readinessChart{}
	c.ExtendBaseWidget(c)
	return c
}

func (c *readinessChart) set(snaps []assessment.Snapshot) {
	c.snaps = snaps
	c.Refresh()
}

func (c *readinessChart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c}
	r.rebuild()
	return r
}

type chartRenderer struct {
	c       *readinessChart
	objects []fyne.CanvasObject
	size    fyne.Size
}

func (r *chartRenderer) rebuild() {
	r.objects = nil
	size := r.size
	if size.IsZero() {
		return
	}
	fg := theme.Color(theme.ColorNameForeground)
	grid := theme.Color(theme.ColorNameSeparator)
	accent := theme.Color(theme.ColorNamePrimary)
	// Room for the axis numbers on the left, a point's value and date on
	// the right and below.
	const left, right, bottom, top = 40, 36, 24, 24
	plotW, plotH := size.Width-left-right, size.Height-bottom-top
	y := func(v float64) float32 { return top + plotH*float32(1-v/100) }
	for _, v := range []float64{0, 25, 50, 75, 100} {
		line := canvas.NewLine(grid)
		line.Position1, line.Position2 = fyne.NewPos(left, y(v)), fyne.NewPos(left+plotW, y(v))
		label := canvas.NewText(fmt.Sprintf("%.0f", v), fg)
		label.TextSize = theme.CaptionTextSize()
		label.Move(fyne.NewPos(4, y(v)-8))
		r.objects = append(r.objects, line, label)
	}
	// The verdict's bands: where "nearly ready" and "ready" begin.
	for _, band := range []struct {
		v     float64
		name  string
		color fyne.ThemeColorName
	}{{assessment.NearlyReadyReadiness, "nearly ready", theme.ColorNameWarning}, {assessment.ReadyReadiness, "ready", theme.ColorNameSuccess}} {
		c := theme.Color(band.color)
		line := canvas.NewLine(c)
		line.StrokeWidth = 1
		line.Position1, line.Position2 = fyne.NewPos(left, y(band.v)), fyne.NewPos(left+plotW, y(band.v))
		label := canvas.NewText(band.name, fg) // the line has the colour; the text stays readable
		label.TextSize = theme.CaptionTextSize()
		label.Move(fyne.NewPos(left+4, y(band.v)-label.MinSize().Height))
		r.objects = append(r.objects, line, label)
	}
	snaps := r.c.snaps
	if len(snaps) == 0 {
		msg := canvas.NewText("No snapshots yet", fg)
		msg.Move(fyne.NewPos(left+8, top+plotH/2))
		r.objects = append(r.objects, msg)
		return
	}
	x := func(i int) float32 {
		if len(snaps) == 1 {
			return left + plotW/2
		}
		return left + plotW*float32(i)/float32(len(snaps)-1)
	}
	for i, s := range snaps {
		p := fyne.NewPos(x(i), y(s.Readiness))
		if i > 0 {
			seg := canvas.NewLine(accent)
			seg.StrokeWidth = 3
			seg.Position1, seg.Position2 = fyne.NewPos(x(i-1), y(snaps[i-1].Readiness)), p
			r.objects = append(r.objects, seg)
		}
		dot := canvas.NewCircle(accent)
		dot.Resize(fyne.NewSize(10, 10))
		dot.Move(p.Subtract(fyne.NewPos(5, 5)))
		value := canvas.NewText(fmt.Sprintf("%.0f", s.Readiness), fg)
		value.TextStyle.Bold = true
		vs := value.MinSize()
		value.Move(fyne.NewPos(p.X-vs.Width/2, p.Y-vs.Height-6)) // centred above the point
		date := canvas.NewText(s.Taken.Local().Format("2 Jan"), fg)
		date.TextSize = theme.CaptionTextSize()
		ds := date.MinSize()
		date.Move(fyne.NewPos(min(max(p.X-ds.Width/2, 0), size.Width-ds.Width), top+plotH+4))
		r.objects = append(r.objects, dot, value, date)
	}
}

func (r *chartRenderer) Layout(s fyne.Size) {
	r.size = s
	r.rebuild()
}
func (r *chartRenderer) MinSize() fyne.Size           { return fyne.NewSize(300, 160) }
func (r *chartRenderer) Refresh()                     { r.rebuild(); canvas.Refresh(r.c) }
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *chartRenderer) Destroy()                     {}
