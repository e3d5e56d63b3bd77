package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// resultsScreen shows the forecast: the headline figures, the verdict and its
// reason, readiness per area as a bar chart, and the likely exceptions, most
// serious first, each with a link back to its question.
type resultsScreen struct {
	w       *workspace
	content fyne.CanvasObject

	readiness *widget.Label
	clean     *widget.Label
	expected  *widget.Label
	verdict   *widget.Label
	reason    *widget.Label
	areas     *fyne.Container
	list      *widget.List
	items     []assessment.Item
}

func newResultsScreen(w *workspace) *resultsScreen {
	r := &resultsScreen{w: w}
	figure := func() *widget.Label {
		l := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		l.SizeName = theme.SizeNameHeadingText
		return l
	}
	r.readiness, r.clean, r.expected = figure(), figure(), figure()
	r.verdict = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.verdict.SizeName = theme.SizeNameSubHeadingText
	r.reason = widget.NewLabel("")
	r.reason.Wrapping = fyne.TextWrapWord
	caption := func(s string) *widget.Label {
		l := widget.NewLabelWithStyle(s, fyne.TextAlignCenter, fyne.TextStyle{})
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	figures := container.NewGridWithColumns(3,
		container.NewVBox(r.readiness, caption("readiness out of 100")),
		container.NewVBox(r.clean, caption("chance of a report with no exceptions")),
		container.NewVBox(r.expected, caption("exceptions expected")),
	)
	r.areas = container.NewVBox()
	r.list = widget.NewList(
		func() int { return len(r.items) },
		func() fyne.CanvasObject {
			head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			head.Truncation = fyne.TextTruncateEllipsis
			reason := widget.NewLabel("")
			reason.Wrapping = fyne.TextWrapWord
			open := widget.NewButtonWithIcon("Question", theme.NavigateNextIcon(), nil)
			return container.NewBorder(nil, nil, nil, open, container.NewVBox(head, reason))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := r.items[i]
			row := o.(*fyne.Container)
			text := row.Objects[0].(*fyne.Container)
			likely := fmt.Sprintf("%s likely", percent(it.Probability))
			if !it.Answered {
				likely = "not answered yet"
			}
			text.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%s  %s — %s, impact %s",
				it.Question.ID, it.Question.Title, likely, impactWords(it.Question.Impact)))
			text.Objects[1].(*widget.Label).SetText(it.Reason)
			row.Objects[1].(*widget.Button).OnTapped = func() { r.w.showQuestion(it.Question.ID) }
			r.list.SetItemHeight(i, row.MinSize().Height)
		})
	exHeading := widget.NewLabelWithStyle("Likely exceptions, most serious first", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := container.NewVBox(figures, widget.NewSeparator(), r.verdict, r.reason, widget.NewSeparator())
	left := container.NewBorder(widget.NewLabelWithStyle("Readiness per area", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil,
		container.NewVScroll(r.areas))
	right := container.NewBorder(exHeading, nil, nil, nil, r.list)
	split := container.NewHSplit(left, right)
	split.Offset = 0.4
	r.content = container.NewBorder(container.NewPadded(top), nil, nil, nil, split)
	w.s.onChange(r.refresh)
	r.refresh()
	return r
}

func (r *resultsScreen) refresh() {
	f := r.w.s.forecast
	r.readiness.SetText(fmt.Sprintf("%.0f", f.Readiness))
	r.clean.SetText(fmt.Sprintf("%.0f%%", 100*f.CleanChance))
	r.expected.SetText(fmt.Sprintf("%.1f", f.Expected))
	r.verdict.SetText("Verdict: " + f.Verdict.Label())
	r.reason.SetText(f.VerdictReason)
	r.areas.Objects = nil
	for _, a := range f.Areas {
		r.areas.Add(areaBar(a))
	}
	r.areas.Refresh()
	r.items = f.Exceptions()
	r.list.Refresh()
}

// areaBar is one bar of the readiness chart: the area's name, a bar with the
// number written on it (readable in greyscale), and how much is answered.
func areaBar(a assessment.AreaScore) fyne.CanvasObject {
	name := widget.NewLabel(a.Name)
	bar := widget.NewProgressBar()
	bar.Max = 100
	bar.SetValue(a.Readiness)
	bar.TextFormatter = func() string { return fmt.Sprintf("%.0f", a.Readiness) }
	name.Truncation = fyne.TextTruncateEllipsis
	answered := widget.NewLabelWithStyle(fmt.Sprintf("%d/%d", a.Answered, a.Applicable), fyne.TextAlignTrailing, fyne.TextStyle{})
	answered.SizeName = theme.SizeNameCaptionText
	return newWeightedRow([]float32{2.2, 2, 0.9}, name, container.NewPadded(bar), answered)
}

// percent writes a probability without rounding an uncertain one to 0 or 100.
func percent(p float64) string {
	switch v := 100 * p; {
	case v > 0 && v < 0.5:
		return "<1%"
	case v < 100 && v >= 99.5:
		return ">99%"
	default:
		return fmt.Sprintf("%.0f%%", v)
	}
}

func impactWords(n int) string {
	switch n {
	case 3:
		return "high"
	case 2:
		return "medium"
	default:
		return "low"
	}
}
