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
	retired   *notice // answers that do not count
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
	// The three figures on the left, the verdict and its reason beside them.
	figures := container.NewGridWithColumns(3,
		container.NewVBox(r.readiness, caption("readiness out of 100")),
		container.NewVBox(r.clean, caption("chance of no exceptions")),
		container.NewVBox(r.expected, caption("exceptions expected")),
	)
	r.retired = newNotice()
	top := container.NewBorder(nil, nil, figures, nil, container.NewVBox(r.verdict, r.reason, r.retired.box))

	r.areas = container.NewVBox()
	rows := map[fyne.CanvasObject]*exceptionRow{}
	r.list = widget.NewList(
		func() int { return len(r.items) },
		func() fyne.CanvasObject {
			x := &exceptionRow{head: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), body: newLeadText()}
			x.head.Truncation = fyne.TextTruncateEllipsis
			x.open = widget.NewButtonWithIcon("Question", theme.NavigateNextIcon(), nil)
			// The button keeps its height, centred beside the text.
			o := container.NewBorder(nil, nil, nil, container.NewCenter(x.open), newTightVBox(x.head, x.body))
			rows[o] = x
			return o
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it, x := r.items[i], rows[o]
			x.head.SetText(it.Question.ID + "  " + it.Question.Title)
			likely := assessment.Percent(it.Probability) + " likely"
			if !it.Answered {
				likely = "Not answered yet"
			}
			setLeadText(x.body, fmt.Sprintf("%s · impact %s.", likely, impactWords(it.Question.Impact)), it.Reason)
			x.open.OnTapped = func() { r.w.showQuestion(it.Question.ID) }
			r.list.SetItemHeight(i, o.MinSize().Height)
		})
	exHeading := widget.NewLabelWithStyle("Likely exceptions, most serious first", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	left := container.NewBorder(widget.NewLabelWithStyle("Readiness per area", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil,
		container.NewVScroll(r.areas))
	right := container.NewBorder(exHeading, nil, nil, nil, r.list)
	split := container.NewHSplit(left, right)
	split.Offset = 0.4
	r.content = container.NewBorder(container.NewVBox(container.NewPadded(top), widget.NewSeparator()), nil, nil, nil, split)
	w.s.onChange(w.whileShown(tabResults, r.refresh))
	r.refresh()
	return r
}

// exceptionRow holds the widgets of one row of the exception list.
type exceptionRow struct {
	head *widget.Label    // ID and title
	body *widget.RichText // how likely, impact, and why
	open *widget.Button   // to the question
}

func (r *resultsScreen) refresh() {
	f := r.w.s.forecast
	r.readiness.SetText(fmt.Sprintf("%.0f", f.Readiness))
	r.clean.SetText(assessment.Percent(f.CleanChance))
	r.expected.SetText(fmt.Sprintf("%.1f", f.Expected))
	r.verdict.SetText("Verdict: " + f.Verdict.Label())
	r.verdict.Importance = verdictImportance(f.Verdict)
	r.verdict.Refresh()
	r.reason.SetText(f.VerdictReason)
	r.retired.set(assessment.RetiredNotice(r.w.s.bank, r.w.s.a))
	r.areas.Objects = nil
	for _, a := range f.Areas {
		r.areas.Add(areaBar(a))
	}
	r.areas.Refresh()
	r.items = f.Exceptions()
	r.list.Refresh()
}

// verdictImportance colours a verdict: green, amber or red.
func verdictImportance(v assessment.Verdict) widget.Importance {
	switch v {
	case assessment.Ready:
		return widget.SuccessImportance
	case assessment.NearlyReady:
		return widget.WarningImportance
	}
	return widget.DangerImportance
}

// areaBar is one bar of the readiness chart: the area's name, a bar coloured
// by the verdict's bands, the number beside it (readable in greyscale), and
// how much is answered.
func areaBar(a assessment.AreaScore) fyne.CanvasObject {
	name := widget.NewLabel(a.Name)
	name.Truncation = fyne.TextTruncateEllipsis
	value := widget.NewLabelWithStyle(fmt.Sprintf("%.0f", a.Readiness), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	answered := widget.NewLabelWithStyle(fmt.Sprintf("%d/%d", a.Answered, a.Applicable), fyne.TextAlignTrailing, fyne.TextStyle{})
	answered.SizeName = theme.SizeNameCaptionText
	return newWeightedRow([]float32{2.7, 2.2, 0.55, 0.75}, name, newMeter(a.Readiness/100, readinessColor(a.Readiness)), value, answered)
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
