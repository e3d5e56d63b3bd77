package ui

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
	"soc2ready/report"
)

// mockKeys is the hint above the samples.
const mockKeys = "Keys: Up/Down item · P pass (and next) · F fail · N note · E evidence · Delete clears · Esc leaves a field"

// mockScreen is the mock audit: the company's lists (populations) on the
// left, with their counts in the period and an import per kind; on the
// right the auditor's sample of every control drawn from them, each item
// marked pass or fail from the keyboard. Every mark is saved at once and
// the forecast takes it in.
type mockScreen struct {
	w       *workspace
	content fyne.CanvasObject

	pops map[assessment.PopulationKind]*widget.Label // each kind's count, or the estimate

	samples []assessment.Sample
	rows    []mockRow // the list's rows: a heading per sample, then its items
	list    *mockList
	cells   map[fyne.CanvasObject]*mockCell
	sel     int // the selected row, -1 for none
	seed    *widget.Label
	top     *fyne.Container // the seed and the keys, with samples only
	empty   *widget.Label

	// the selected item
	detail            *fyne.Container
	item              *widget.Label
	pass, fail, clear *widget.Button
	note, evidence    *fieldEntry
	status            *notice // what the note is waiting for
	filling           bool    // true while the fields are filled, so no save fires

	// newSeed draws a seed for "New seed"; tests replace it.
	newSeed func(old uint64) uint64
}

// mockList is the samples list. A click gives it the focus; the keys it
// then receives are the screen's, as when nothing has the focus.
type mockList struct {
	widget.List
	m *mockScreen
}

func (l *mockList) TypedKey(ev *fyne.KeyEvent) { l.m.typedKey(ev) }
func (l *mockList) TypedRune(r rune)           { l.m.typedRune(r) }

// mockRow is a row of the samples list: a sample's heading (item -1) or one
// of its items.
type mockRow struct {
	sample, item int
}

// mockCell holds the widgets of one list row; a row shows a heading or an
// item.
type mockCell struct {
	heading, count            *widget.Label
	result, id, date, comment *widget.Label
	headBox, itemBox          *fyne.Container
}

func newMockScreen(w *workspace) *mockScreen {
	m := &mockScreen{w: w, sel: -1, newSeed: randomSeed, cells: map[fyne.CanvasObject]*mockCell{}}
	split := container.NewHSplit(m.buildPopulations(), m.buildSamples())
	split.Offset = 0.3
	m.content = split
	w.s.onChange(w.whileShown(tabMock, m.refresh))
	m.refresh()
	return m
}

