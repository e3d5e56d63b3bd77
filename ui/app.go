// Package ui is the desktop app: Fyne screens over the assessment domain,
// the database and the report. It is the only package that imports Fyne.
//
// One screen per file: home.go (the assessments), newassessment.go,
// details.go (company and scope), questionnaire.go, results.go, plan.go,
// responses.go, history.go, mockaudit.go (testing the auditor's sample),
// settings.go, merge.go (merging exported files) and compare.go (two
// assessments or snapshots side by side). workspace.go holds the tabs of an
// open assessment and session.go the data behind them. bank.go loads custom
// question banks, spreadsheet.go exports and imports spreadsheets, paper.go
// prints the paper questionnaire; theme.go, database.go and runlong.go hold
// the theme, database switching and backup, and work off the UI goroutine.
package ui

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"

	"soc2ready/assessment"
	"soc2ready/assets"
	"soc2ready/report"
	"soc2ready/storage"
)

// WindowTitle is the main window's title; the smoke test finds the window by it.
const WindowTitle = "SOC 2 Readiness"

// minWindowSize is the smallest size every screen is laid out for.
var minWindowSize = fyne.NewSize(1024, 700)

// Options configure the app; tests pass their own.
type Options struct {
	DBPath string                  // the database file; "" resolves the default
	Bank   *assessment.Bank        // the question bank; nil means the one chosen in Settings, else the built-in one
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

	// bankPath is the custom question bank file in use; "" for the
	// built-in bank. bankErr is why the bank chosen in Settings (at
	// bankErrPath) could not be loaded at start, shown on Home.
	bankPath    string
	bankErr     error
	bankErrPath string

	// The screen shown: one of these is set (Home, an open assessment,
	// the New assessment form, Merge files, Compare).
	home      *homeScreen
	workspace *workspace
	form      *newAssessmentForm
	merge     *mergeScreen
	compare   *compareScreen
	// details is the Edit company and scope dialog opened last.
	details *detailsDialog
	// lastOpened is the assessment opened last, selected again on Home.
	lastOpened string

	// keys receives the keys typed while no widget has the focus: Home's
	// or the questionnaire's, whichever is shown.
	keys keyHandler
	// menu items that only work in an open assessment (tabItems: the tabs
	// and Edit company and scope), or with an assessment open or selected on
	// Home (targetItems).
	menu        *fyne.MainMenu
	tabItems    []*fyne.MenuItem
	targetItems []*fyne.MenuItem

	// pending counts the work running off the UI goroutine (exports,
	// imports, backups) until it has reported back; Close waits for it.
	// working counts the same work until the work itself is done: the
	// database it may be using is closed only after that (closeStore), also
	// when a report-back closes it (a bank loaded reopens the database).
	pending, working sync.WaitGroup
}

// keyHandler is a screen that answers to the keyboard.
type keyHandler interface {
	typedKey(ev *fyne.KeyEvent)
	typedRune(r rune)
}

// Run opens the desktop app and blocks until its window closes.
// dbPath, when not empty, is the database to open (soc2ready --db PATH).
func Run(dbPath string) {
	normalizeLocale()
	fy := app.NewWithID(storage.AppID)
	fy.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	win := fy.NewWindow(WindowTitle)
	u := New(fy, win, Options{DBPath: dbPath})
	quitOnSignal(fy)
	win.SetCloseIntercept(func() {
		u.rememberWindowSize()
		win.Close()
	})
	win.ShowAndRun()
	if err := u.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "soc2ready:", err)
	}
}

