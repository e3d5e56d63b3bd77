package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
	"soc2ready/assets"
)

// newDateEntry is an entry for a YYYY-MM-DD date. changed is called with the
// date whenever the text is a valid date or empty (the zero date), so a
// half-typed date is never saved.
func newDateEntry(changed func(assessment.Date)) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder("YYYY-MM-DD")
	e.Validator = func(s string) error {
		_, err := assessment.ParseDate(s)
		return err
	}
	e.OnChanged = func(s string) {
		if d, err := assessment.ParseDate(s); err == nil {
			changed(d)
		}
	}
	return e
}

// canvasIcon is the app icon at a size for the empty state.
func canvasIcon() fyne.CanvasObject {
	img := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.IconPNG))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(96, 96))
	return img
}

// offerToOpen tells the user a file was written and offers to open it with the
// desktop's default application.
func (u *App) offerToOpen(title, path string) {
	d := dialog.NewCustomConfirm(title, "Open it", "Close",
		widget.NewLabel("Saved to\n"+path), func(open bool) {
			if open {
				u.openFile(path)
			}
		}, u.win)
	d.Show()
}

func (u *App) openFile(path string) {
	if u.opts.Opener != nil {
		if err := u.opts.Opener(path); err != nil {
			u.showError("Could not open the file", err)
		}
		return
	}
	if err := u.fy.OpenURL(&url.URL{Scheme: "file", Path: path}); err != nil {
		u.showError("Could not open the file", err)
	}
}
