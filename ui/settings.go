package ui

import (
	"image/color"
	"strings"

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
	prefTheme        = "theme"              // "system" | "light" | "dark"
	prefPaper        = "paper"              // "a4" | "letter"
	prefConsultant   = "consultant"         // shown on reports as "prepared by"
	prefWorkshop     = "workshop_mode"      // larger text and full screen
	prefDBPath       = "database_path"      // "" means the default database
	prefBankPath     = "question_bank_path" // a custom question bank file; "" means the built-in bank
	prefSaveFolder   = "save_folder"        // the folder the last file was saved to
	prefWindowWidth  = "window_width"
	prefWindowHeight = "window_height"
)

var themeChoices = []string{"System", "Light", "Dark"}

// workshopScale enlarges text and spacing for a projector.
const workshopScale = 1.3

// applySettings applies the stored theme, and the workshop mode's sizes.
//
// The workshop sizes are the app's theme rather than a theme override of
// the window's content: an override reaches only the widgets that exist when
// it is applied, not the rows a list creates later, nor dialogs.
func applySettings(fy fyne.App) {
	var th fyne.Theme
	switch fy.Preferences().StringWithFallback(prefTheme, "system") {
	case "light":
		th = appTheme{theme.DefaultTheme(), variant(theme.VariantLight)}
	case "dark":
		th = appTheme{theme.DefaultTheme(), variant(theme.VariantDark)}
	default:
		th = appTheme{Theme: theme.DefaultTheme()}
	}
	if fy.Preferences().Bool(prefWorkshop) {
		th = scaledTheme{th, workshopScale}
	}
	fy.Settings().SetTheme(th)
}

func variant(v fyne.ThemeVariant) *fyne.ThemeVariant { return &v }

// colorNameHint is the colour of hints (which keys do what, what a screen
// is for): quieter than the text, but readable, unlike Fyne's disabled grey
// (1.3:1 on white), which its low-importance labels use.
const colorNameHint fyne.ThemeColorName = "soc2ready-hint"

// appTheme is Fyne's default theme with the light or dark variant forced
// (nil follows the desktop), and two colours changed for contrast: hints,
// and the borders of fields, unticked checks and radio buttons (Fyne's are
// 1.2:1 against the background, under the 3:1 that controls need).
type appTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant
}

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	light := v == theme.VariantLight
	switch n {
	case theme.ColorNameInputBorder:
		if light {
			return color.NRGBA{R: 0x94, G: 0x94, B: 0x94, A: 0xff} // 3.0:1 on white
		}
		return color.NRGBA{R: 0x70, G: 0x70, B: 0x72, A: 0xff} // 3.4:1 on the dark background
	case colorNameHint:
		if light {
			return color.NRGBA{R: 0x6a, G: 0x6a, B: 0x6a, A: 0xff} // 5.4:1
		}
		return color.NRGBA{R: 0xa8, G: 0xa8, B: 0xa8, A: 0xff} // 7.6:1
	}
	return t.Theme.Color(n, v)
}

// scaledTheme multiplies every size: text, padding, icons.
type scaledTheme struct {
	fyne.Theme
	scale float32
}

func (t scaledTheme) Size(n fyne.ThemeSizeName) float32 { return t.Theme.Size(n) * t.scale }

// paperSetting is the default paper size for exports.
func paperSetting(fy fyne.App) report.Paper {
	p, err := report.ParsePaper(fy.Preferences().StringWithFallback(prefPaper, "a4"))
	if err != nil {
		return report.A4
	}
	return p
}

// settingsDialog holds the settings' widgets, so tests can use them.
type settingsDialog struct {
	theme, paper *widget.RadioGroup
	consultant   *widget.Entry
	workshop     *widget.Check
	bank         *widget.Label // the question bank in use
	loadBank     *widget.Button
	builtinBank  *widget.Button
	dialog       dialog.Dialog
}

