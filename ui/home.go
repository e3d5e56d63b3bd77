package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
	"soc2ready/assets"
	store "soc2ready/storage"
)

// homeScreen lists the assessments in the database, with New, Open,
// Duplicate, Rename, Import, Export and Delete (undoable). On first launch it
// explains the app and offers the sample assessment.
type homeScreen struct {
	u       *App
	content fyne.CanvasObject

	rows     []store.Summary
	selected int
	list     *homeList
	undo     *fyne.Container // "Deleted … Undo" bar
	buttons  map[string]*widget.Button
	bank     *fyne.Container // why the chosen question bank did not load
}

// homeList is the list of assessments. With the focus (after a click) it
// answers to the same keys as Home without it: Up/Down select, Enter opens.
type homeList struct {
	widget.List
	onKey func(ev *fyne.KeyEvent) bool
}

func (l *homeList) TypedKey(ev *fyne.KeyEvent) {
	if !l.onKey(ev) {
		l.List.TypedKey(ev)
	}
}

// Keys shown on Home.
const (
	homeKeysEmpty = "Keys: Enter starts a new assessment · S opens the sample · Ctrl+I imports · Ctrl+M merges"
	homeKeysList  = "Keys: Up/Down select · Enter opens · Delete deletes · Ctrl+N new · Ctrl+I import · Ctrl+M merge. Everything you type is saved as you go."
)

// Home's buttons, by label, so tests can tap them.
const (
	btnNew           = "New assessment"
	btnSample        = "Open the sample assessment"
	btnOpen          = "Open"
	btnDuplicate     = "Duplicate"
	btnRename        = "Rename"
	btnImport        = "Import…"
	btnExport        = "Export…"
	btnDelete        = "Delete"
	btnMerge         = "Merge files…"
	btnCompare       = "Compare…"
	btnImportAnswers = "Import answers from spreadsheet…"
)

// selectionButtons act on the selected assessment: disabled without one.
var selectionButtons = []string{btnOpen, btnCompare, btnDuplicate, btnRename, btnExport, btnImportAnswers, btnDelete}

func newHomeScreen(u *App) *homeScreen {
	h := &homeScreen{u: u, selected: -1, buttons: map[string]*widget.Button{}}
	h.content = h.build()
	if problem := u.bankStartProblem(); problem != "" {
		h.content = container.NewBorder(h.bankProblem(problem), nil, nil, nil, h.content)
	}
	return h
}

// build makes the content: the list, the first launch's welcome, or why
// the database is not open.
func (h *homeScreen) build() fyne.CanvasObject {
	u := h.u
	if u.store == nil {
		return h.databaseProblem()
	}
	rows, err := u.store.List()
	if err != nil {
		u.showError("Could not list the assessments", err)
	}
	h.rows = rows
	if len(rows) == 0 {
		return h.emptyState()
	}
	content := h.listView()
	// A row is always selected, so that Enter opens something: the
	// assessment just left, else the latest.
	h.selectRow(0)
	h.selectID(u.lastOpened)
	return content
}

// bankProblem says, above everything else, that the question bank chosen
// in Settings did not load and the built-in one is used meanwhile.
func (h *homeScreen) bankProblem(problem string) fyne.CanvasObject {
	n := newNotice()
	n.set(problem)
	buttons := container.NewHBox()
	var invalid *assessment.ValidationError
	if errors.As(h.u.bankErr, &invalid) {
		path := h.u.bankErrPath
		buttons.Add(h.button("Details…", theme.InfoIcon(), func() { h.u.showBankError(path, invalid) }))
	}
	buttons.Add(h.button("Settings…", theme.SettingsIcon(), func() { showSettings(h.u) }))
	buttons.Add(h.button("Dismiss", theme.CancelIcon(), func() {
		h.u.bankErr = nil
		h.bank.Hide()
	}))
	h.bank = container.NewVBox(container.NewPadded(container.NewBorder(nil, nil, nil, container.NewVBox(buttons), n.box)), widget.NewSeparator())
	return h.bank
}

func (h *homeScreen) button(label string, icon fyne.Resource, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	h.buttons[label] = b
	return b
}

// emptyState is the first launch: two lines on what the app does, and three
// ways to start.
func (h *homeScreen) emptyState() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Get ready for your SOC 2 audit", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	lines := widget.NewLabelWithStyle(
		"Answer plain-language questions about how your company runs security.\n"+
			"soc2ready forecasts which controls an auditor would flag, and prints a plan to fix them.",
		fyne.TextAlignCenter, fyne.TextStyle{})
	start := h.button(btnNew, theme.ContentAddIcon(), func() { showNewAssessment(h.u) })
	start.Importance = widget.HighImportance
	sample := h.button(btnSample, theme.FileIcon(), h.u.openSample)
	imp := h.button(btnImport, theme.FolderOpenIcon(), h.u.importFile)
	merge := h.button(btnMerge, theme.ContentPasteIcon(), func() { showMerge(h.u) })
	keys := newHint(homeKeysEmpty, fyne.TextAlignCenter)
	h.undo = container.NewHBox()
	box := container.NewVBox(
		container.NewCenter(canvasIcon()), title, lines,
		container.NewCenter(container.NewHBox(start, sample, imp, merge)),
		keys,
	)
	return container.NewBorder(container.NewCenter(h.undo), nil, nil, nil, container.NewCenter(box))
}

