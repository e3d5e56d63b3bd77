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
