package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// runLong runs work off the UI goroutine behind a progress dialog, then calls
// done (on success) or shows the error, back on the UI goroutine. Close
// waits for it.
func (u *App) runLong(title string, work func() error, done func()) {
	bar := widget.NewProgressBarInfinite()
	progress := dialog.NewCustomWithoutButtons(title, container.NewPadded(bar), u.win)
	progress.Show()
	u.pending.Add(1)
	u.working.Add(1)
	go func() {
		defer u.pending.Done()
		err := work()
		u.working.Done() // before reporting back, which may close the database
		fyne.Do(func() {
			progress.Hide()
			if err != nil {
				u.showError(strings.TrimSuffix(title, "…")+" failed", err)
				return
			}
			if done != nil {
				done()
			}
		})
	}()
}