// buildPopulations is the left column: one block per population kind.
func (m *mockScreen) buildPopulations() fyne.CanvasObject {
	intro := widget.NewLabel("Import the lists you already have (leavers from HR, changes from git, vendors from finance) as CSV with a header row: an identifier and a date per row.")
	intro.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(intro)
	m.pops = map[assessment.PopulationKind]*widget.Label{}
	for _, k := range assessment.PopulationKinds {
		name := widget.NewLabelWithStyle(kindTitle(k), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		imp := widget.NewButtonWithIcon("Import list…", theme.FolderOpenIcon(), func() { m.chooseList(k) })
		count := widget.NewLabel("")
		count.Wrapping = fyne.TextWrapWord
		m.pops[k] = count
		box.Add(widget.NewSeparator())
		box.Add(newTightVBox(container.NewBorder(nil, nil, nil, imp, name), count))
	}
	return container.NewVScroll(box)
}

// kindTitle is a population's name as a heading: "Leavers", "People".
func kindTitle(k assessment.PopulationKind) string {
	n := k.Noun()
	return strings.ToUpper(n[:1]) + n[1:]
}

// buildSamples is the right column: the seed, the samples and the selected
// item's fields.
func (m *mockScreen) buildSamples() fyne.CanvasObject {
	m.seed = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	reseed := widget.NewButtonWithIcon("New seed", theme.ViewRefreshIcon(), m.reseed)
	keys := newHint(mockKeys, fyne.TextAlignLeading)
	keys.Segments[0].(*widget.TextSegment).Style.SizeName = theme.SizeNameCaptionText
	m.top = container.NewVBox(container.NewBorder(nil, nil, nil, reseed, m.seed), keys)

	m.list = &mockList{m: m}
	m.list.Length, m.list.CreateItem, m.list.UpdateItem = func() int { return len(m.rows) }, m.newCell, m.fillCell
	m.list.ExtendBaseWidget(m.list)
	m.list.OnSelected = m.selected
	m.empty = widget.NewLabel("No sample yet. Import a list on the left: the auditor's sample is drawn for every control tested on that population, from the items dated inside the period.")
	m.empty.Wrapping = fyne.TextWrapWord

	m.item = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	m.item.Truncation = fyne.TextTruncateEllipsis
	m.pass = widget.NewButtonWithIcon("Pass (P)", theme.ConfirmIcon(), func() { m.mark(assessment.ResultPass) })
	m.fail = widget.NewButtonWithIcon("Fail (F)", theme.CancelIcon(), func() { m.mark(assessment.ResultFail) })
	m.clear = widget.NewButton("Not tested", func() { m.mark("") })
	m.note = newFieldEntry()
	m.note.SetPlaceHolder("What was found, e.g. access removed 9 days late (N)")
	m.note.OnChanged = func(string) { m.editText() }
	m.note.limit("Note", assessment.MaxTextLength, m.w.notSaved)
	m.note.OnSubmitted = func(string) { m.w.u.win.Canvas().Unfocus() }
	m.evidence = newFieldEntry()
	m.evidence.SetPlaceHolder("Where the proof is: a path or a link (E)")
	m.evidence.OnChanged = func(string) { m.editText() }
	m.evidence.limit("Evidence", assessment.MaxTextLength, m.w.notSaved)
	m.evidence.OnSubmitted = func(string) { m.w.u.win.Canvas().Unfocus() }
	m.status = newNotice()
	fields := widget.NewForm(widget.NewFormItem("Note", m.note), widget.NewFormItem("Evidence", m.evidence))
	m.detail = container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, container.NewHBox(m.pass, m.fail, m.clear), m.item),
		fields, m.status.box)
	return container.NewBorder(container.NewPadded(m.top), m.detail, nil, nil, container.NewStack(m.empty, m.list))
}

func (m *mockScreen) newCell() fyne.CanvasObject {
	c := &mockCell{
		heading: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		count:   widget.NewLabel(""),
		result:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		id:      widget.NewLabel(""), date: widget.NewLabel(""), comment: widget.NewLabel(""),
	}
	for _, l := range []*widget.Label{c.heading, c.id, c.comment} {
		l.Truncation = fyne.TextTruncateEllipsis
	}
	c.headBox = container.NewBorder(nil, nil, nil, c.count, c.heading)
	c.itemBox = newWeightedRow([]float32{0.9, 2.6, 1.1, 2.4}, c.result, c.id, c.date, c.comment)
	o := container.NewStack(c.headBox, c.itemBox)
	m.cells[o] = c
	return o
}

func (m *mockScreen) fillCell(i widget.ListItemID, o fyne.CanvasObject) {
	c := m.cells[o]
	if c == nil || i >= len(m.rows) {
		return
	}
	r := m.rows[i]
	s := m.samples[r.sample]
	if r.item < 0 {
		c.itemBox.Hide()
		c.headBox.Show()
		setText(c.heading, m.sampleTitle(s))
		setText(c.count, sampleCount(s))
		return
	}
	c.headBox.Hide()
	c.itemBox.Show()
	it := s.Items[r.item]
	text, importance := resultWords(it.Result.Result)
	if c.result.Importance != importance {
		c.result.Importance = importance
		c.result.Refresh()
	}
	setText(c.result, text)
	setText(c.id, it.ID)
	setText(c.date, it.Date.String())
	setText(c.comment, it.Result.Note)
}

// sampleTitle is a sample's heading: the control and its owner.
func (m *mockScreen) sampleTitle(s assessment.Sample) string {
	title := s.Question.ID + "  " + s.Question.Title
	if owner := m.w.s.a.Answers[s.Question.ID].Owner; owner != "" {
		title += " · " + owner
	}
	return title
}