// databaseProblem replaces the list when the database cannot be opened.
func (h *homeScreen) databaseProblem() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("The database could not be opened", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	msg := widget.NewLabel(plainError(h.u.dbErr) + "\n\nFile: " + h.u.dbPath)
	msg.Wrapping = fyne.TextWrapWord
	retry := h.button("Try again", theme.ViewRefreshIcon(), func() {
		h.u.openDatabase(h.u.dbPath) // the same file, after the user fixed it
		h.u.ShowHome()
	})
	settings := h.button("Settings…", theme.SettingsIcon(), func() { showSettings(h.u) })
	box := container.NewVBox(title, msg, container.NewCenter(container.NewHBox(retry, settings)))
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(640, 320), box))
}

func (h *homeScreen) listView() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Assessments", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	newBtn := h.button(btnNew, theme.ContentAddIcon(), func() { showNewAssessment(h.u) })
	newBtn.Importance = widget.HighImportance
	// The title, what adds assessments and Settings on one row, what acts
	// on the selected one on the next: on one row they would not fit the
	// workshop mode's larger text.
	adding := container.NewHBox(
		title, newBtn,
		h.button(btnImport, theme.FolderOpenIcon(), h.u.importFile),
		h.button(btnMerge, theme.ContentPasteIcon(), func() { showMerge(h.u) }),
	)
	toolbar := container.NewHBox(
		h.button(btnOpen, theme.DocumentIcon(), func() { h.openSelected("") }),
		h.button(btnCompare, theme.ViewRestoreIcon(), h.compare),
		h.button(btnDuplicate, theme.ContentCopyIcon(), h.duplicate),
		h.button(btnRename, theme.DocumentCreateIcon(), h.rename),
		h.button(btnExport, theme.DocumentSaveIcon(), h.export),
		h.button(btnImportAnswers, theme.UploadIcon(), h.u.importSpreadsheet),
		h.button(btnDelete, theme.DeleteIcon(), h.delete),
	)
	settings := h.button("Settings", theme.SettingsIcon(), func() { showSettings(h.u) })
	right := fyne.CanvasObject(settings)
	if h.u.bankPath != "" {
		// A custom bank decides which assessments open: say which is used.
		bank := newHint("Question bank: "+h.u.bank.ID+" "+h.u.bank.Version, fyne.TextAlignTrailing)
		bank.Wrapping = fyne.TextWrapOff
		right = container.NewHBox(bank, settings)
	}
	header := container.NewVBox(container.NewBorder(nil, nil, adding, right), toolbar)

	columns := homeRow(bold("Company"), bold("Report"), bold("Last change"), bold("Answered"), bold("Readiness"))
	cells := map[fyne.CanvasObject]*homeCells{}
	h.list = &homeList{onKey: h.key}
	h.list.Length = func() int { return len(h.rows) }
	h.list.CreateItem = func() fyne.CanvasObject {
		c := &homeCells{
			company: widget.NewLabel(""), report: widget.NewLabel(""), updated: widget.NewLabel(""),
			answered: widget.NewLabel(""), readiness: widget.NewLabel(""),
			answeredBar: newMeter(0, theme.ColorNamePrimary), readinessBar: newMeter(0, theme.ColorNameError),
		}
		c.company.Truncation = fyne.TextTruncateEllipsis
		c.updated.Truncation = fyne.TextTruncateEllipsis
		c.answered.Alignment, c.readiness.Alignment = fyne.TextAlignTrailing, fyne.TextAlignTrailing
		row := homeRow(c.company, c.report, c.updated,
			container.NewBorder(nil, nil, nil, newAtLeast("000/000", c.answered), c.answeredBar),
			container.NewBorder(nil, nil, nil, newAtLeast("100", c.readiness), c.readinessBar))
		cells[row] = c
		return row
	}
	h.list.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		r, c := h.rows[i], cells[o]
		c.company.SetText(r.Company)
		c.report.SetText(reportTypeWords(r.ReportType))
		if r.BankID != "" && r.BankID != h.u.bank.ID {
			c.report.SetText(reportTypeWords(r.ReportType) + " · bank " + r.BankID)
		}
		c.updated.SetText(r.Updated.Local().Format("2 Jan 2006 15:04"))
		if !r.Scored || r.Applicable == 0 {
			c.answered.SetText(fmt.Sprintf("%d", r.Answered))
			c.answeredBar.set(0, theme.ColorNamePrimary)
			c.readiness.SetText("–")
			c.readinessBar.set(0, theme.ColorNameError)
			return
		}
		c.answered.SetText(fmt.Sprintf("%d/%d", r.Answered, r.Applicable))
		c.answeredBar.set(float64(r.Answered)/float64(r.Applicable), theme.ColorNamePrimary)
		c.readiness.SetText(fmt.Sprintf("%.0f", r.Readiness))
		c.readinessBar.set(r.Readiness/100, readinessColor(r.Readiness))
	}
	h.list.ExtendBaseWidget(h.list)
	h.list.OnSelected = func(i widget.ListItemID) {
		h.selected = i
		h.updateButtons()
	}
	h.list.OnUnselected = func(widget.ListItemID) {
		h.selected = -1
		h.updateButtons()
	}
	h.undo = container.NewHBox()
	hint := newHint(homeKeysList, fyne.TextAlignLeading)
	h.updateButtons()
	return container.NewBorder(
		container.NewVBox(header, widget.NewSeparator(), h.undo, columns),
		hint, nil, nil, h.list)
}