// New builds the app in a window: it opens the database and shows Home.
func New(fy fyne.App, win fyne.Window, opts Options) *App {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	u := &App{fy: fy, win: win, opts: opts, bank: opts.Bank}
	applySettings(fy)
	if u.bank == nil {
		u.startBank()
	}
	u.openDatabase(opts.DBPath)
	u.menu = u.mainMenu()
	win.SetMainMenu(u.menu)
	win.Canvas().SetOnTypedKey(u.typedKey)
	win.Canvas().SetOnTypedRune(u.typedRune)
	size := fyne.NewSize(
		float32(fy.Preferences().FloatWithFallback(prefWindowWidth, 1180)),
		float32(fy.Preferences().FloatWithFallback(prefWindowHeight, 780)))
	win.Resize(size.Max(minWindowSize))
	if fy.Preferences().Bool(prefWorkshop) {
		win.SetFullScreen(true)
	}
	u.ShowHome()
	return u
}

// openDatabase opens the database at path (or the configured/default one). A
// failure is kept and shown on Home with what to do; the app still starts.
// The database open before is closed once the work still running on it
// (imports, exports, backups) has finished.
func (u *App) openDatabase(path string) {
	if err := u.closeStore(); err != nil {
		u.showError("Could not close the database", err)
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

// Close ends the answering session, waits for exports still being written
// and closes the database. The window may be gone, so a failure to close is
// returned rather than shown.
func (u *App) Close() error {
	u.keys = nil
	if u.workspace != nil { // not leaveWorkspace: the window (and its menu) may be gone
		u.workspace.close()
		u.workspace = nil
	}
	u.pending.Wait()
	return u.closeStore()
}

// closeStore waits for the work running off the UI goroutine, which may be
// using the database, then closes it.
func (u *App) closeStore() error {
	u.working.Wait()
	if u.store == nil {
		return nil
	}
	err := u.store.Close()
	u.store = nil
	return err
}

// builtinBank is the question bank embedded in the binary.
func builtinBank() *assessment.Bank {
	b, err := assets.Bank()
	if err != nil {
		// The built-in bank is validated by tests; this is a broken build.
		panic(fmt.Sprintf("built-in question bank: %v", err))
	}
	return b
}

// ShowHome shows the list of assessments.
func (u *App) ShowHome() {
	u.leaveWorkspace()
	u.home = newHomeScreen(u)
	u.win.SetTitle(WindowTitle)
	u.setContent(u.home.content)
	u.keys = u.home
	u.refreshMenu()
}

// leaveWorkspace leaves the screen shown. An open assessment is closed: its
// answering session ends (a history snapshot when answers changed) and its
// keys stop working.
func (u *App) leaveWorkspace() {
	u.keys = nil
	if u.details != nil {
		// Its assessment is closing: a save would go to a closed session.
		u.details.dialog.Hide()
		u.details = nil
	}
	u.form, u.home, u.merge, u.compare = nil, nil, nil, nil
	if u.workspace != nil {
		u.workspace.close()
		u.workspace = nil
	}
	u.refreshMenu()
}

// OpenAssessment shows an assessment's workspace on the given tab.
func (u *App) OpenAssessment(id string, tab string) {
	if u.store == nil {
		u.showError("Could not open the assessment", u.dbErr)
		return
	}
	a, err := u.store.Get(id)
	if err != nil {
		u.showError("Could not open the assessment", err)
		return
	}
	// An assessment made with another bank cannot be scored with this one:
	// its question IDs mean something else. Nothing is changed.
	if err := a.CheckBank(u.bank); err != nil {
		u.showError("Could not open "+a.Company, err)
		return
	}
	u.leaveWorkspace()
	u.lastOpened = id
	u.workspace = newWorkspace(u, a)
	u.win.SetTitle(a.Company + " — " + WindowTitle)
	u.setContent(u.workspace.content)
	u.workspace.selectTab(tab)
	u.refreshMenu()
}

// target is the assessment that the File menu's assessment items (Compare,
// spreadsheets, the paper questionnaire) act on: the one open, else the one
// selected on Home.
func (u *App) target() (string, bool) {
	if u.workspace != nil {
		return u.workspace.s.a.ID, true
	}
	if u.home != nil {
		if r, ok := u.home.current(); ok {
			return r.ID, true
		}
	}
	return "", false
}

// targetAssessment returns the target assessment to export or print: a copy
// of the open one, else the one selected on Home read from the database and
// checked against the bank. Without one it says why, under title.
func (u *App) targetAssessment(title string) (*assessment.Assessment, bool) {
	if u.workspace != nil {
		return u.workspace.s.copyAssessment(), true
	}
	id, ok := u.target()
	if !ok {
		dialog.ShowInformation(title, "Select an assessment in the list first, or open one.", u.win)
		return nil, false
	}
	if u.store == nil {
		u.showError(title, u.dbErr)
		return nil, false
	}
	a, err := u.store.Get(id)
	if err == nil {
		err = a.CheckBank(u.bank)
	}
	if err != nil {
		u.showError(title, err)
		return nil, false
	}
	return a, true
}

// typedKey and typedRune receive the keys typed while no widget has the
// focus, and pass them to the screen shown, unless a dialog is open.
func (u *App) typedKey(ev *fyne.KeyEvent) {
	if u.keys != nil && u.win.Canvas().Overlays().Top() == nil {
		u.keys.typedKey(ev)
	}
}

func (u *App) typedRune(r rune) {
	if u.keys != nil && u.win.Canvas().Overlays().Top() == nil {
		u.keys.typedRune(r)
	}
}

func (u *App) setContent(obj fyne.CanvasObject) {
	u.win.SetContent(obj)
}

func (u *App) rememberWindowSize() {
	s := u.win.Canvas().Size()
	if s.Width >= minWindowSize.Width && s.Height >= minWindowSize.Height {
		u.fy.Preferences().SetFloat(prefWindowWidth, float64(s.Width))
		u.fy.Preferences().SetFloat(prefWindowHeight, float64(s.Height))
	}
}

// Keyboard shortcuts. They live in the main menu, which shows them next to
// each item and, unlike canvas shortcuts, works while a text field has the
// focus. Ctrl+0 is the list of assessments and Ctrl+1…6 the tabs of an open
// one, in the order they are shown (Cmd instead of Ctrl on macOS), and Ctrl+E
// edits its company and scope. Ctrl+M merges files; Ctrl+Shift+I (import, for answers) and Ctrl+P (print) act on
// the assessment open or selected. Ctrl+C, V, X, A and Z stay the text
// fields'.
var (
	shortcutHome          = ctrl(fyne.Key0)
	shortcutTabs          = []fyne.Shortcut{ctrl(fyne.Key1), ctrl(fyne.Key2), ctrl(fyne.Key3), ctrl(fyne.Key4), ctrl(fyne.Key5), ctrl(fyne.Key6)}
	shortcutDetails       = ctrl(fyne.KeyE)
	shortcutNew           = ctrl(fyne.KeyN)
	shortcutImport        = ctrl(fyne.KeyI)
	shortcutImportAnswers = ctrlShift(fyne.KeyI)
	shortcutMerge         = ctrl(fyne.KeyM)
	shortcutPaper         = ctrl(fyne.KeyP)
	shortcutSettings      = ctrl(fyne.KeyComma)
)

func ctrl(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func ctrlShift(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

func menuItem(label string, sc fyne.Shortcut, action func()) *fyne.MenuItem {
	it := fyne.NewMenuItem(label, action)
	it.Shortcut = sc
	return it
}

func (u *App) mainMenu() *fyne.MainMenu {
	u.tabItems = nil
	for i, name := range tabNames {
		it := menuItem(name, shortcutTabs[i], func() { u.showTab(name) })
		it.Disabled = true
		u.tabItems = append(u.tabItems, it)
	}
	view := fyne.NewMenu("View", append([]*fyne.MenuItem{
		menuItem("All assessments", shortcutHome, u.ShowHome),
		fyne.NewMenuItemSeparator(),
	}, u.tabItems...)...)
	details := menuItem(detailsTitle, shortcutDetails, func() { showDetails(u) })
	details.Disabled = true
	u.tabItems = append(u.tabItems, details)
	// Items for the assessment open or selected on Home.
	u.targetItems = []*fyne.MenuItem{
		fyne.NewMenuItem("Compare…", u.compareTarget),
		menuItem("Import answers from spreadsheet…", shortcutImportAnswers, u.importSpreadsheet),
		fyne.NewMenuItem("Export spreadsheet (XLSX)…", u.exportSpreadsheet),
		fyne.NewMenuItem("Export answers (CSV)…", u.exportAnswersCSV),
		menuItem("Print paper questionnaire (PDF)…", shortcutPaper, u.printQuestionnaire),
	}
	for _, it := range u.targetItems {
		it.Disabled = true
	}
	file := []*fyne.MenuItem{
		menuItem("New assessment…", shortcutNew, func() { showNewAssessment(u) }),
		fyne.NewMenuItem("Open the sample assessment", u.openSample),
		menuItem("Import…", shortcutImport, u.importFile),
		menuItem("Merge files…", shortcutMerge, func() { showMerge(u) }),
		fyne.NewMenuItemSeparator(),
		details,
	}
	file = append(file, u.targetItems...)
	file = append(file, fyne.NewMenuItemSeparator(), menuItem("Settings…", shortcutSettings, func() { showSettings(u) }))
	return fyne.NewMainMenu(fyne.NewMenu("File", file...), view)
}

// compareTarget shows Compare for the assessment open or selected on Home.
func (u *App) compareTarget() {
	if id, ok := u.target(); ok {
		showCompare(u, id)
	}
}

// showTab shows a tab of the open assessment; without one it does nothing
// (the menu still delivers its shortcut).
func (u *App) showTab(name string) {
	if u.workspace != nil {
		u.workspace.selectTab(name)
	}
}

// refreshMenu enables the tabs' items while an assessment is open, and the
// assessment items while one is open or selected on Home.
func (u *App) refreshMenu() {
	if u.menu == nil {
		return
	}
	_, hasTarget := u.target()
	changed := false
	for _, it := range u.tabItems {
		changed = changed || it.Disabled != (u.workspace == nil)
		it.Disabled = u.workspace == nil
	}
	for _, it := range u.targetItems {
		changed = changed || it.Disabled != !hasTarget
		it.Disabled = !hasTarget
	}
	if changed {
		u.menu.Refresh()
	}
}

// showError shows an error in plain words with what to do about it.
func (u *App) showError(title string, err error) {
	u.showErrorText(title, plainError(err))
}

// showErrorText shows an error already in plain words.
func (u *App) showErrorText(title, text string) {
	d := dialog.NewError(errors.New(title+"\n\n"+text), u.win)
	d.Show()
}

// plainError turns an error into a sentence a founder can act on.
func plainError(err error) string {
	var mismatch *assessment.BankMismatchError
	switch {
	case errors.As(err, &mismatch):
		return bankMismatchWords(mismatch)
	case errors.Is(err, storage.ErrLocked):
		return "The database is open in another soc2ready window. Close that window, or choose another database in Settings."
	case errors.Is(err, storage.ErrNewerSchema):
		return "This database was written by a newer version of soc2ready. Update the app to open it; the file has not been changed."
	case errors.Is(err, storage.ErrCorrupt):
		return "This file is damaged or is not a soc2ready database. It has not been changed. Restore a backup, or choose another database in Settings.\n\n(" + err.Error() + ")"
	case errors.Is(err, storage.ErrNotFound):
		return "It is no longer in the database: it may have been deleted. Go back to the list of assessments and choose another.\n\n(" + err.Error() + ")"
	case errors.Is(err, storage.ErrInvalidValue):
		return "Nothing was saved: " + strings.TrimPrefix(err.Error(), "update assessment: ") + "."
	case errors.Is(err, assessment.ErrInvalidFile), errors.Is(err, storage.ErrInvalidImport):
		return "The file could not be read, and nothing was changed. Choose a file exported by soc2ready (its name ends in .soc2ready.json), or ask whoever sent it to export it again.\n\nWhat is wrong: " + strings.TrimPrefix(err.Error(), "import: ") + bankAdvice(err)
	case errors.Is(err, report.ErrNotXLSX):
		return "This is not an .xlsx spreadsheet, and nothing was changed. Export one with \"Export spreadsheet (XLSX)…\", fill in its Answers sheet and save it as .xlsx.\n\n(" + err.Error() + ")"
	case errors.Is(err, errSpreadsheet):
		return "The spreadsheet could not be read, and nothing was changed. Use the workbook that \"Export spreadsheet (XLSX)…\" writes, keeping its header row (ID and Status at least).\n\nWhat is wrong: " + strings.TrimPrefix(err.Error(), errSpreadsheet.Error()+": ")
	case errors.Is(err, os.ErrPermission):
		return "Permission denied: choose a folder you can write to.\n\n(" + err.Error() + ")"
	case errors.Is(err, os.ErrNotExist):
		return "That folder or file does not exist: choose another one.\n\n(" + err.Error() + ")"
	case errors.Is(err, syscall.ENOTDIR):
		return "Part of that path is a file, not a folder: choose another folder.\n\n(" + err.Error() + ")"
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

// normalizeLocale keeps Fyne from logging "Error parsing user locale" on
// every start. Fyne (through github.com/jeandeaual/go-locale) reads the
// first of LC_ALL, LC_MESSAGES and LANG that is set; unless that is exactly
// "C" or "POSIX", $LANGUAGE (a colon-separated list) takes precedence. It
// drops the encoding (".UTF-8") and parses the rest as a language tag, which
// fails for "POSIX.UTF-8" and for a modifier before the encoding
// ("de_DE@euro"). ("C.UTF-8", common in containers, reads as "C", which Fyne
// takes for English without complaint.)
//
// Rather than change LANG or LC_ALL, which the C libraries under Fyne use for
// character handling and keyboard input, it sets $LANGUAGE — which only
// message translations read — to the same list with the unparsable names
// fixed. An unknown language ("xx_YY") still gets Fyne's error.
func normalizeLocale() {
	governing := ""
	for _, key := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(key); v != "" {
			governing = v
			break
		}
	}
	if governing == "" || governing == "C" || governing == "POSIX" {
		return // $LANGUAGE is not read; Fyne uses English
	}
	list := os.Getenv("LANGUAGE")
	if list == "" {
		list = governing
	}
	var kept []string
	changed := false
	for _, name := range strings.Split(list, ":") {
		fixed := fixLocaleName(name)
		changed = changed || fixed != name
		if fixed != "" {
			kept = append(kept, fixed)
		}
	}
	if !changed {
		return
	}
	if len(kept) == 0 {
		kept = []string{"en"}
	}
	os.Setenv("LANGUAGE", strings.Join(kept, ":"))
}

// wellFormedLocale is a language with an optional territory, e.g. "en",
// "en_US", "pt-BR", "es_419".
var wellFormedLocale = regexp.MustCompile(`^[A-Za-z]{2,8}([_-][A-Za-z0-9]{2,8})?$`)

// fixLocaleName returns a name that go-locale turns into a tag Fyne can
// parse: "de_DE@euro" → "de_DE", "POSIX.UTF-8" → "C"; "" when there is
// nothing to keep.
func fixLocaleName(name string) string {
	base, _, _ := strings.Cut(name, ".")
	if strings.Contains(base, "@") {
		base, _, _ = strings.Cut(base, "@")
		name = base
	}
	switch {
	case base == "POSIX":
		return "C"
	case base == "C" || wellFormedLocale.MatchString(base):
		return name
	}
	return ""
}
