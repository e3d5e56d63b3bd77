package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// resultsScreen shows the forecast as an auditor would conclude: the opinion
// and the criteria at risk, the headline figures over what is answered, the
// verdict and its reason, readiness per area as a bar chart, and the findings,
// most serious first, each with a link back to its question.
type resultsScreen struct {
	w       *workspace
	content fyne.CanvasObject

	readiness *widget.Label
	clean     *widget.Label
	expected  *widget.Label
	expRange  *widget.Label // "10–90%: 3–8" under the expected exceptions
	verdict   *widget.Label
	reason    *widget.Label
	opinion   *widget.RichText // "Qualified opinion risk: CC6.5 has no control…"
	coverage  *widget.Label    // "Forecast over 93 of 110 questions answered"
	areas     *fyne.Container
	criteria  *fyne.Container // the criteria at risk, under the area bars
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
	r.opinion = newLeadText()
	caption := func(s string) *widget.Label {
		l := widget.NewLabelWithStyle(s, fyne.TextAlignCenter, fyne.TextStyle{})
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	r.expRange, r.coverage = caption(""), caption("")
	r.coverage.Alignment = fyne.TextAlignLeading
	// The three figures on the left, the verdict, the opinion and their
	// reasons beside them.
	figures := container.NewGridWithColumns(3,
		container.NewVBox(r.readiness, caption("readiness of answered")),
		container.NewVBox(r.expected, caption("exceptions expected"), r.expRange),
		container.NewVBox(r.clean, caption("chance of none")),
	)
	r.retired = newNotice()
	top := container.NewBorder(nil, nil, figures, nil, container.NewVBox(r.verdict, r.reason, r.opinion, r.coverage, r.retired.box))

	r.areas = container.NewVBox()
	r.criteria = container.NewVBox()
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
			setLeadText(x.body, findingLead(it), it.Reason)
			x.open.OnTapped = func() { r.w.showQuestion(it.Question.ID) }
			r.list.SetItemHeight(i, o.MinSize().Height)
		})
	exHeading := widget.NewLabelWithStyle("Findings, most serious first", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	// The criteria at risk come first: they decide the opinion.
	left := container.NewVScroll(container.NewVBox(r.criteria,
		widget.NewLabelWithStyle("Readiness per area", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), r.areas))
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
	if f.Answered == 0 {
		r.readiness.SetText("—")
	} else {
		r.readiness.SetText(fmt.Sprintf("%.0f", f.Readiness))
	}
	r.clean.SetText(assessment.Percent(f.CleanChance))
	r.expected.SetText(fmt.Sprintf("%.1f", f.Expected))
	r.expRange.SetText(fmt.Sprintf("likely %d–%d", f.ExpectedRange[0], f.ExpectedRange[1]))
	r.verdict.SetText("Verdict: " + f.Verdict.Label())
	r.verdict.Importance = verdictImportance(f.Verdict)
	r.verdict.Refresh()
	r.reason.SetText(f.VerdictReason)
	setLeadText(r.opinion, f.Opinion.Label()+".", f.OpinionReason)
	r.coverage.SetText(coverageText(f))
	r.retired.set(assessment.RetiredNotice(r.w.s.bank, r.w.s.a))
	r.areas.Objects = nil
	for _, a := range f.Areas {
		r.areas.Add(areaBar(a))
	}
	r.areas.Refresh()
	r.criteria.Objects = nil
	if risk := criteriaBySeverity(f.AtRisk()); len(risk) > 0 {
		r.criteria.Add(widget.NewLabelWithStyle(fmt.Sprintf("Criteria at risk (%d)", len(risk)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, c := range risk {
			body := newLeadText()
			setLeadText(body, c.Criterion.ID+" · "+c.State.Label()+".", c.Reason)
			r.criteria.Add(body)
		}
		r.criteria.Add(widget.NewSeparator())
	}
	r.criteria.Refresh()
	r.items = f.Exceptions()
	r.list.Refresh()
}

// criteriaBySeverity orders the criteria at risk as they weigh on the
// opinion: not met first, then those missing a key control, then the rest,
// each group in report order.
func criteriaBySeverity(cs []assessment.CriterionStatus) []assessment.CriterionStatus {
	weight := func(c assessment.CriterionStatus) int {
		switch {
		case c.State == assessment.CriterionNotMet:
			return 0
		case c.KeyGap:
			return 1
		}
		return 2
	}
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(x, y assessment.CriterionStatus) int { return weight(x) - weight(y) })
	return out
}

// coverageText says what the figures are over, in the words the PDF uses.
func coverageText(f assessment.Forecast) string {
	return fmt.Sprintf("Forecast over %d of %d questions answered.", f.Answered, f.Applicable)
}

// findingLead is the first words of a finding: how likely, what kind, what
// the auditor tests, and the impact.
func findingLead(it assessment.Item) string {
	impact := "impact " + impactWords(it.Question.Impact)
	switch {
	case !it.Answered:
		return "Not answered yet · " + impact + "."
	case !it.Exists() && it.Question.Practice == assessment.Recommended:
		return it.FindingWords() + ", not in place · " + impact + "."
	case !it.Exists():
		return it.FindingWords() + ": criteria at risk · " + impact + "."
	}
	kind := strings.ToLower(it.FindingWords())
	if !it.Counted {
		return assessment.Percent(it.Probability) + " likely, not counted · " + kind + " · " + impact + "."
	}
	return assessment.Percent(it.Probability) + " likely exception · " + kind + " · " + impact + "."
}

// verdictImportance colours a verdict: green, amber or red.
func verdictImportance(v assessment.Verdict) widget.Importance {
	switch v {
	case assessment.Ready:
		return widget.SuccessImportance
	case assessment.NearlyReady:
		return widget.WarningImportance
	case assessment.Incomplete:
		return widget.MediumImportance
	}
	return widget.DangerImportance
}

// areaBar is one bar of the readiness chart: the area's name, a bar coloured
// by the verdict's bands, the number beside it (readable in greyscale), and
// how much is answered.
func areaBar(a assessment.AreaScore) fyne.CanvasObject {
	name := widget.NewLabel(a.Name)
	name.Truncation = fyne.TextTruncateEllipsis
	answered := widget.NewLabelWithStyle(fmt.Sprintf("%d/%d", a.Answered, a.Applicable), fyne.TextAlignTrailing, fyne.TextStyle{})
	answered.SizeName = theme.SizeNameCaptionText
	if !a.Scored() {
		// Nobody has answered the area: no score, not a score of 0.
		value := widget.NewLabelWithStyle("—", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		return newWeightedRow([]float32{2.7, 2.2, 0.55, 0.75}, name, newMeter(0, theme.ColorNameDisabled), value, answered)
	}
	value := widget.NewLabelWithStyle(fmt.Sprintf("%.0f", a.Readiness), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
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
