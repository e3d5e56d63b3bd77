package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
	"soc2ready/assets"
	"soc2ready/storage"
)

// testNow is the fixed clock of every UI test.
var testNow = time.Date(2026, time.December, 1, 10, 30, 0, 0, time.UTC)

// harness is the app in a test window on a real database in a temporary
// folder.
type harness struct {
	t    testing.TB
	fy   fyne.App
	u    *App
	win  fyne.Window
	path string
}

// newHarness starts the app on an empty database of its own.
func newHarness(t testing.TB) *harness {
	t.Helper()
	return newHarnessAt(t, filepath.Join(t.TempDir(), "test.db"))
}

// newHarnessAt starts the app on the database at path.
func newHarnessAt(t testing.TB, path string) *harness {
	t.Helper()
	return newHarnessWith(t, path, nil)
}

// newHarnessWith starts the app on the database at path, with the options
// changed by change (when not nil).
func newHarnessWith(t testing.TB, path string, change func(*Options)) *harness {
	t.Helper()
	fy := test.NewTempApp(t)
	win := fy.NewWindow("")
	t.Cleanup(win.Close)
	opts := Options{DBPath: path, Now: func() time.Time { return testNow }}
	if change != nil {
		change(&opts)
	}
	u := New(fy, win, opts)
	t.Cleanup(func() { closeApp(t, u) })
	win.Resize(minWindowSize)
	return &harness{t: t, fy: fy, u: u, win: win, path: path}
}

// restart closes the app and starts it again in the same Fyne app (the
// same preferences) on the same database.
func (h *harness) restart() {
	h.t.Helper()
	closeApp(h.t, h.u) // its window is closed on cleanup: closing a test window twice panics
	h.win = h.fy.NewWindow("")
	h.t.Cleanup(h.win.Close)
	h.u = New(h.fy, h.win, Options{DBPath: h.path, Now: func() time.Time { return testNow }})
	u := h.u
	h.t.Cleanup(func() { closeApp(h.t, u) })
	h.win.Resize(minWindowSize)
}

