package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// Filters of the questionnaire.
const (
	filterAll        = "All questions"
	filterUnanswered = "Unanswered"
	filterFlagged    = "Flagged as unsure"
)

// questionnaireKeys is the hint under the question.
const questionnaireKeys = "Keys: 1–5 answer · Up/Down group · Left/Right or Enter: question · N next unanswered · F unsure · Esc leaves a field"

// allAreas is the first row of the area list: no area filter.
const allAreas = ""

// choice is one large answer button; number keys pick it.
type choice struct {
	value    string
	label    string
	button   *widget.Button
	selected bool
}

// choiceGroup is a row of answer buttons for one field (status, evidence,
// consistency). The number keys act on the active group.
type choiceGroup struct {
	title   *widget.Label
	choices []*choice
	row     *fyne.Container // the buttons
	box     *fyne.Container // title and buttons
	pick    func(value string)
}

func newChoiceGroup(title string, values, labels []string, pick func(string)) *choiceGroup {
	g := &choiceGroup{title: widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), pick: pick}
	g.row = container.NewGridWithColumns(len(values))
	for i, v := range values {
		c := &choice{value: v, label: labels[i]}
		c.button = widget.NewButton(fmt.Sprintf("%d  %s", i+1, labels[i]), func() { g.pick(c.value) })
		g.choices = append(g.choices, c)
		g.row.Add(c.button)
	}
	g.box = container.NewVBox(g.title, g.row)
	return g
}

// beside puts the group's title to the left of its buttons, wrapped: a row
// less than above them, so that a question fits a 700-pixel-high window.
func (g *choiceGroup) beside() *choiceGroup {
	g.title.Wrapping = fyne.TextWrapWord
	g.box = container.New(sideTitle{}, g.title, g.row)
	return g
}

// sideTitle lays out a title and its content side by side, both centred
// vertically: the title takes a quarter of the width (so that the groups'
// buttons line up), less when the content needs more.
type sideTitle struct{}

const sideTitleShare = 0.25

func (sideTitle) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	title, content := objects[0], objects[1]
	cmin := content.MinSize()
	w := max(min(size.Width*sideTitleShare, size.Width-cmin.Width-pad), title.MinSize().Width)
	title.Resize(fyne.NewSize(w, title.MinSize().Height))
	th := title.MinSize().Height // a wrapped title is as high as its lines at this width
	title.Resize(fyne.NewSize(w, th))
	title.Move(fyne.NewPos(0, (size.Height-th)/2))
	content.Resize(fyne.NewSize(size.Width-w-pad, cmin.Height))
	content.Move(fyne.NewPos(w+pad, (size.Height-cmin.Height)/2))
}

func (sideTitle) MinSize(objects []fyne.CanvasObject) fyne.Size {
	title, content := objects[0].MinSize(), objects[1].MinSize()
	return fyne.NewSize(title.Width+theme.Padding()+content.Width, max(title.Height, content.Height))
}

// show marks the selected value, and whether the group is the keyboard's.
// Only what changes is refreshed: this runs on every answer.
func (g *choiceGroup) show(selected string, active bool) {
	for _, c := range g.choices {
		on := c.value == selected
		if on == c.selected {
			continue
		}
		c.selected = on
		if on {
			c.button.Importance = widget.HighImportance
			c.button.Icon = theme.ConfirmIcon()
		} else {
			c.button.Importance = widget.MediumImportance
			c.button.Icon = nil
		}
		c.button.Refresh()
	}
	title := strings.TrimPrefix(g.title.Text, "▸ ")
	if active {
		title = "▸ " + title
	}
	if title != g.title.Text {
		g.title.SetText(title)
	}
}

