// Package ui is the desktop app: Fyne screens over the assessment domain,
// the database and the report. It is the only package that imports Fyne.
//
// One screen per file: home.go (the assessments), newassessment.go,
// questionnaire.go, results.go, plan.go, responses.go, history.go and
// settings.go. workspace.go holds the tabs of an open assessment and
// session.go the data behind them.
package ui

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"

	"soc2ready/assessment"
	"soc2ready/assets"
	"soc2ready/storage"
)

// WindowTitle is the main window's title; the smoke test finds the window by it.
const WindowTitle = "SOC 2 Readiness"

// minWindowSize is the smallest size every screen is laid out for.
var minWindowSize = fyne.NewSize(1024, 700)

// Options configure the app; tests pass their own.
type Options struct {
	DBPath string                  // the database file; "" resolves the default
	Bank   *assessment.Bank        // the question bank; nil means the built-in one
	Now    func() time.Time        // the clock; nil means time.Now
	Opener func(path string) error // opens an exported file; nil means the desktop's default
}

// App is the running desktop app: one window whose content is the current
// screen.
type App struct {
	fy     fyne.App
	win    fyne.Window
	opts   Options
	bank   *assessment.Bank
	store  *storage.Store
	dbErr  error // why the database could not be opened, shown on Home
	dbPath string

	home      *homeScreen
	workspace *workspace
}

// Run opens the desktop app and blocks until its window closes.
func Run() {
	normalizeLocale()
	fy := app.NewWithID(storage.AppID)
	fy.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	win := fy.NewWindow(WindowTitle)
	u := New(fy, win, Options{})
	quitOnSignal(fy)
	win.SetCloseIntercept(func() {
		u.rememberWindowSize()
		win.Close()
	})
	win.ShowAndRun()
	u.Close()
}

// New builds the app in a window: it opens the database and shows Home.
func New(fy fyne.App, win fyne.Window, opts Options) *App {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	u := &App{fy: fy, win: win, opts: opts, bank: opts.Bank}
	applySettings(fy)
	if u.bank == nil {
		b, err := assets.Bank()
		if err != nil {
			// The built-in bank is validated by tests; this is a broken build.
			panic(fmt.Sprintf("built-in question bank: %v", err))
		}
		u.bank = b
	}
	u.openDatabase(opts.DBPath)
	win.SetMainMenu(u.mainMenu())
	size := fyne.NewSize(
		float32(fy.Preferences().FloatWithFallback(prefWindowWidth, 1180)),
		float32(fy.Preferences().FloatWithFallback(prefWindowHeight, 780)))
	win.Resize(size.Max(minWindowSize))
	u.ShowHome()
	return u
}

// openDatabase opens the database at path (or the configured/default one). A
// failure is kept and shown on Home with what to do; the app still starts.
func (u *App) openDatabase(path string) {
	if u.store != nil {
		u.store.Close()
		u.store = nil
	}
	if path == "" {
		path = u.fy.Preferences().String(prefDBPath)
	}
	resolved, err := storage.ResolvePath(path)
	u.dbPath, u.dbErr = resolved, err
	if err != nil {
		return
	}
	u.store, u.dbErr = storage.Open(resolved, storage.Options{Bank: u.bank})
}

// Close closes the database.
func (u *App) Close() {
	if u.workspace != nil {
		u.workspace.close()
	}
	if u.store != nil {
		u.store.Close()
		u.store = nil
	}
}

// ShowHome shows the list of assessments.
func (u *App) ShowHome() {
	if u.workspace != nil {
		u.workspace.close()
		u.workspace = nil
	}
	u.home = newHomeScreen(u)
	u.win.SetTitle(WindowTitle)
	u.setContent(u.home.content)
	u.win.Canvas().SetOnTypedKey(nil)
}

// OpenAssessment shows an assessment's workspace on the given tab.
func (u *App) OpenAssessment(id string, tab string) {
	a, err := u.store.Get(id)
	if err != nil {
		u.showError("Could not open the assessment", err)
		return
	}
	u.workspace = newWorkspace(u, a)
	u.win.SetTitle(a.Company + " — " + WindowTitle)
	u.setContent(u.workspace.content)
	u.workspace.selectTab(tab)
}

func (u *App) setContent(obj fyne.CanvasObject) {
	u.win.SetContent(withWorkshopMode(u.fy, obj))
}

func (u *App) rememberWindowSize() {
	s := u.win.Canvas().Size()
	if s.Width >= minWindowSize.Width && s.Height >= minWindowSize.Height {
		u.fy.Preferences().SetFloat(prefWindowWidth, float64(s.Width))
		u.fy.Preferences().SetFloat(prefWindowHeight, float64(s.Height))
	}
}

func (u *App) mainMenu() *fyne.MainMenu {
	return fyne.NewMainMenu(
		fyne.NewMenu("File",
			fyne.NewMenuItem("All assessments", u.ShowHome),
			fyne.NewMenuItem("New assessment…", func() { showNewAssessment(u) }),
			fyne.NewMenuItem("Import…", func() { u.home.importFile() }),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem("Settings…", func() { showSettings(u) }),
		),
	)
}

// showError shows an error in plain words with what to do about it.
func (u *App) showError(title string, err error) {
	d := dialog.NewError(errors.New(title+"\n\n"+plainError(err)), u.win)
	d.Show()
}

// plainError turns an error into a sentence a founder can act on.
func plainError(err error) string {
	switch {
	case errors.Is(err, storage.ErrLocked):
		return "The database is open in another soc2ready window. Close that window, or choose another database in Settings."
	case errors.Is(err, storage.ErrNewerSchema):
		return "This database was written by a newer version of soc2ready. Update the app to open it; the file has not been changed."
	case errors.Is(err, storage.ErrCorrupt):
		return "This file is damaged or is not a soc2ready database. It has not been changed. Restore a backup, or choose another database in Settings.\n\n(" + err.Error() + ")"
	case errors.Is(err, assessment.ErrInvalidFile), errors.Is(err, storage.ErrInvalidImport):
		return "The file could not be imported, and nothing was changed:\n" + strings.TrimPrefix(err.Error(), "import: ")
	case errors.Is(err, os.ErrPermission):
		return "Permission denied: choose a folder you can write to.\n\n(" + err.Error() + ")"
	default:
		return err.Error()
	}
}

// quitOnSignal closes the app cleanly on SIGTERM or Ctrl-C in a terminal, so
// the database is closed and preferences are written.
func quitOnSignal(fy fyne.App) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-sig
		fyne.Do(fy.Quit)
	}()
}

// normalizeLocale replaces a "C" or "POSIX" locale (LANG=C.UTF-8 is common in
// containers and minimal installs) with en_US.UTF-8 before Fyne reads it:
// Fyne cannot parse "C" as a language and logs an error on every start.
func normalizeLocale() {
	for _, key := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(key)
		if v == "" {
			continue
		}
		lang, _, _ := strings.Cut(v, ".")
		if lang == "C" || lang == "POSIX" {
			os.Setenv(key, "en_US.UTF-8")
		}
		return
	}
}
