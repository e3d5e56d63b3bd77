package ui

import (
	"fmt"
	"io"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
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
	list     *widget.List
	undo     *fyne.Container // "Deleted … Undo" bar
	buttons  map[string]*widget.Button
}

// Home's buttons, by label, so tests can tap them.
const (
	btnNew       = "New assessment"
	btnSample    = "Open the sample assessment"
	btnOpen      = "Open"
	btnDuplicate = "Duplicate"
	btnRename    = "Rename"
	btnImport    = "Import…"
	btnExport    = "Export…"
	btnDelete    = "Delete"
)

func newHomeScreen(u *App) *homeScreen {
	h := &homeScreen{u: u, selected: -1, buttons: map[string]*widget.Button{}}
	if u.store == nil {
		h.content = h.databaseProblem()
		return h
	}
	rows, err := u.store.List()
	if err != nil {
		u.showError("Could not list the assessments", err)
	}
	h.rows = rows
	if len(rows) == 0 {
		h.content = h.emptyState()
		return h
	}
	h.content = h.listView()
	return h
}

func (h *homeScreen) button(label string, icon fyne.Resource, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(label, icon, tapped)
	h.buttons[label] = b
	return b
}

// emptyState is the first launch: two lines on what the app does, and two ways
// to start.
func (h *homeScreen) emptyState() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Get ready for your SOC 2 audit", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	lines := widget.NewLabelWithStyle(
		"Answer plain-language questions about how your company runs security.\n"+
			"soc2ready forecasts which controls an auditor would flag, and prints a plan to fix them.",
		fyne.TextAlignCenter, fyne.TextStyle{})
	start := h.button(btnNew, theme.ContentAddIcon(), func() { showNewAssessment(h.u) })
	start.Importance = widget.HighImportance
	sample := h.button(btnSample, theme.FileIcon(), h.openSample)
	imp := h.button(btnImport, theme.FolderOpenIcon(), h.importFile)
	icon := canvasIcon()
	return container.NewCenter(container.NewVBox(
		container.NewCenter(icon), title, lines,
		container.NewCenter(container.NewHBox(start, sample, imp)),
	))
}

// databaseProblem replaces the list when the database cannot be opened.
func (h *homeScreen) databaseProblem() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("The database could not be opened", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	msg := widget.NewLabel(plainError(h.u.dbErr) + "\n\nFile: " + h.u.dbPath)
	msg.Wrapping = fyne.TextWrapWord
	retry := h.button("Try again", theme.ViewRefreshIcon(), func() {
		h.u.openDatabase("")
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
	toolbar := container.NewHBox(
		newBtn,
		h.button(btnImport, theme.FolderOpenIcon(), h.importFile),
		widget.NewSeparator(),
		h.button(btnOpen, theme.DocumentIcon(), func() { h.openSelected("") }),
		h.button(btnDuplicate, theme.ContentCopyIcon(), h.duplicate),
		h.button(btnRename, theme.DocumentCreateIcon(), h.rename),
		h.button(btnExport, theme.DocumentSaveIcon(), h.export),
		h.button(btnDelete, theme.DeleteIcon(), h.delete),
	)
	settings := h.button("Settings", theme.SettingsIcon(), func() { showSettings(h.u) })
	header := container.NewBorder(nil, nil, title, settings, container.NewCenter(toolbar))

	columns := container.NewGridWithColumns(2,
		container.NewGridWithColumns(2, bold("Company"), bold("Report")),
		container.NewGridWithColumns(3, bold("Last change"), bold("Answered"), bold("Readiness")))
	h.list = widget.NewList(
		func() int { return len(h.rows) },
		func() fyne.CanvasObject {
			company := widget.NewLabel("")
			company.Truncation = fyne.TextTruncateEllipsis
			return container.NewGridWithColumns(2,
				container.NewGridWithColumns(2, company, widget.NewLabel("")),
				container.NewGridWithColumns(3, widget.NewLabel(""),
					container.NewStack(widget.NewProgressBar()), widget.NewLabel("")))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := h.rows[i]
			grid := o.(*fyne.Container)
			left, right := grid.Objects[0].(*fyne.Container), grid.Objects[1].(*fyne.Container)
			left.Objects[0].(*widget.Label).SetText(r.Company)
			left.Objects[1].(*widget.Label).SetText(reportTypeWords(r.ReportType))
			right.Objects[0].(*widget.Label).SetText(r.Updated.Local().Format("2 Jan 2006 15:04"))
			bar := right.Objects[1].(*fyne.Container).Objects[0].(*widget.ProgressBar)
			bar.TextFormatter = func() string { return fmt.Sprintf("%d of %d", r.Answered, r.Applicable) }
			if r.Applicable > 0 {
				bar.SetValue(float64(r.Answered) / float64(r.Applicable))
			}
			right.Objects[2].(*widget.Label).SetText(fmt.Sprintf("%.0f / 100", r.Readiness))
		})
	h.list.OnSelected = func(i widget.ListItemID) {
		h.selected = i
		h.updateButtons()
	}
	h.list.OnUnselected = func(widget.ListItemID) {
		h.selected = -1
		h.updateButtons()
	}
	h.undo = container.NewHBox()
	hint := widget.NewLabel("Select an assessment, then Open. Everything you type is saved as you go.")
	hint.Importance = widget.LowImportance
	h.updateButtons()
	return container.NewBorder(
		container.NewVBox(header, widget.NewSeparator(), h.undo, columns),
		hint, nil, nil, h.list)
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func (h *homeScreen) updateButtons() {
	for _, name := range []string{btnOpen, btnDuplicate, btnRename, btnExport, btnDelete} {
		if b := h.buttons[name]; b != nil {
			if h.selected < 0 {
				b.Disable()
			} else {
				b.Enable()
			}
		}
	}
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

// openSample imports the shipped sample company and opens it.
func (h *homeScreen) openSample() {
	id, err := h.u.store.Import(assets.SampleAssessment, h.u.bank)
	if err != nil {
		h.u.showError("Could not open the sample assessment", err)
		return
	}
	h.u.OpenAssessment(id, tabResults)
}

func (h *homeScreen) duplicate() {
	r, ok := h.current()
	if !ok {
		return
	}
	name := widget.NewEntry()
	name.SetText(r.Company + " (copy)")
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

func (h *homeScreen) rename() {
	r, ok := h.current()
	if !ok {
		return
	}
	name := widget.NewEntry()
	name.SetText(r.Company)
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("enter a company name")
		}
		return nil
	}
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

// importFile asks for an interchange file and imports it off the UI
// goroutine; a bad file changes nothing and says why.
func (h *homeScreen) importFile() {
	if h.u.store == nil {
		h.u.showError("Cannot import", h.u.dbErr)
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		h.importPath(path)
	}, h.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
	d.Show()
}

// importPath imports one file; the new assessment is selected on Home.
func (h *homeScreen) importPath(path string) {
	var id string
	h.u.runLong("Importing…", func() error {
		data, err := readLimited(path)
		if err != nil {
			return err
		}
		id, err = h.u.store.Import(data, h.u.bank)
		return err
	}, func() { h.reload(id) })
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, assessment.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

// export writes the selected assessment to an interchange file.
func (h *homeScreen) export() {
	r, ok := h.current()
	if !ok {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		h.u.runLong("Exporting…", func() error {
			return h.u.store.ExportTo(r.ID, path)
		}, func() { h.u.offerToOpen("Assessment exported", path) })
	}, h.u.win)
	d.SetFileName(fileSafe(r.Company) + assessment.FileSuffix)
	d.Show()
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