// questionnaireScreen asks one question at a time, with areas and progress on
// the left. A facilitator never needs the mouse: number keys pick a choice in
// the active group (marked ▸) and move to the next group; Up/Down switch
// groups; Left/Right or Enter go to the previous/next question; N jumps to the
// next unanswered one.
type questionnaireScreen struct {
	w       *workspace
	content fyne.CanvasObject

	// navigation
	visible []assessment.Question
	pos     int
	area    string
	filter  string
	search  string

	// left column
	areaList   *widget.List
	areaRows   []assessment.AreaScore
	areaCells  map[fyne.CanvasObject]*areaCell // the list's rows
	progress   *meter
	progressLb *widget.Label
	filterSel  *widget.Select
	searchBox  *widget.Entry

	// the question
	position   *widget.Label
	title      *widget.Label
	prompt     *widget.Label
	help       *widget.RichText
	evidence   *widget.RichText
	status     *choiceGroup
	proof      *choiceGroup
	operation  *choiceGroup
	naReason   *fieldEntry
	missed     *fieldEntry   // occurrences missed or without proof (Type II, recurring)
	missedMsg  *widget.Label // what the count means, or why it is refused
	missedBox  *fyne.Container
	unfinished *widget.Label // what a started answer still lacks
	owner      *fieldEntry
	due        *dateEntry
	notes      *fieldEntry
	flag       *widget.Check
	details    *widget.Form // owner, due date, notes
	empty      *widget.Label
	detail     *fyne.Container
	retired    *notice // answers that do not count
	paper      *widget.Button

	active  int  // index of the keyboard's choice group
	loading bool // true while fields are filled from an answer, so no save fires
}

func newQuestionnaireScreen(w *workspace) *questionnaireScreen {
	q := &questionnaireScreen{w: w, filter: filterAll}
	q.buildLeft()
	q.buildQuestion()
	// The paper questionnaire, for workshops without a laptop per person.
	q.paper = widget.NewButtonWithIcon("Paper questionnaire…", theme.DocumentPrintIcon(), w.u.printQuestionnaire)
	left := container.NewBorder(
		container.NewVBox(q.progressLb, container.NewPadded(q.progress), q.searchBox, q.filterSel, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), q.paper), nil, nil, q.areaList)
	split := container.NewHSplit(left, q.detail)
	split.Offset = 0.24
	q.content = split
	w.s.onChange(q.refreshLeft)
	q.rebuild("")
	return q
}

func (q *questionnaireScreen) buildLeft() {
	q.progress = newMeter(0, theme.ColorNamePrimary)
	q.progressLb = widget.NewLabel("")
	q.searchBox = widget.NewEntry()
	q.searchBox.SetPlaceHolder("Search questions")
	q.searchBox.ActionItem = widget.NewIcon(theme.SearchIcon())
	q.searchBox.OnChanged = func(s string) {
		q.search = strings.ToLower(strings.TrimSpace(s))
		q.rebuild(q.currentID())
	}
	q.filterSel = widget.NewSelect([]string{filterAll, filterUnanswered, filterFlagged}, nil)
	q.filterSel.Selected = filterAll
	q.filterSel.OnChanged = func(s string) {
		q.filter = s
		q.rebuild(q.currentID())
		q.releaseFocus()
	}
	q.areaCells = map[fyne.CanvasObject]*areaCell{}
	q.areaList = widget.NewList(
		func() int { return len(q.areaRows) + 1 },
		func() fyne.CanvasObject {
			c := &areaCell{name: widget.NewLabel("Security training & people"), count: widget.NewLabel("000/000")}
			c.name.Truncation = fyne.TextTruncateEllipsis
			row := container.NewBorder(nil, nil, nil, c.count, c.name)
			q.areaCells[row] = c
			return row
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := q.areaCells[o]
			c.id = i
			q.fillArea(c)
		})
	q.areaList.OnSelected = func(i widget.ListItemID) {
		area := allAreas
		if i > 0 {
			area = q.areaRows[i-1].Area
		}
		if area != q.area {
			q.area = area
			q.rebuild("")
		}
		q.releaseFocus()
	}
}

