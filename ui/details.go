package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// detailsTitle is the title of the dialog and of the items that open it.
const detailsTitle = "Edit company and scope…"

// detailsDialog edits the company, profile, populations and scope of the
// open assessment: the New assessment form's fields, saved together in one
// transaction. A bad value is named in the dialog and nothing is written.
type detailsDialog struct {
	w      *workspace
	fields *scopeFields
	status *widget.Label
	save   *widget.Button
	dialog dialog.Dialog
}

// showDetails opens the dialog for the open assessment; without one it does
// nothing (the menu still delivers its shortcut).
func showDetails(u *App) *detailsDialog {
	w := u.workspace
	if w == nil {
		return nil
	}
	d := &detailsDialog{w: w, fields: newScopeFields()}
	d.fields.show(w.s.a)
	d.status = widget.NewLabel("")
	d.status.Importance = widget.DangerImportance
	d.status.Wrapping = fyne.TextWrapWord
	d.save = widget.NewButtonWithIcon("Save", theme.ConfirmIcon(), d.submit)
	d.save.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.dialog.Hide() })
	hint := newHint("Changing the scope or the profile changes which questions apply; answers to questions left out are kept.", fyne.TextAlignLeading)
	buttons := container.NewBorder(nil, nil, nil, container.NewHBox(cancel, d.save), d.status)
	content := container.NewBorder(hint, container.NewVBox(widget.NewSeparator(), buttons), nil, nil,
		container.NewVScroll(container.NewPadded(d.fields.form)))
	d.dialog = dialog.NewCustomWithoutButtons("Company and scope", content, u.win)
	size := u.win.Canvas().Size()
	d.dialog.Resize(fyne.NewSize(min(900, size.Width-60), min(660, size.Height-40)))
	d.dialog.Show()
	u.win.Canvas().Focus(d.fields.company)
	u.details = d
	return d
}

// submit saves the details, or says what is wrong and keeps the dialog open.
func (d *detailsDialog) submit() {
	details, err := d.fields.read()
	if err == nil {
		err = d.w.s.setDetails(details)
	}
	if err != nil {
		d.status.SetText(plainError(err))
		return
	}
	d.dialog.Hide()
	d.w.detailsChanged()
}
