package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// weightedRow lays children out side by side, each taking its weight's share
// of the width. Unlike a grid it asks for no width of its own, so long text
// (which truncates) never widens the window: every screen fits 1024 pixels.
type weightedRow struct {
	weights []float32
}

// newWeightedRow returns a row container; pass one weight per child.
func newWeightedRow(weights []float32, objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&weightedRow{weights}, objects...)
}

func (l *weightedRow) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	var total float32
	for _, w := range l.weights {
		total += w
	}
	avail := size.Width - pad*float32(len(objects)-1)
	x := float32(0)
	for i, o := range objects {
		w := avail * l.weights[i] / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
}

func (l *weightedRow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(len(objects))*20, h)
}

// tightVBox stacks objects like a VBox, but overlaps them by the inner
// padding that each label keeps above and below its text, so that a heading
// sits close to the paragraph it heads.
type tightVBox struct{}

func newTightVBox(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(tightVBox{}, objects...)
}

func (tightVBox) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - theme.InnerPadding()
	}
}

func (tightVBox) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var w, h float32
	n := 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w, h = max(w, m.Width), h+m.Height
		n++
	}
	if n > 1 {
		h -= float32(n-1) * theme.InnerPadding()
	}
	return fyne.NewSize(w, h)
}

// atLeast gives its one object at least the width of a sample text, so that
// numbers in a column ("83/90", "103/119") take the same room on every row.
type atLeast struct {
	sample string
	style  fyne.TextStyle
}

func newAtLeast(sample string, o fyne.CanvasObject) *fyne.Container {
	return container.New(&atLeast{sample: sample}, o)
}

func (l *atLeast) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *atLeast) MinSize(objects []fyne.CanvasObject) fyne.Size {
	text := fyne.MeasureText(l.sample, theme.TextSize(), l.style)
	m := fyne.NewSize(text.Width+2*theme.InnerPadding(), 0)
	for _, o := range objects {
		m = m.Max(o.MinSize())
	}
	return m
}