// sampleCount says what was drawn from what: "3 of 8 leavers in the period".
func sampleCount(s assessment.Sample) string {
	return fmt.Sprintf("%d of %d %s in the period", len(s.Items), s.InPeriod, s.Population.Noun())
}

// resultWords is how a result is shown, large and coloured on a projector.
func resultWords(result string) (string, widget.Importance) {
	switch result {
	case assessment.ResultPass:
		return "Pass", widget.SuccessImportance
	case assessment.ResultFail:
		return "Fail", widget.DangerImportance
	}
	return "–", widget.MediumImportance
}

// refresh draws the samples again from the lists, the seed and the results,
// and shows each population's count. The selection stays on the same row:
// a mark changes no sample.
func (m *mockScreen) refresh() {
	a := m.w.s.a
	if m.w.s.resultOnly && len(m.samples) > 0 {
		m.showResults()
		return
	}
	for _, k := range assessment.PopulationKinds {
		setText(m.pops[k], populationWords(a, k))
	}
	seed := a.Mock.Seed
	if seed == 0 {
		seed = assessment.DefaultSeed
	}
	setText(m.seed, fmt.Sprintf("Samples drawn with seed %d", seed))
	var q, item string
	if cur, it, ok := m.current(); ok {
		q, item = cur.Question.ID, it.ID
	}
	m.samples = assessment.DrawSamples(m.w.s.bank, a)
	m.rows = m.rows[:0]
	for si, s := range m.samples {
		m.rows = append(m.rows, mockRow{si, -1})
		for ii := range s.Items {
			m.rows = append(m.rows, mockRow{si, ii})
		}
	}
	if len(m.samples) == 0 {
		m.empty.Show()
		for _, o := range []fyne.CanvasObject{m.top, m.list, m.detail} {
			o.Hide()
		}
	} else {
		m.empty.Hide()
		for _, o := range []fyne.CanvasObject{m.top, m.list, m.detail} {
			o.Show()
		}
	}
	m.list.Refresh()
	// The same item stays selected, wherever its row is now (a new list
	// adds rows above it); else the first item is.
	row, found := -1, false
	for i, r := range m.rows {
		if r.item >= 0 && m.samples[r.sample].Question.ID == q && m.samples[r.sample].Items[r.item].ID == item {
			row, found = i, true
		}
	}
	if !found {
		row = m.nextItem(-1, 1)
		// from the top: the list scrolls to a selection by its size,
		// which is none before the tab is first shown
		defer m.list.ScrollToTop()
	}
	switch {
	case row < 0:
		m.sel = -1
		m.list.UnselectAll()
		m.showSelected(true)
	case row != m.sel:
		m.list.Select(row) // shows it
	default:
		m.showSelected(!found)
	}
}

// showResults takes the recorded results into the samples shown: a mark
// changes no sample, and drawing them again reads every list.
func (m *mockScreen) showResults() {
	results := m.w.s.a.Mock.Results
	for _, s := range m.samples {
		for i := range s.Items {
			s.Items[i].Result = results[s.Question.ID][s.Items[i].ID]
		}
	}
	m.list.Refresh()
	m.showSelected(false)
}

// populationWords says what a population's count comes from: "8 leavers in
// the period, 15 Apr–30 Sep 2027 · from leavers.csv", or the estimate.
func populationWords(a *assessment.Assessment, k assessment.PopulationKind) string {
	l, ok := a.Lists[k]
	if !ok {
		n, _ := a.Profile.InPeriod(k, a.Scope)
		return fmt.Sprintf("No list: the forecast estimates %d %s.", n, k.Noun())
	}
	in := l.InPeriod(a.Scope)
	from := ""
	if l.Source != "" {
		from = " · from " + filepath.Base(l.Source)
	}
	if len(in) == 0 {
		return fmt.Sprintf("None of the %d in the list falls in the period%s.", len(l.Items), from)
	}
	noun := k.Noun()
	if len(in) == 1 {
		noun = k.Singular()
	}
	return fmt.Sprintf("%d %s in the period, %s%s.", len(in), noun, dateRange(in[0].Date, in[len(in)-1].Date), from)
}