func (q *questionnaireScreen) buildQuestion() {
	q.position = widget.NewLabel("")
	q.position.SizeName = theme.SizeNameCaptionText
	q.position.Truncation = fyne.TextTruncateEllipsis
	q.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	q.title.SizeName = theme.SizeNameSubHeadingText
	q.title.Wrapping = fyne.TextWrapWord
	q.prompt = widget.NewLabel("")
	q.prompt.Wrapping = fyne.TextWrapWord
	q.help = newLeadText()
	q.evidence = newLeadText()

	q.status = newChoiceGroup("Is it in place?",
		[]string{string(assessment.Implemented), string(assessment.Partial), string(assessment.Planned), string(assessment.Missing), string(assessment.NotApplicable)},
		[]string{"Yes", "Partly", "Planned", "No", "Not applicable"},
		func(v string) { q.pick(0, v) })
	q.proof = newChoiceGroup("Can you show proof for every occurrence?",
		[]string{string(assessment.EvidenceComplete), string(assessment.EvidencePartial), string(assessment.EvidenceNone)},
		[]string{"Yes, all of it", "Some of it", "No proof"},
		func(v string) { q.pick(1, v) }).beside()
	q.operation = newChoiceGroup("How reliably did it happen over the period?",
		[]string{string(assessment.Always), string(assessment.Mostly), string(assessment.Sometimes), string(assessment.Rarely)},
		[]string{"Always", "Mostly", "Sometimes", "Rarely"},
		func(v string) { q.pick(2, v) }).beside()

	q.naReason = newFieldEntry()
	q.naReason.SetPlaceHolder("Why it does not apply (auditors ask)")
	q.naReason.OnChanged = func(s string) { q.edit(func(a *assessment.Answer) { a.NAReason = s }) }
	q.naReason.limit("Reason", assessment.MaxTextLength, q.w.notSaved)
	q.missed = newFieldEntry()
	q.missed.SetPlaceHolder("not counted")
	q.missed.OnChanged = q.missedChanged
	q.missedMsg = widget.NewLabel("")
	q.missedMsg.Wrapping = fyne.TextWrapWord
	missedTitle := widget.NewLabelWithStyle("How many were missed?", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	missedTitle.Wrapping = fyne.TextWrapWord
	q.missedBox = container.New(sideTitle{}, missedTitle,
		container.NewBorder(nil, nil, container.NewCenter(newAtLeast("1000000 (optional)", q.missed)), nil, q.missedMsg))
	q.unfinished = widget.NewLabel("")
	q.unfinished.Wrapping = fyne.TextWrapWord
	q.unfinished.Importance = widget.WarningImportance
	q.owner = newFieldEntry()
	q.owner.SetPlaceHolder("Who owns this control")
	q.owner.OnChanged = func(s string) { q.edit(func(a *assessment.Answer) { a.Owner = s }) }
	q.owner.limit("Owner", assessment.MaxNameLength, q.w.notSaved)
	q.due = newDateEntry(func(d assessment.Date) { q.edit(func(a *assessment.Answer) { a.Due = d }) })
	q.notes = newMultiLineFieldEntry()
	q.notes.SetPlaceHolder("Notes from the workshop")
	q.notes.SetMinRowsVisible(2)
	q.notes.OnChanged = func(s string) { q.edit(func(a *assessment.Answer) { a.Notes = s }) }
	q.notes.limit("Notes", assessment.MaxTextLength, q.w.notSaved)
	q.flag = widget.NewCheck("Unsure: ask again (F)", func(on bool) {
		q.edit(func(a *assessment.Answer) { a.Flag = on })
		q.releaseFocus()
	})
	// The status group's title shares its row with the unsure flag.
	q.status.box = container.NewVBox(container.NewBorder(nil, nil, nil, q.flag, q.status.title), q.status.row)

	prev := widget.NewButtonWithIcon("Previous", theme.NavigateBackIcon(), func() { q.move(-1) })
	next := widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), func() { q.move(1) })
	next.IconPlacement = widget.ButtonIconTrailingText
	next.Importance = widget.HighImportance
	nextOpen := widget.NewButton("Next unanswered (N)", q.nextUnanswered)
	q.empty = widget.NewLabel("No question matches. Clear the search or choose another filter.")
	q.empty.Wrapping = fyne.TextWrapWord
	q.empty.Hide()

	// Owner and due date on one row, the notes below.
	dueLabel := widget.NewLabelWithStyle("Due", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	q.details = widget.NewForm(
		widget.NewFormItem("Owner", newWeightedRow([]float32{2.2, 1}, q.owner, container.NewBorder(nil, nil, dueLabel, nil, q.due))),
		widget.NewFormItem("Notes", q.notes),
	)
	q.retired = newNotice()
	q.retired.text.SizeName = theme.SizeNameCaptionText // above the question: small
	q.retired.set(assessment.RetiredNotice(q.w.s.bank, q.w.s.a))
	body := container.NewVBox(
		q.retired.box,
		q.position, q.title, q.prompt,
		container.NewGridWithColumns(2, q.help, q.evidence),
		q.status.box, q.naReason, q.unfinished, q.proof.box, q.operation.box, q.missedBox,
		q.details, q.empty,
	)
	keys := newHint(questionnaireKeys, fyne.TextAlignLeading)
	keys.Segments[0].(*widget.TextSegment).Style.SizeName = theme.SizeNameCaptionText
	nav := container.NewBorder(nil, nil, prev, container.NewHBox(nextOpen, next), keys)
	q.detail = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), nav), nil, nil,
		container.NewVScroll(container.NewPadded(body)))
}