// showSettings opens the settings dialog. Every change applies and persists at
// once.
func showSettings(u *App) *settingsDialog {
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
		applySettings(u.fy)
	})
	workshop.SetChecked(prefs.Bool(prefWorkshop))

	dbLabel := widget.NewLabel(u.dbPath)
	dbLabel.Wrapping = fyne.TextWrapBreak
	chooseDB := widget.NewButton("Open another database…", func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			path := r.URI().Path()
			r.Close()
			u.switchDatabase(path)
			dbLabel.SetText(u.dbPath)
		}, u.win)
		showFileDialog(u, d)
	})
	newDB := widget.NewButton("New database…", func() {
		saveDialog(u, "clients.db", ".db", func(path string) {
			u.switchDatabase(path)
			dbLabel.SetText(u.dbPath)
		})
	})
	defaultDB := widget.NewButton("Use the default database", func() {
		prefs.SetString(prefDBPath, "")
		u.switchDatabase("")
		dbLabel.SetText(u.dbPath)
	})
	backup := widget.NewButton("Back up now…", func() { u.backupDatabase() })

	sd := &settingsDialog{theme: themeSel, paper: paper, consultant: consultant, workshop: workshop}
	sd.bank = widget.NewLabel(bankWords(u.bank, u.bankPath))
	sd.bank.Wrapping = fyne.TextWrapBreak
	sd.loadBank = widget.NewButton("Load a bank file…", func() {
		chooseBankFile(u, func() { sd.showBank(u) })
	})
	sd.builtinBank = widget.NewButton("Use the built-in bank", func() {
		u.useBuiltinBank()
		sd.showBank(u)
	})
	sd.showBank(u)

	form := widget.NewForm(
		widget.NewFormItem("Theme", themeSel),
		widget.NewFormItem("Paper size", paper),
		widget.NewFormItem("Prepared by", consultant),
		widget.NewFormItem("Workshop", workshop),
		widget.NewFormItem("Question bank", container.NewVBox(sd.bank, container.NewHBox(sd.loadBank, sd.builtinBank))),
		widget.NewFormItem("Database", container.NewVBox(dbLabel, container.NewHBox(chooseDB, newDB, defaultDB, backup))),
	)
	d := dialog.NewCustom("Settings", "Close", container.NewPadded(form), u.win)
	d.Resize(fyne.NewSize(720, 1)) // as high as its content
	d.Show()
	sd.dialog = d
	return sd
}

// showBank shows the question bank in use; "Use the built-in bank" is
// enabled only while another one is chosen (even if it failed to load).
func (sd *settingsDialog) showBank(u *App) {
	text := bankWords(u.bank, u.bankPath)
	chosen := u.fy.Preferences().String(prefBankPath)
	if u.bankPath == "" && chosen != "" {
		text += "\n(" + chosen + " could not be loaded when soc2ready started: load it again once fixed)"
	}
	sd.bank.SetText(text)
	if chosen == "" {
		sd.builtinBank.Disable()
	} else {
		sd.builtinBank.Enable()
	}
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

// backupDatabase writes a hot backup of the database to a file the user
// chooses, off the UI goroutine, with progress shown.
func (u *App) backupDatabase() {
	if u.store == nil {
		u.showError("Nothing to back up", u.dbErr)
		return
	}
	saveDialog(u, "soc2ready-backup-"+u.opts.Now().Format("2006-01-02")+".db", ".db", func(path string) {
		u.runLong("Backing up the database…", func() error {
			return u.store.BackupTo(path)
		}, func() {
			dialog.ShowInformation("Backup written", "The database was copied to\n"+path+"\n\nTo restore it, choose it with \"Open another database…\".", u.win)
		})
	})
}

// runLong runs work off the UI goroutine behind a progress dialog, then calls
// done (on success) or shows the error, back on the UI goroutine. Close
// waits for it.
func (u *App) runLong(title string, work func() error, done func()) {
	bar := widget.NewProgressBarInfinite()
	progress := dialog.NewCustomWithoutButtons(title, container.NewPadded(bar), u.win)
	progress.Show()
	u.pending.Add(1)
	go func() {
		defer u.pending.Done()
		err := work()
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