// dateRange is "15 Apr–30 Sep 2027", "14 Jan 2026–30 Sep 2027", or one date.
func dateRange(from, to assessment.Date) string {
	switch {
	case from.Equal(to.Time):
		return to.Format("2 Jan 2006")
	case from.Year() == to.Year():
		return from.Format("2 Jan") + "–" + to.Format("2 Jan 2006")
	}
	return from.Format("2 Jan 2006") + "–" + to.Format("2 Jan 2006")
}

// nextItem is the first item row after (delta 1) or before (delta -1) row
// from, or -1.
func (m *mockScreen) nextItem(from, delta int) int {
	for i := from + delta; i >= 0 && i < len(m.rows); i += delta {
		if m.rows[i].item >= 0 {
			return i
		}
	}
	return -1
}

// selected follows the list's selection: a heading passes it on to its
// first item.
func (m *mockScreen) selected(i widget.ListItemID) {
	if i < len(m.rows) && m.rows[i].item < 0 {
		if next := m.nextItem(i, 1); next >= 0 {
			m.list.Select(next)
		} else {
			m.list.Unselect(i)
		}
		return
	}
	m.sel = i
	m.showSelected(true)
}

// current is the selected sample and item.
func (m *mockScreen) current() (assessment.Sample, assessment.SampledItem, bool) {
	if m.sel < 0 || m.sel >= len(m.rows) || m.rows[m.sel].item < 0 {
		return assessment.Sample{}, assessment.SampledItem{}, false
	}
	r := m.rows[m.sel]
	s := m.samples[r.sample]
	return s, s.Items[r.item], true
}

// showSelected shows the selected item's result and fields. The fields are
// filled only when the selection moved: refilling one being typed in would
// fight the typing.
func (m *mockScreen) showSelected(moved bool) {
	s, it, ok := m.current()
	for _, o := range []fyne.Disableable{m.pass, m.fail, m.clear, m.note, m.evidence} {
		if ok {
			o.Enable()
		} else {
			o.Disable()
		}
	}
	if !ok {
		setText(m.item, "")
		m.fillFields(assessment.SampleResult{})
		return
	}
	text, _ := resultWords(it.Result.Result)
	if it.Result.Result == "" {
		text = "not tested"
	}
	setText(m.item, fmt.Sprintf("%s · %s · %s: %s", s.Question.ID, it.ID, it.Date, strings.ToLower(text)))
	m.pass.Importance, m.fail.Importance = widget.MediumImportance, widget.MediumImportance
	switch it.Result.Result {
	case assessment.ResultPass:
		m.pass.Importance = widget.SuccessImportance
	case assessment.ResultFail:
		m.fail.Importance = widget.DangerImportance
	}
	m.pass.Refresh()
	m.fail.Refresh()
	if moved {
		m.fillFields(it.Result)
	}
}

func (m *mockScreen) fillFields(r assessment.SampleResult) {
	m.filling = true
	m.note.SetText(r.Note)
	m.evidence.SetText(r.Evidence)
	m.filling = false
	m.status.set("")
}

// mark records the selected item's result with the note and evidence
// typed, and moves on to the next item after a pass (a failure stays, for
// its note). "" clears the result.
func (m *mockScreen) mark(result string) {
	s, it, ok := m.current()
	if !ok {
		return
	}
	r := assessment.SampleResult{Result: result, Note: m.note.Text, Evidence: m.evidence.Text}
	if result == "" {
		r = assessment.SampleResult{}
	}
	if err := m.w.s.setSampleResult(s.Question.ID, it.ID, r); err != nil {
		return
	}
	m.status.set("")
	if result == "" {
		m.fillFields(r)
	}
	if result == assessment.ResultPass {
		if next := m.nextItem(m.sel, 1); next >= 0 {
			m.move(next)
		}
	}
}

// editText saves the note or evidence as typed, with the item's result; an
// item not yet marked keeps them until it is.
func (m *mockScreen) editText() {
	s, it, ok := m.current()
	if !ok || m.filling {
		return
	}
	if it.Result.Result == "" {
		m.status.set("Mark the item pass (P) or fail (F): the note and evidence are saved with the result.")
		return
	}
	m.status.set("")
	r := it.Result
	r.Note, r.Evidence = m.note.Text, m.evidence.Text
	m.w.s.setSampleResult(s.Question.ID, it.ID, r)
}