// newLeadText is a paragraph that starts with a bold lead-in, as in "Why it
// matters: …".
func newLeadText() *widget.RichText {
	lead := &widget.TextSegment{Style: widget.RichTextStyleStrong}
	lead.Style.Inline = true
	text := &widget.TextSegment{Style: widget.RichTextStyleInline}
	r := widget.NewRichText(lead, text)
	r.Wrapping = fyne.TextWrapWord
	return r
}

func setLeadText(r *widget.RichText, lead, text string) {
	r.Segments[0].(*widget.TextSegment).Text = lead + " "
	r.Segments[1].(*widget.TextSegment).Text = text
	r.Refresh()
}

// groups are the choice groups that apply to the current question, in order.
func (q *questionnaireScreen) groups() []*choiceGroup {
	cur, ok := q.current()
	if !ok {
		return nil
	}
	ans := q.w.s.a.Answers[cur.ID]
	switch ans.Status {
	case assessment.Missing, assessment.Planned, assessment.NotApplicable, "":
		return []*choiceGroup{q.status}
	}
	if cur.Frequency.Recurring() {
		return []*choiceGroup{q.status, q.proof, q.operation}
	}
	return []*choiceGroup{q.status, q.proof}
}

// rebuild recomputes the visible questions and shows keepID if still visible.
func (q *questionnaireScreen) rebuild(keepID string) {
	q.visible = q.visible[:0]
	s := q.w.s
	for _, qu := range s.bank.Questions {
		if !s.a.Applies(qu) || (q.area != allAreas && qu.Area != q.area) {
			continue
		}
		ans := s.a.Answers[qu.ID]
		if q.filter == filterUnanswered && !q.unanswered(qu.ID) || q.filter == filterFlagged && !ans.Flag {
			continue
		}
		if q.search != "" && !strings.Contains(strings.ToLower(qu.ID+" "+qu.Title+" "+qu.Prompt), q.search) {
			continue
		}
		q.visible = append(q.visible, qu)
	}
	q.pos = 0
	for i, qu := range q.visible {
		if qu.ID == keepID {
			q.pos = i
		}
	}
	q.refreshLeft()
	q.showCurrent()
}

// refreshLeft shows the progress and the areas' counts. It runs on every
// answer, so the rows on screen are updated in place, and only the labels
// that change (a list refresh would lay out and shape every row).
func (q *questionnaireScreen) refreshLeft() {
	f := q.w.s.forecast
	resized := len(q.areaRows) != len(f.Areas)
	q.areaRows = f.Areas
	if resized {
		q.areaList.Refresh()
	} else {
		for _, c := range q.areaCells {
			q.fillArea(c)
		}
	}
	if f.Applicable > 0 {
		q.progress.set(float64(f.Answered)/float64(f.Applicable), theme.ColorNamePrimary)
	}
	setText(q.progressLb, fmt.Sprintf("%d of %d questions answered", f.Answered, f.Applicable))
}

// areaCell is one row of the area list: which row it shows, and its labels.
type areaCell struct {
	id          widget.ListItemID
	name, count *widget.Label
}

func (q *questionnaireScreen) fillArea(c *areaCell) {
	if c.id == 0 {
		f := q.w.s.forecast
		setText(c.name, "All areas")
		setText(c.count, fmt.Sprintf("%d/%d", f.Answered, f.Applicable))
		return
	}
	if c.id > len(q.areaRows) {
		return
	}
	a := q.areaRows[c.id-1]
	setText(c.name, a.Name)
	setText(c.count, fmt.Sprintf("%d/%d", a.Answered, a.Applicable))
}

func (q *questionnaireScreen) current() (assessment.Question, bool) {
	if q.pos < 0 || q.pos >= len(q.visible) {
		return assessment.Question{}, false
	}
	return q.visible[q.pos], true
}

func (q *questionnaireScreen) currentID() string {
	cur, _ := q.current()
	return cur.ID
}