// homeCells are the widgets of one row of the list.
type homeCells struct {
	company, report, updated, answered, readiness *widget.Label
	answeredBar, readinessBar                     *meter
}

// homeRow lays out the list's columns; the company gets the most room.
func homeRow(company, report, updated, answered, readiness fyne.CanvasObject) *fyne.Container {
	return newWeightedRow([]float32{3.2, 1, 1.7, 1.9, 1.5}, company, report, updated, answered, readiness)
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func (h *homeScreen) updateButtons() {
	for _, name := range selectionButtons {
		if b := h.buttons[name]; b != nil {
			if h.selected < 0 {
				b.Disable()
			} else {
				b.Enable()
			}
		}
	}
	h.u.refreshMenu()
}

// key handles Home's keys: Up/Down select, Enter opens the selected
// assessment (or, on the empty Home, starts a new one), Delete deletes. It
// reports whether it used the key.
func (h *homeScreen) key(ev *fyne.KeyEvent) bool {
	if h.list == nil {
		if (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && h.u.store != nil {
			showNewAssessment(h.u)
			return true
		}
		return false
	}
	switch ev.Name {
	case fyne.KeyUp:
		h.selectRow(h.selected - 1)
	case fyne.KeyDown:
		h.selectRow(h.selected + 1)
	case fyne.KeyHome:
		h.selectRow(0)
	case fyne.KeyEnd:
		h.selectRow(len(h.rows) - 1)
	case fyne.KeyReturn, fyne.KeyEnter:
		h.openSelected("")
	case fyne.KeyDelete:
		h.delete()
	default:
		return false
	}
	return true
}

func (h *homeScreen) typedKey(ev *fyne.KeyEvent) { h.key(ev) }

// typedRune: S opens the sample from the empty Home.
func (h *homeScreen) typedRune(r rune) {
	if h.list == nil && h.u.store != nil && (r == 's' || r == 'S') {
		h.u.openSample()
	}
}

// selectRow selects row i, kept within the list (the first row when nothing
// was selected).
func (h *homeScreen) selectRow(i int) {
	if h.list == nil || len(h.rows) == 0 {
		return
	}
	i = min(max(i, 0), len(h.rows)-1)
	h.list.Select(i)
	h.list.ScrollTo(i)
}

// selectID selects a row by assessment ID (tests and after create).
func (h *homeScreen) selectID(id string) {
	for i, r := range h.rows {
		if r.ID == id && h.list != nil {
			h.list.Select(i)
		}
	}
}

func (h *homeScreen) current() (store.Summary, bool) {
	if h.selected < 0 || h.selected >= len(h.rows) {
		return store.Summary{}, false
	}
	return h.rows[h.selected], true
}

func (h *homeScreen) openSelected(tab string) {
	if r, ok := h.current(); ok {
		h.u.OpenAssessment(r.ID, tab)
	}
}

// openSample opens the shipped sample company, importing it the first time.
func (u *App) openSample() {
	if u.store == nil {
		u.showError("Could not open the sample assessment", u.dbErr)
		return
	}
	sample, err := assessment.DecodeFile(assets.SampleAssessment, u.bank)
	if err != nil {
		u.showError("Could not open the sample assessment", err)
		return
	}
	rows, err := u.store.List()
	if err != nil {
		u.showError("Could not open the sample assessment", err)
		return
	}
	for _, r := range rows {
		if r.Company == sample.Company {
			u.OpenAssessment(r.ID, tabResults)
			return
		}
	}
	id, err := u.store.Import(assets.SampleAssessment, u.bank)
	if err != nil {
		u.showError("Could not open the sample assessment", err)
		return
	}
	u.OpenAssessment(id, tabResults)
}

// compare shows Compare for the selected assessment.
func (h *homeScreen) compare() {
	if r, ok := h.current(); ok {
		showCompare(h.u, r.ID)
	}
}

func (h *homeScreen) duplicate() {
	r, ok := h.current()
	if !ok {
		return
	}
	name := widget.NewEntry()
	name.SetText(r.Company + " (copy)")
	name.Validator = companyName
	dialog.ShowForm("Duplicate assessment", "Duplicate", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Company", name)},
		func(ok bool) {
			if !ok {
				return
			}
			id, err := h.u.store.Duplicate(r.ID, strings.TrimSpace(name.Text))
			if err != nil {
				h.u.showError("Could not duplicate the assessment", err)
				return
			}
			h.reload(id)
		}, h.u.win)
}

// companyName validates a company name typed for an existing assessment.
func companyName(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("enter a company name")
	}
	return assessment.CheckLength("company", strings.TrimSpace(s), assessment.MaxNameLength)
}

func (h *homeScreen) rename() {
	r, ok := h.current()
	if !ok {
		return
	}
	name := widget.NewEntry()
	name.SetText(r.Company)
	name.Validator = companyName
	dialog.ShowForm("Rename assessment", "Rename", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Company", name)},
		func(ok bool) {
			if !ok {
				return
			}
			if err := h.u.store.Rename(r.ID, strings.TrimSpace(name.Text)); err != nil {
				h.u.showError("Could not rename the assessment", err)
				return
			}
			h.reload(r.ID)
		}, h.u.win)
}

// delete moves the assessment to the trash after a confirmation, and offers
// Undo until the next change.
func (h *homeScreen) delete() {
	r, ok := h.current()
	if !ok {
		return
	}
	dialog.ShowConfirm("Delete assessment?",
		fmt.Sprintf("Delete the assessment of %s? You can undo this.", r.Company),
		func(ok bool) {
			if !ok {
				return
			}
			if err := h.u.store.Delete(r.ID); err != nil {
				h.u.showError("Could not delete the assessment", err)
				return
			}
			h.u.ShowHome()
			h.u.home.offerUndo(r)
		}, h.u.win)
}

func (h *homeScreen) offerUndo(r store.Summary) {
	if h.undo == nil {
		return
	}
	msg := widget.NewLabel(fmt.Sprintf("Deleted %q.", r.Company))
	undo := h.button("Undo", theme.ContentUndoIcon(), func() {
		if err := h.u.store.Restore(r.ID); err != nil {
			h.u.showError("Could not restore the assessment", err)
			return
		}
		h.u.ShowHome()
		h.u.home.selectID(r.ID)
	})
	h.undo.Objects = []fyne.CanvasObject{msg, undo}
	h.undo.Refresh()
}

// reload rebuilds Home and selects id.
func (h *homeScreen) reload(id string) {
	h.u.ShowHome()
	h.u.home.selectID(id)
}

// importFile asks for an interchange file and imports it.
func (u *App) importFile() {
	if u.store == nil {
		u.showError("Cannot import", u.dbErr)
		return
	}
	openDialog(u, []string{".json"}, func(path string) { u.importPath(path) })
}

// importPath imports one file off the UI goroutine, then shows Home with the
// new assessment selected. A bad file changes nothing and says why.
func (u *App) importPath(path string) {
	var id string
	st, bank := u.store, u.bank // as they are now: a database switch waits for this work
	u.runLong("Importing…", func() error {
		data, err := readLimited(path)
		if err != nil {
			return err
		}
		id, err = st.Import(data, bank)
		return err
	}, func() {
		u.ShowHome()
		u.home.selectID(id)
	})
}

// readLimited reads an interchange file the user chose (bounded, regular
// files only, as in the CLI).
func readLimited(path string) ([]byte, error) {
	return store.ReadInput(path, assessment.MaxFileSize)
}

// export asks where to write the selected assessment as an interchange file.
func (h *homeScreen) export() {
	r, ok := h.current()
	if !ok {
		return
	}
	saveDialog(h.u, fileSafe(r.Company)+assessment.FileSuffix, ".json", func(path string) { h.exportTo(r.ID, path) })
}

// exportTo writes an assessment to path off the UI goroutine and offers to
// open the file.
func (h *homeScreen) exportTo(id, path string) {
	st := h.u.store
	h.u.runLong("Exporting…", func() error {
		return st.ExportTo(id, path)
	}, func() { h.u.offerToOpen("Assessment exported", path) })
}

func reportTypeWords(t assessment.ReportType) string {
	if t == assessment.Type2 {
		return "Type II"
	}
	return "Type I"
}

// fileSafe makes a company name usable as a file name.
func fileSafe(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '-'
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		return "assessment"
	}
	return name
}
