package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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