// showCurrent fills the form from the current question and its answer.
func (q *questionnaireScreen) showCurrent() {
	cur, ok := q.current()
	for _, o := range []fyne.CanvasObject{q.title, q.prompt, q.help, q.evidence, q.status.box, q.proof.box, q.operation.box, q.missedBox, q.unfinished, q.details, q.naReason} {
		o.Hide()
	}
	if !ok {
		q.position.SetText("")
		q.empty.Show()
		return
	}
	q.empty.Hide()
	for _, o := range []fyne.CanvasObject{q.title, q.prompt, q.help, q.evidence, q.status.box, q.details} {
		o.Show()
	}
	ans := q.w.s.a.Answers[cur.ID]
	q.loading = true
	q.position.SetText(fmt.Sprintf("%s · %s · question %d of %d · %s", cur.ID, q.w.s.bank.AreaName(cur.Area), q.pos+1, len(q.visible), cur.Frequency.Words()))
	q.title.SetText(cur.Title)
	q.prompt.SetText(cur.Prompt)
	setLeadText(q.help, "Why it matters:", cur.Help)
	setLeadText(q.evidence, "What the auditor will ask for:", cur.Evidence)
	q.naReason.SetText(ans.NAReason)
	q.missed.SetText("")
	if ans.Missed.Known {
		q.missed.SetText(strconv.Itoa(ans.Missed.N))
	}
	q.owner.SetText(ans.Owner)
	q.due.SetText(ans.Due.String())
	q.notes.SetText(ans.Notes)
	q.flag.SetChecked(ans.Flag)
	q.loading = false
	if q.active >= len(q.groups()) {
		q.active = 0
	}
	q.showChoices()
}

// showChoices shows the groups that apply and marks the selected values.
func (q *questionnaireScreen) showChoices() {
	cur, _ := q.current()
	ans := q.w.s.a.Answers[cur.ID]
	groups := q.groups()
	if q.active >= len(groups) {
		q.active = len(groups) - 1
	}
	q.proof.box.Hide()
	q.operation.box.Hide()
	q.missedBox.Hide()
	q.naReason.Hide()
	if ans.Status == assessment.NotApplicable {
		q.naReason.Show()
	}
	for _, g := range groups {
		g.box.Show()
	}
	// A count of misses is what the auditor's sample is drawn against: it
	// means something only over a Type II period.
	if len(groups) > 2 && q.w.s.a.Scope.ReportType == assessment.Type2 {
		q.missedBox.Show()
	}
	q.showMissed()
	q.status.show(string(ans.Status), groups[q.active] == q.status)
	q.proof.show(string(ans.Evidence), len(groups) > 1 && groups[q.active] == q.proof)
	q.operation.show(string(ans.Consistency), len(groups) > 2 && groups[q.active] == q.operation)
}

// pick sets a choice in group i and moves the keyboard to the next group; after
// the last group a pick moves on to the next question.
func (q *questionnaireScreen) pick(group int, value string) {
	cur, ok := q.current()
	if !ok {
		return
	}
	ans := q.w.s.a.Answers[cur.ID]
	switch group {
	case 0:
		ans.Status = assessment.Status(value)
	case 1:
		ans.Evidence = assessment.EvidenceLevel(value)
	case 2:
		ans.Consistency = assessment.Consistency(value)
	}
	if err := q.w.s.setAnswer(cur.ID, ans); err != nil {
		return
	}
	groups := q.groups()
	q.active = group + 1
	if q.active >= len(groups) {
		q.active = len(groups) - 1
	}
	q.showChoices()
	if ans.Status == assessment.NotApplicable {
		q.w.u.win.Canvas().Focus(q.naReason)
	}
}

// showUnfinished says what the current answer still lacks, if anything.
func (q *questionnaireScreen) showUnfinished() {
	it, ok := q.w.s.forecast.Item(q.currentID())
	if !ok || it.Incomplete == "" {
		q.unfinished.Hide()
		return
	}
	setText(q.unfinished, unfinishedWords(it.Incomplete))
	q.unfinished.Show()
}

// missedChanged saves the count of missed occurrences as typed; a value
// that is not a count is named beside the field and not saved.
func (q *questionnaireScreen) missedChanged(s string) {
	if c, err := parseCount(s); err == nil {
		q.edit(func(a *assessment.Answer) { a.Missed = c })
	}
	q.showMissed()
}

