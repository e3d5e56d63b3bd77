package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// compareScreen compares an assessment with another one, or with a snapshot
// of its own history: readiness overall and per area side by side, and
// which likely exceptions appeared or disappeared. The History tab shows
// the same comparisonView for an assessment's own snapshots.
type compareScreen struct {
	u       *App
	id      string
	content fyne.CanvasObject
	view    *comparisonView
}

// compareHint says what can be compared.
const compareHint = "Compare this assessment as it is now, or one of its snapshots, with another snapshot or another assessment as it is now. " +
	"Snapshots are taken in the History tab, and each time you leave an assessment after changing answers."

// compareNothing is shown when there is nothing to compare with.
const compareNothing = "There is nothing to compare with yet: take a snapshot in the History tab of this assessment, or add another assessment."

// showCompare shows the comparison screen for assessment id.
func showCompare(u *App, id string) *compareScreen {
	if u.store == nil {
		u.showError("Cannot compare", u.dbErr)
		return nil
	}
	if u.workspace != nil {
		// End the answering session first: its snapshot is one to compare.
		u.ShowHome()
		u.home.selectID(id)
	}
	a, err := u.store.Get(id)
	if err == nil {
		err = a.CheckBank(u.bank)
	}
	if err != nil {
		u.showError("Could not compare the assessment", err)
		return nil
	}
	rows, err := u.store.List()
	if err != nil {
		u.showError("Could not list the assessments", err)
		return nil
	}
	u.leaveWorkspace()
	c := &compareScreen{u: u, id: id, view: newComparisonView(u.bank, compareNothing)}
	bank, now := u.bank, u.opts.Now()
	current := assessment.Score(bank, a).Snapshot(now, "now")
	points := []comparePoint{{label: a.Company + " · now", short: "Now", company: a.Company,
		snap: func() (assessment.Snapshot, error) { return current, nil }}}
	for _, s := range sortedSnapshots(a.History) {
		points = append(points, comparePoint{label: a.Company + " · " + snapshotLabel(s), short: snapshotDay(s), company: a.Company,
			snap: func() (assessment.Snapshot, error) { return s, nil }})
	}
	own := len(points)
	for _, r := range rows {
		if r.ID == id {
			continue
		}
		points = append(points, comparePoint{label: r.Company + " · now", short: r.Company, company: r.Company, snap: otherNow(u, r.ID, now)})
	}
	// By default: the latest snapshot that differs from now, else another
	// assessment, with this one now.
	from := ""
	switch {
	case own > 1:
		from = points[1+latestDiffering(a.History, current)].label
	case len(points) > 1:
		from = points[1].label
	}
	c.view.set(points, from, points[0].label)

	back := widget.NewButtonWithIcon("Assessments", theme.NavigateBackIcon(), c.back)
	title := widget.NewLabelWithStyle("Compare "+a.Company, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Truncation = fyne.TextTruncateEllipsis
	hint := newHint(compareHint, fyne.TextAlignLeading)
	header := container.NewVBox(container.NewBorder(nil, nil, back, nil, title), hint, widget.NewSeparator())
	c.content = container.NewBorder(header, nil, nil, nil, container.NewPadded(c.view.content))
	u.compare = c
	u.win.SetTitle("Compare " + a.Company + " — " + WindowTitle)
	u.setContent(c.content)
	u.refreshMenu()
	return c
}

// back goes to the list, with the compared assessment selected.
func (c *compareScreen) back() {
	c.u.ShowHome()
	c.u.home.selectID(c.id)
}

// otherNow scores another assessment as it is now, read when first picked
// (and kept): the list may hold hundreds.
func otherNow(u *App, id string, now time.Time) func() (assessment.Snapshot, error) {
	var snap *assessment.Snapshot
	return func() (assessment.Snapshot, error) {
		if snap != nil {
			return *snap, nil
		}
		a, err := u.store.Get(id)
		if err == nil {
			err = a.CheckBank(u.bank)
		}
		if err != nil {
			return assessment.Snapshot{}, err
		}
		s := assessment.Score(u.bank, a).Snapshot(now, "now")
		snap = &s
		return s, nil
	}
}

// latestDiffering returns the index, in sortedSnapshots(history), of the
// latest snapshot whose figures differ from now (the latest when none do),
// so that the first comparison shown says something; -1 when there is none.
func latestDiffering(history []assessment.Snapshot, now assessment.Snapshot) int {
	snaps := sortedSnapshots(history)
	figures := func(s assessment.Snapshot) string {
		return fmt.Sprintf("%.0f %.1f %d", s.Readiness, s.Expected, s.Answered)
	}
	for i := len(snaps) - 1; i >= 0; i-- {
		if figures(snaps[i]) != figures(now) {
			return i
		}
	}
	return len(snaps) - 1
}

// sortedSnapshots returns a history oldest first.
func sortedSnapshots(history []assessment.Snapshot) []assessment.Snapshot {
	snaps := slices.Clone(history)
	slices.SortStableFunc(snaps, func(x, y assessment.Snapshot) int { return x.Taken.Compare(y.Taken) })
	return snaps
}

// comparePoint is one side a comparison can take: an assessment as it is
// now, or one of its snapshots.
type comparePoint struct {
	label   string // as offered in the pickers
	short   string // a column's heading in the table
	company string
	snap    func() (assessment.Snapshot, error)
}

// comparisonView picks two points and shows how they differ: readiness
// overall and per area side by side, then Comparison.Text.
type comparisonView struct {
	bank    *assessment.Bank
	content fyne.CanvasObject
	none    string // shown while there are not two points to compare

	from, to *widget.Select
	points   map[string]comparePoint
	labels   []string
	areas    *fyne.Container // the side-by-side table
	text     *widget.Label   // Comparison.Text
}

func newComparisonView(bank *assessment.Bank, none string) *comparisonView {
	v := &comparisonView{bank: bank, none: none, points: map[string]comparePoint{}}
	v.from = widget.NewSelect(nil, func(string) { v.show() })
	v.to = widget.NewSelect(nil, func(string) { v.show() })
	v.from.PlaceHolder, v.to.PlaceHolder = "(choose)", "(choose)"
	v.text = widget.NewLabel("")
	v.text.Wrapping = fyne.TextWrapWord
	v.areas = container.NewVBox()
	// The pickers share the width: a snapshot's label is long.
	pickers := container.NewBorder(nil, nil, widget.NewLabel("Compare"), nil,
		newWeightedRow([]float32{1, 1}, v.from, container.NewBorder(nil, nil, widget.NewLabel("with"), nil, v.to)))
	body := newWeightedRow([]float32{1.2, 1}, container.NewVScroll(v.areas), container.NewVScroll(v.text))
	v.content = container.NewBorder(pickers, nil, nil, nil, body)
	return v
}

// set offers points (labels made unique) in both pickers. A choice still
// offered is kept; otherwise from and to are chosen.
func (v *comparisonView) set(points []comparePoint, from, to string) {
	v.points = map[string]comparePoint{}
	v.labels = v.labels[:0]
	for _, p := range points {
		label := p.label
		for n := 2; v.points[label].snap != nil; n++ {
			label = fmt.Sprintf("%s (%d)", p.label, n)
		}
		p.label = label
		v.points[label] = p
		v.labels = append(v.labels, label)
	}
	v.from.Options, v.to.Options = v.labels, v.labels
	if _, ok := v.points[v.from.Selected]; !ok {
		v.from.Selected = from
	}
	if _, ok := v.points[v.to.Selected]; !ok {
		v.to.Selected = to
	}
	v.from.Refresh()
	v.to.Refresh()
	v.show()
}

// show compares the two points chosen.
func (v *comparisonView) show() {
	a, okA := v.points[v.from.Selected]
	b, okB := v.points[v.to.Selected]
	if !okA || !okB {
		v.areas.Objects = nil
		v.areas.Refresh()
		v.text.SetText(v.none)
		return
	}
	from, err := a.snap()
	if err == nil {
		var to assessment.Snapshot
		to, err = b.snap()
		if err == nil {
			v.showComparison(assessment.Compare(from, to, v.bank), a, b)
			return
		}
	}
	v.areas.Objects = nil
	v.areas.Refresh()
	v.text.SetText("These cannot be compared.\n\n" + plainError(err))
}

func (v *comparisonView) showComparison(c assessment.Comparison, a, b comparePoint) {
	text := c.Text()
	fromHead, toHead := cmp.Or(a.short, a.label), cmp.Or(b.short, b.label)
	if !assessment.SameCompany(a.company, b.company) {
		text = fmt.Sprintf("Comparing two different companies: %s and %s.\n\n%s", a.company, b.company, text)
		fromHead, toHead = a.company, b.company
	}
	v.text.SetText(text)

	heading := func(s string) *widget.Label {
		l := bold(s)
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	rows := []fyne.CanvasObject{
		compareRow(heading("Area"), heading(fromHead), heading(toHead), heading("Change")),
		compareRow(bold("Overall"), readinessCell(c.From.Readiness, true), readinessCell(c.To.Readiness, true), changeLabel(c.From.Readiness, c.To.Readiness, true, true)),
		outcomeRow("Verdict", verdictWords(c.From.Verdict), verdictWords(c.To.Verdict), rankChange(verdictRank, c.From.Verdict, c.To.Verdict)),
		outcomeRow("Opinion", opinionWords(c.From.Opinion), opinionWords(c.To.Opinion), rankChange(opinionRank, c.From.Opinion, c.To.Opinion)),
	}
	for _, ar := range c.Areas {
		name := widget.NewLabel(ar.Name)
		name.Truncation = fyne.TextTruncateEllipsis
		rows = append(rows, compareRow(name, readinessCell(ar.From, ar.InFrom), readinessCell(ar.To, ar.InTo), changeLabel(ar.From, ar.To, ar.InFrom, ar.InTo)))
	}
	v.areas.Objects = rows
	v.areas.Refresh()
}

// outcomeRow is a row of words (the verdict, the opinion) in the table.
func outcomeRow(name, from, to, change string) *fyne.Container {
	cell := func(s string, align fyne.TextAlign) *widget.Label {
		l := widget.NewLabelWithStyle(s, align, fyne.TextStyle{})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	return compareRow(bold(name), cell(from, fyne.TextAlignTrailing), cell(to, fyne.TextAlignTrailing), cell(change, fyne.TextAlignTrailing))
}

// verdictWords is a snapshot's verdict; "not recorded" when it has none.
func verdictWords(v assessment.Verdict) string {
	if v == "" {
		return notRecorded
	}
	return v.Label()
}

// opinionWords is a snapshot's opinion in a table cell. Snapshots taken
// before the forecast gave an opinion have none.
func opinionWords(o assessment.Opinion) string {
	switch o {
	case "":
		return notRecorded
	case assessment.Qualified:
		return "Qualified risk"
	case assessment.Adverse:
		return "Adverse risk"
	}
	return "Unqualified"
}

const notRecorded = "not recorded"

// Ranks of verdicts and opinions, better higher; an incomplete verdict has
// no rank: it is not worse than any other, only unknown.
var (
	verdictRank = map[assessment.Verdict]int{assessment.NotReady: 1, assessment.NearlyReady: 2, assessment.Ready: 3}
	opinionRank = map[assessment.Opinion]int{assessment.Adverse: 1, assessment.Qualified: 2, assessment.Unqualified: 3}
)

// rankChange says whether an outcome got better or worse: "same",
// "better", "worse", or "changed" when either side has no rank.
func rankChange[T comparable](rank map[T]int, from, to T) string {
	x, okX := rank[from]
	y, okY := rank[to]
	switch {
	case from == to:
		return "same"
	case !okX || !okY:
		return "changed"
	case y > x:
		return "better"
	}
	return "worse"
}

// compareRow lays out one row of the side-by-side table.
func compareRow(name, from, to, change fyne.CanvasObject) *fyne.Container {
	return newWeightedRow([]float32{2.0, 1.55, 1.55, 1.0}, name, from, to, change)
}

// readinessCell is a readiness as a number beside a bar; "–" where nothing
// applied.
func readinessCell(v float64, in bool) fyne.CanvasObject {
	value := widget.NewLabelWithStyle("–", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	bar := newMeter(0, theme.ColorNameError)
	if in {
		value.SetText(fmt.Sprintf("%.0f", v))
		bar.set(v/100, readinessColor(v))
	}
	return container.NewBorder(nil, nil, nil, newAtLeast("100", value), bar)
}

// changeLabel is the difference in words a greyscale print keeps: "+5",
// "−3", "no change", "new", "gone".
func changeLabel(from, to float64, inFrom, inTo bool) *widget.Label {
	text := "same"
	switch d := to - from; {
	case !inFrom && !inTo:
		text = "–"
	case !inFrom:
		text = "new"
	case !inTo:
		text = "gone"
	case d >= 0.5:
		text = fmt.Sprintf("+%.0f", d)
	case d <= -0.5:
		text = fmt.Sprintf("−%.0f", -d)
	}
	l := widget.NewLabelWithStyle(text, fyne.TextAlignTrailing, fyne.TextStyle{})
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// snapshotDay names a snapshot in a column's heading.
func snapshotDay(s assessment.Snapshot) string { return s.Taken.Local().Format("2 Jan 2006") }

// snapshotLabel names a snapshot in a picker: when, its label, its readiness.
func snapshotLabel(s assessment.Snapshot) string {
	l := s.Taken.Local().Format("2 Jan 2006 15:04")
	if s.Label != "" {
		l += " (" + strings.TrimSpace(s.Label) + ")"
	}
	return fmt.Sprintf("%s · %.0f", l, s.Readiness)
}
