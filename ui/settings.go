package ui

import (
	"image/color"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/report"
)

// Preference keys. Values are read with fallbacks, so a fresh install needs
// no defaults written.
const (
	prefTheme        = "theme"         // "system" | "light" | "dark"
	prefPaper        = "paper"         // "a4" | "letter"
	prefConsultant   = "consultant"    // shown on reports as "prepared by"
	prefWorkshop     = "workshop_mode" // larger text and full screen
	prefDBPath       = "database_path" // "" means the default database
	prefWindowWidth  = "window_width"
	prefWindowHeight = "window_height"
)

var themeChoices = []string{"System", "Light", "Dark"}

// workshopScale enlarges text and spacing for a projector.
const workshopScale = 1.3

// applySettings applies the stored theme.
func applySettings(fy fyne.App) {
	switch fy.Preferences().StringWithFallback(prefTheme, "system") {
	case "light":
		fy.Settings().SetTheme(fixedVariant{theme.DefaultTheme(), theme.VariantLight})
	case "dark":
		fy.Settings().SetTheme(fixedVariant{theme.DefaultTheme(), theme.VariantDark})
	default:
		fy.Settings().SetTheme(theme.DefaultTheme())
	}
}

// fixedVariant forces the light or dark variant of a theme.
type fixedVariant struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t fixedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// scaledTheme multiplies every size: text, padding, icons.
type scaledTheme struct {
	fyne.Theme
	scale float32
}

func (t scaledTheme) Size(n fyne.ThemeSizeName) float32 { return t.Theme.Size(n) * t.scale }

// withWorkshopMode wraps a screen in the larger workshop sizes when the
// setting is on.
func withWorkshopMode(fy fyne.App, obj fyne.CanvasObject) fyne.CanvasObject {
	if !fy.Preferences().Bool(prefWorkshop) {
		return obj
	}
	return container.NewThemeOverride(obj, scaledTheme{fy.Settings().Theme(), workshopScale})
}

// paperSetting is the default paper size for exports.
func paperSetting(fy fyne.App) report.Paper {
	p, err := report.ParsePaper(fy.Preferences().StringWithFallback(prefPaper, "a4"))
	if err != nil {
		return report.A4
	}
	return p
}

// showSettings opens the settings dialog. Every change applies and persists at
// once.
func showSettings(u *App) {
	prefs := u.fy.Preferences()

	themeSel := widget.NewRadioGroup(themeChoices, nil)
	themeSel.Horizontal = true
	themeSel.SetSelected(map[string]string{"system": "System", "light": "Light", "dark": "Dark"}[prefs.StringWithFallback(prefTheme, "system")])
	themeSel.OnChanged = func(s string) {
		if s == "" {
			return
		}
		prefs.SetString(prefTheme, map[string]string{"System": "system", "Light": "light", "Dark": "dark"}[s])
		applySettings(u.fy)
	}

	paper := widget.NewRadioGroup([]string{"A4", "US Letter"}, nil)
	paper.Horizontal = true
	if paperSetting(u.fy) == report.Letter {
		paper.SetSelected("US Letter")
	} else {
		paper.SetSelected("A4")
	}
	paper.OnChanged = func(s string) {
		if s == "US Letter" {
			prefs.SetString(prefPaper, string(report.Letter))
		} else if s != "" {
			prefs.SetString(prefPaper, string(report.A4))
		}
	}

	consultant := widget.NewEntry()
	consultant.SetPlaceHolder("Your name or firm, printed as \"Prepared by\"")
	consultant.SetText(prefs.String(prefConsultant))
	consultant.OnChanged = func(s string) { prefs.SetString(prefConsultant, s) }

	workshop := widget.NewCheck("Workshop mode: larger text and full screen, for a projector", func(on bool) {
		prefs.SetBool(prefWorkshop, on)
		u.win.SetFullScreen(on)
		u.refreshScreen()
	})
	workshop.SetChecked(prefs.Bool(prefWorkshop))

	dbLabel := widget.NewLabel(u.dbPath)
	dbLabel.Wrapping = fyne.TextWrapBreak
	chooseDB := widget.NewButton("Open another database…", func() {
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			u.switchDatabase(path)
			dbLabel.SetText(u.dbPath)
		}, u.win)
		d.SetFileName(filepath.Base(u.dbPath))
		d.Show()
	})
	defaultDB := widget.NewButton("Use the default database", func() {
		prefs.SetString(prefDBPath, "")
		u.switchDatabase("")
		dbLabel.SetText(u.dbPath)
	})
	backup := widget.NewButton("Back up now…", func() { u.backupDatabase() })

	form := widget.NewForm(
		widget.NewFormItem("Theme", themeSel),
		widget.NewFormItem("Paper size", paper),
		widget.NewFormItem("Prepared by", consultant),
		widget.NewFormItem("Workshop", workshop),
		widget.NewFormItem("Database", container.NewVBox(dbLabel, container.NewHBox(chooseDB, defaultDB, backup))),
	)
	d := dialog.NewCustom("Settings", "Close", container.NewPadded(form), u.win)
	d.Resize(fyne.NewSize(720, 420))
	d.Show()
}

// switchDatabase opens another database file and remembers it.
func (u *App) switchDatabase(path string) {
	u.fy.Preferences().SetString(prefDBPath, path)
	u.openDatabase(path)
	if u.dbErr != nil {
		u.showError("Could not open the database", u.dbErr)
	}
	u.ShowHome()
}

// refreshScreen rebuilds the current screen, e.g. after workshop mode changes.
func (u *App) refreshScreen() {
	if u.workspace != nil {
		u.setContent(u.workspace.content)
		return
	}
	u.ShowHome()
}

// backupDatabase writes a hot backup of the database to a file the user
// chooses, off the UI goroutine, with progress shown.
func (u *App) backupDatabase() {
	if u.store == nil {
		u.showError("Nothing to back up", u.dbErr)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		u.runLong("Backing up the database…", func() error {
			return u.store.BackupTo(path)
		}, func() {
			dialog.ShowInformation("Backup written", "The database was copied to\n"+path+"\n\nTo restore it, choose it with \"Open another database…\".", u.win)
		})
	}, u.win)
	d.SetFileName("soc2ready-backup-" + u.opts.Now().Format("2006-01-02") + ".db")
	d.Show()
}

// runLong runs work off the UI goroutine behind a progress dialog, then calls
// done (on success) or shows the error, back on the UI goroutine.
func (u *App) runLong(title string, work func() error, done func()) {
	bar := widget.NewProgressBarInfinite()
	progress := dialog.NewCustomWithoutButtons(title, container.NewPadded(bar), u.win)
	progress.Show()
	go func() {
		err := work()
		fyne.Do(func() {
			progress.Hide()
			if err != nil {
				u.showError(title[:len(title)-len("…")]+" failed", err)
				return
			}
			if done != nil {
				done()
			}
		})
	}()
}