// showMissed says what the count is out of and what it means, or why it is
// refused, and what the answer still lacks.
func (q *questionnaireScreen) showMissed() {
	text, importance := "Missed or without proof in the period. "+missedHint, widget.MediumImportance
	if _, err := parseCount(q.missed.Text); err != nil {
		text, importance = "Not saved: "+err.Error()+". Type a whole number, or leave it empty.", widget.DangerImportance
	} else if it, ok := q.w.s.forecast.Item(q.currentID()); ok && it.Sample > 0 {
		text = fmt.Sprintf("Missed or without proof, of %s in the period (the auditor tests %d). %s", occurrences(it), it.Sample, missedHint)
	}
	if q.missedMsg.Importance != importance {
		q.missedMsg.Importance = importance
		q.missedMsg.Refresh()
	}
	setText(q.missedMsg, text)
	q.showUnfinished()
}

// occurrences is the population of an item in words, as in "4", "about 6
// leavers".
func occurrences(it assessment.Item) string {
	s := strconv.Itoa(it.PopulationSize)
	if it.Population != "" {
		s += " " + it.Population.Noun()
	}
	if it.Assumed {
		s = "about " + s
	}
	return s
}

// missedHint explains the count of missed occurrences beside its field.
const missedHint = "0 if none; empty: the answer above is used."

// unfinishedWords says what a started answer still lacks.
func unfinishedWords(part string) string {
	if part == "evidence" {
		return "Not finished: say whether you can show proof for every occurrence, to forecast this control."
	}
	return "Not finished: say how reliably it ran over the period, or how many occurrences were missed, to forecast this control."
}

// edit saves a change of a text field or the flag.
func (q *questionnaireScreen) edit(change func(a *assessment.Answer)) {
	cur, ok := q.current()
	if !ok || q.loading {
		return
	}
	ans := q.w.s.a.Answers[cur.ID]
	change(&ans)
	q.w.s.setAnswer(cur.ID, ans)
}

func (q *questionnaireScreen) move(delta int) {
	n := q.pos + delta
	if n < 0 || n >= len(q.visible) {
		return
	}
	q.pos = n
	q.active = 0
	q.showCurrent()
}

func (q *questionnaireScreen) nextUnanswered() {
	for i := 1; i <= len(q.visible); i++ {
		j := (q.pos + i) % len(q.visible)
		if q.unanswered(q.visible[j].ID) {
			q.pos = j
			q.active = 0
			q.showCurrent()
			return
		}
	}
}

// unanswered reports whether a question still needs answering, as the
// progress counts it: no answer yet, or a started one that lacks a part.
func (q *questionnaireScreen) unanswered(id string) bool {
	if it, ok := q.w.s.forecast.Item(id); ok {
		return !it.Answered
	}
	return !q.w.s.a.Answers[id].Answered() // not applicable, or out of scope
}

// showQuestionID shows a question, clearing filters that would hide it.
func (q *questionnaireScreen) showQuestionID(id string) {
	q.area, q.filter, q.search = allAreas, filterAll, ""
	q.searchBox.SetText("")
	q.filterSel.SetSelected(filterAll)
	q.areaList.UnselectAll()
	q.rebuild(id)
}

// releaseFocus gives the keys back to the questionnaire after a click on a
// check, a select or the area list, which take the focus (and would swallow
// the number keys).
func (q *questionnaireScreen) releaseFocus() {
	if q.loading {
		return
	}
	c := q.w.u.win.Canvas()
	switch c.Focused().(type) {
	case *widget.Check, *widget.Select, *widget.List:
		c.Unfocus()
	}
}

// typedKey handles keys that reach the canvas (no entry has focus).
func (q *questionnaireScreen) typedKey(ev *fyne.KeyEvent) {
	groups := q.groups()
	switch ev.Name {
	case fyne.KeyRight, fyne.KeyReturn, fyne.KeyEnter, fyne.KeyPageDown:
		q.move(1)
	case fyne.KeyLeft, fyne.KeyPageUp:
		q.move(-1)
	case fyne.KeyDown:
		if q.active+1 < len(groups) {
			q.active++
			q.showChoices()
		}
	case fyne.KeyUp:
		if q.active > 0 {
			q.active--
			q.showChoices()
		}
	}
}

// typedRune picks choices with number keys; N jumps to the next unanswered.
func (q *questionnaireScreen) typedRune(r rune) {
	groups := q.groups()
	switch {
	case r >= '1' && r <= '9' && len(groups) > 0:
		g := groups[q.active]
		if i := int(r - '1'); i < len(g.choices) {
			g.pick(g.choices[i].value)
		}
	case r == 'n' || r == 'N':
		q.nextUnanswered()
	case (r == 'f' || r == 'F') && len(groups) > 0:
		q.flag.SetChecked(!q.flag.Checked)
	}
}