// move selects a row and scrolls to it, with its sample's heading when it
// is the first item.
func (m *mockScreen) move(row int) {
	m.list.Select(row)
	if row > 0 && m.rows[row-1].item < 0 {
		m.list.ScrollTo(row - 1)
	}
	m.list.ScrollTo(row)
}

// reseed draws the samples again with a new random seed, recorded.
func (m *mockScreen) reseed() {
	m.w.s.setMockSeed(m.newSeed(m.w.s.a.Mock.Seed)) // the session refreshes the screen
}

// randomSeed is a random seed other than 0 (no seed) and old.
func randomSeed(old uint64) uint64 {
	for {
		if s := rand.Uint64(); s != 0 && s != old && s != assessment.DefaultSeed {
			return s
		}
	}
}

// typedKey moves between items and clears a result; keys reach it while no
// field has the focus.
func (m *mockScreen) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		if next := m.nextItem(m.sel, 1); next >= 0 {
			m.move(next)
		}
	case fyne.KeyUp:
		if prev := m.nextItem(m.sel, -1); prev >= 0 {
			m.move(prev)
		}
	case fyne.KeyDelete, fyne.KeyBackspace:
		m.mark("")
	}
}

// typedRune marks the selected item: P pass, F fail; N and E go to its
// note and evidence.
func (m *mockScreen) typedRune(r rune) {
	if _, _, ok := m.current(); !ok {
		return
	}
	switch r {
	case 'p', 'P':
		m.mark(assessment.ResultPass)
	case 'f', 'F':
		m.mark(assessment.ResultFail)
	case 'n', 'N':
		m.w.u.win.Canvas().Focus(m.note)
	case 'e', 'E':
		m.w.u.win.Canvas().Focus(m.evidence)
	}
}

// chooseList asks for a CSV list of a population and imports it.
func (m *mockScreen) chooseList(k assessment.PopulationKind) {
	openDialog(m.w.u, []string{".csv", ".txt"}, func(path string) { m.importList(k, path) })
}

// errList marks a list that could not be read at all (no header, no
// identifier or date column, no rows).
var errList = errors.New("the list could not be read")

// importList reads and checks a CSV list off the UI goroutine, then saves
// it: a list with a bad row is shown row by row, and nothing is stored.
func (m *mockScreen) importList(k assessment.PopulationKind, path string) {
	u := m.w.u
	name := filepath.Base(path)
	var items []assessment.ListItem
	var rowErrs []assessment.RowError
	u.runLong("Reading the list…", func() error {
		data, err := readLimited(path)
		if err != nil {
			return err
		}
		items, rowErrs, err = assessment.ParseList(data, "", "")
		if err != nil {
			return fmt.Errorf("%w: %s: %s", errList, name, listAdvice(err))
		}
		return nil
	}, func() {
		if len(rowErrs) > 0 {
			intro := fmt.Sprintf("%s has %s, so nothing was imported. Fix these rows in the file and import it again.",
				name, plural(len(rowErrs), "problem", "problems"))
			u.showProblems("The list was not imported", intro, listProblems(rowErrs))
			return
		}
		l := assessment.PopulationList{Source: name, Imported: u.opts.Now().UTC(), Items: items}
		if m.w.s.saveList(k, l) != nil {
			return
		}
		in := len(l.InPeriod(m.w.s.a.Scope))
		dialog.ShowInformation("List imported", fmt.Sprintf("%d %s imported from %s, %d in the period.", len(items), k.Noun(), name, in), u.win)
	})
}

// listAdvice words a list's problem for the app: the CLI's flags for
// naming columns have no button here, so the header is to be renamed.
func listAdvice(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ": name it with --"); i >= 0 {
		msg = msg[:i] + ". Name the column id (or email, key…) and the date column date (or last day, merged at…) in the header row, and import it again"
	}
	return msg
}

// listProblems lists a list's bad rows in row order, as a spreadsheet's.
func listProblems(errs []assessment.RowError) []problemGroup {
	rows := make([]report.RowError, len(errs))
	for i, e := range errs {
		rows[i] = report.RowError{Row: e.Row, Problem: e.Problem}
	}
	return rowProblems(rows)
}