// closeApp closes the app, failing the test if its database does not close.
// Closing twice is harmless.
func closeApp(t testing.TB, u *App) {
	t.Helper()
	if err := u.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// fitsOverlay fails when the top dialog asks for more than the window.
func (h *harness) fitsOverlay(what string, size fyne.Size) {
	h.t.Helper()
	top := h.win.Canvas().Overlays().Top()
	if top == nil {
		h.t.Fatalf("%s: no dialog is open", what)
	}
	fitsWindow(h.t, what, top, size)
}

// store is the app's open database.
func (h *harness) store() *storage.Store {
	h.t.Helper()
	if h.u.store == nil {
		h.t.Fatalf("no database open: %v", h.u.dbErr)
	}
	return h.u.store
}

// create stores an assessment of company, Type II over 6 months from
// 2027-04-01 with every category in scope, and returns its ID.
func (h *harness) create(company string) string {
	h.t.Helper()
	a := &assessment.Assessment{
		Company: company,
		Scope: assessment.Scope{
			ReportType: assessment.Type2, Categories: assessment.Categories[1:],
			PeriodStart: date(h.t, "2027-04-01"), PeriodMonths: 6,
		},
		Bank:    h.u.bank.Ref(),
		Answers: map[string]assessment.Answer{},
	}
	id, err := h.store().Create(a)
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// answering creates an assessment (as create does) and opens it on the
// questionnaire.
func (h *harness) answering(company string) (string, *questionnaireScreen) {
	h.t.Helper()
	id := h.create(company)
	h.u.OpenAssessment(id, tabQuestionnaire)
	return id, h.u.workspace.questionnaire
}

// openSample imports the shipped sample and opens it on tab.
func (h *harness) openSample(tab string) *workspace {
	h.t.Helper()
	id, err := h.store().Import(assets.SampleAssessment, h.u.bank)
	if err != nil {
		h.t.Fatal(err)
	}
	h.u.OpenAssessment(id, tab)
	if h.u.workspace == nil {
		h.t.Fatalf("the sample did not open: %s", h.overlayText())
	}
	return h.u.workspace
}

// get reads an assessment back from the database.
func (h *harness) get(id string) *assessment.Assessment {
	h.t.Helper()
	a, err := h.store().Get(id)
	if err != nil {
		h.t.Fatal(err)
	}
	return a
}

// wait returns once the work started off the UI goroutine (exports,
// imports) has finished and reported back.
func (h *harness) wait() { h.u.pending.Wait() }

// key presses a key the way the window does: the focused widget gets it,
// else the canvas.
func (h *harness) key(name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	c := h.win.Canvas()
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	if on := c.OnTypedKey(); on != nil {
		on(ev)
	}
}

// typeRunes types text the way the window does: into the focused widget,
// else on the canvas.
func (h *harness) typeRunes(text string) {
	c := h.win.Canvas()
	for _, r := range text {
		if f := c.Focused(); f != nil {
			f.TypedRune(r)
		} else if on := c.OnTypedRune(); on != nil {
			on(r)
		}
	}
}

// typeInto focuses a field, as a click does, and types into it.
func (h *harness) typeInto(f fyne.Focusable, text string) {
	h.win.Canvas().Focus(f)
	h.typeRunes(text)
}

// clear focuses a field and deletes its text as a user does: select all,
// then Backspace.
func (h *harness) clear(f fyne.Focusable) {
	h.win.Canvas().Focus(f)
	h.shortcut(&fyne.ShortcutSelectAll{})
	h.key(fyne.KeyBackspace)
}

// shortcut delivers a keyboard shortcut as Fyne's desktop window does: the
// main menu first, then the focused widget, then the canvas.
func (h *harness) shortcut(sc fyne.Shortcut) {
	h.t.Helper()
	if menu := h.win.MainMenu(); menu != nil {
		for _, m := range menu.Items {
			for _, it := range m.Items {
				if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() && it.Action != nil {
					it.Action()
					return
				}
			}
		}
	}
	if f, ok := h.win.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
		return
	}
	if c, ok := h.win.Canvas().(fyne.Shortcutable); ok {
		c.TypedShortcut(sc)
	}
}

// contentText is all the text shown in the window's content.
func (h *harness) contentText() string { return strings.Join(texts(h.win.Canvas().Content()), "\n") }

// overlayText is all the text shown in dialogs and pop-ups.
func (h *harness) overlayText() string {
	var all []string
	for _, o := range h.win.Canvas().Overlays().List() {
		all = append(all, texts(o)...)
	}
	return strings.Join(all, "\n")
}

// overlayButton finds a button by its label in the top dialog.
func (h *harness) overlayButton(label string) *widget.Button {
	h.t.Helper()
	top := h.win.Canvas().Overlays().Top()
	if top == nil {
		h.t.Fatalf("no dialog is open; looking for %q", label)
	}
	b := findButton(top, label)
	if b == nil {
		h.t.Fatalf("no button %q in the dialog:\n%s", label, strings.Join(texts(top), "\n"))
	}
	return b
}

// confirm taps the confirming button (the highlighted one, whatever the
// language: Yes, Sí, Ja…) of the top dialog.
func (h *harness) confirm() {
	h.t.Helper()
	top := h.win.Canvas().Overlays().Top()
	b := find(top, func(b *widget.Button) bool { return b.Importance == widget.HighImportance })
	if b == nil {
		h.t.Fatalf("no confirm button in the dialog:\n%s", h.overlayText())
	}
	test.Tap(b)
}

// dismissDialogs closes every dialog, as Escape would.
func (h *harness) dismissDialogs() {
	for h.win.Canvas().Overlays().Top() != nil {
		h.win.Canvas().Overlays().Remove(h.win.Canvas().Overlays().Top())
	}
}

// walk calls visit for o and every visible object below it, widgets'
// rendered parts included; it does not go below an object for which visit
// returns false.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if o == nil || !o.Visible() || !visit(o) {
		return
	}
	var children []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		children = x.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(x).Objects()
	}
	for _, c := range children {
		walk(c, visit)
	}
}

// texts lists the text of labels, buttons, checks, entries and other text
// shown below o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Button:
			out = append(out, x.Text)
		case *widget.Check:
			out = append(out, x.Text)
		case *widget.Entry:
			out = append(out, x.Text)
		case *canvas.Text:
			out = append(out, x.Text)
		case *widget.RichText:
			out = append(out, x.String())
		}
		return true
	})
	return out
}

// find returns the first object below o of type T that match accepts.
func find[T fyne.CanvasObject](o fyne.CanvasObject, match func(T) bool) T {
	var found T
	done := false
	walk(o, func(o fyne.CanvasObject) bool {
		if done {
			return false
		}
		if x, ok := o.(T); ok && (match == nil || match(x)) {
			found, done = x, true
		}
		return !done
	})
	return found
}

func findButton(o fyne.CanvasObject, label string) *widget.Button {
	return find(o, func(b *widget.Button) bool { return b.Text == label })
}

// tabShown is the name of the selected tab of the open assessment.
func (h *harness) tabShown() string {
	h.t.Helper()
	if h.u.workspace == nil {
		return ""
	}
	return h.u.workspace.tabs.Selected().Text
}

func date(t testing.TB, s string) assessment.Date {
	t.Helper()
	d, err := assessment.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// writeFile writes a file for a test and returns its path.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// fitsMinimumWindow fails when the content asks for more than the smallest
// window every screen is laid out for.
func fitsMinimumWindow(t testing.TB, what string, o fyne.CanvasObject) {
	t.Helper()
	fitsWindow(t, what, o, minWindowSize)
}

func fitsWindow(t testing.TB, what string, o fyne.CanvasObject, size fyne.Size) {
	t.Helper()
	if m := o.MinSize(); m.Width > size.Width || m.Height > size.Height {
		t.Errorf("%s needs %.0f×%.0f, more than a %.0f×%.0f window", what, m.Width, m.Height, size.Width, size.Height)
	}
}
