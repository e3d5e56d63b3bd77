package ui

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"soc2ready/assessment"
	"soc2ready/assets"
	"soc2ready/report"
	"soc2ready/storage"
)

// TestDatabaseProblemOnHome: a database that cannot be opened is explained
// on Home in plain words; the app keeps running and every action that needs
// the database says why it cannot.
func TestDatabaseProblemOnHome(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T) string
		want  string
	}{
		{"random bytes", func(t *testing.T) string {
			return writeFile(t, "soc2ready.db", []byte(strings.Repeat("not a database ", 1000)))
		}, "damaged or is not a soc2ready database"},
		{"empty file", func(t *testing.T) string {
			return writeFile(t, "soc2ready.db", nil)
		}, "damaged or is not a soc2ready database"},
		{"a folder", func(t *testing.T) string {
			return t.TempDir()
		}, "damaged or is not a soc2ready database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.setup(t)
			before, _ := os.ReadFile(path)
			h := newHarnessAt(t, path)
			if h.u.store != nil {
				t.Fatal("the database opened")
			}
			shown := h.contentText()
			if !strings.Contains(shown, "The database could not be opened") || !strings.Contains(shown, tt.want) || !strings.Contains(shown, path) {
				t.Errorf("Home says:\n%s", shown)
			}
			if !strings.Contains(shown, "Restore a backup, or choose another database in Settings") {
				t.Errorf("Home does not say what to do:\n%s", shown)
			}

			// Nothing that needs the database crashes.
			h.typeRunes("s")
			h.key(fyne.KeyReturn)
			h.shortcut(shortcutNew)
			h.shortcut(shortcutImport)
			h.shortcut(shortcutTabs[1])
			h.u.openSample()
			if !strings.Contains(h.overlayText(), "damaged") {
				t.Errorf("New/Import/sample do not explain:\n%s", h.overlayText())
			}
			h.dismissDialogs()
			test.Tap(h.u.home.buttons["Try again"])
			if h.u.store != nil {
				t.Error("Try again opened the damaged file")
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Error("the file was changed")
			}
		})
	}
}

// TestPlainError: errors shown to users say what happened and what to do.
func TestPlainError(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("open x: %w", storage.ErrLocked), "open in another soc2ready window"},
		{fmt.Errorf("open x: %w", storage.ErrNewerSchema), "Update the app"},
		{fmt.Errorf("open x: %w", storage.ErrCorrupt), "Restore a backup"},
		{fmt.Errorf("get: %w", storage.ErrNotFound), "may have been deleted"},
		{fmt.Errorf("import: %w", assessment.ErrInvalidFile), "Choose a file exported by soc2ready"},
		{fmt.Errorf("write: %w", fs.ErrPermission), "choose a folder you can write to"},
		{fmt.Errorf("write: %w", fs.ErrNotExist), "does not exist: choose another"},
		{&fs.PathError{Op: "open", Path: "/a/b", Err: syscall.ENOTDIR}, "is a file, not a folder"},
		{&assessment.BankMismatchError{Made: assessment.BankRef{ID: "lite", Version: "2"}, Loaded: assessment.BankRef{ID: "soc2ready-core", Version: "2026.11"}},
			`made with the question bank "lite" (version 2)`},
		{fmt.Errorf("import: %w", &assessment.BankMismatchError{Made: assessment.BankRef{ID: "soc2ready-core"}, Loaded: assessment.BankRef{ID: "lite"}}),
			"Use the built-in bank"},
		{fmt.Errorf("%w: answers.X-1: %w", assessment.ErrInvalidFile, &assessment.BankVersionError{Made: assessment.BankRef{ID: "b", Version: "2"}, Loaded: assessment.BankRef{ID: "b", Version: "1"}}),
			"load that version of the bank to read it (in Settings ▸ Question bank)"},
		{fmt.Errorf("read: %w", report.ErrNotXLSX), "This is not an .xlsx spreadsheet"},
		{fmt.Errorf("%w: %w", errSpreadsheet, errors.New("no Status column")), "What is wrong: no Status column"},
		{errors.New("something else"), "something else"},
	}
	for _, tt := range tests {
		t.Run(tt.err.Error(), func(t *testing.T) {
			if got := plainError(tt.err); !strings.Contains(got, tt.want) {
				t.Errorf("plainError = %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

// TestNormalizeLocale: locale settings Fyne cannot parse get a $LANGUAGE
// it can; LANG and LC_* are never changed. Each case also asks Fyne, and
// fails on its "Error parsing user locale".
func TestNormalizeLocale(t *testing.T) {
	tests := []struct {
		name                    string
		lcAll, lcMessages, lang string
		language                string // before
		want                    string // $LANGUAGE after
	}{
		{name: "C.UTF-8", lang: "C.UTF-8"},
		{name: "C", lang: "C"},
		{name: "POSIX", lang: "POSIX"},
		{name: "C.utf8", lang: "C.utf8"},
		{name: "POSIX.UTF-8", lang: "POSIX.UTF-8", want: "C"},
		{name: "a real locale", lang: "de_DE.UTF-8"},
		{name: "a modifier", lang: "de_DE@euro", want: "de_DE"},
		{name: "a modifier after the encoding", lang: "sr_RS.UTF-8@latin"},
		{name: "LC_ALL wins", lcAll: "de_AT@euro", lang: "fr_FR.UTF-8", want: "de_AT"},
		{name: "LC_ALL good, LANG bad", lcAll: "fr_FR.UTF-8", lang: "de_DE@euro"},
		{name: "LC_MESSAGES before LANG", lcMessages: "POSIX.UTF-8", lang: "en_GB.UTF-8", want: "C"},
		{name: "C hides LANGUAGE", lang: "C", language: "POSIX"},
		{name: "nothing set"},
		{name: "LANGUAGE list", lang: "en_GB.UTF-8", language: "C:en_GB:de@euro::POSIX", want: "C:en_GB:de:C"},
		{name: "LANGUAGE beyond repair", lang: "en_GB.UTF-8", language: "!!", want: "en"},
		{name: "LANGUAGE fine", lang: "pt_BR.UTF-8", language: "pt_BR:pt", want: "pt_BR:pt"},
		{name: "LANGUAGE with C.UTF-8", lang: "C.UTF-8", language: "es_419:es", want: "es_419:es"},
	}
	// Fyne keeps the language it found: set it back from the test's own
	// environment (restored by then) for the tests that follow.
	t.Cleanup(func() { fyneLocaleErrors() })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"LC_ALL": tt.lcAll, "LC_MESSAGES": tt.lcMessages, "LANG": tt.lang}
			for k, v := range env {
				t.Setenv(k, v)
			}
			t.Setenv("LANGUAGE", tt.language)
			want := tt.want
			if want == "" {
				want = tt.language
			}
			normalizeLocale()
			if got := os.Getenv("LANGUAGE"); got != want {
				t.Errorf("LANGUAGE = %q, want %q", got, want)
			}
			for k, v := range env {
				if got := os.Getenv(k); got != v {
					t.Errorf("%s changed from %q to %q", k, v, got)
				}
			}
			if logged := fyneLocaleErrors(); logged != "" {
				t.Errorf("Fyne still complains:\n%s", logged)
			}
		})
	}
}

// fyneLocaleErrors asks Fyne for the user's locales, as it does at start,
// and returns what it logged.
func fyneLocaleErrors() string {
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(os.Stderr)
	lang.SystemLocale()
	lang.AddTranslationsForLocale([]byte(`{}`), "en") // reads every listed locale
	return buf.String()
}

// TestTabShortcuts: Ctrl+1…6 show the tabs of an open assessment, also from
// a text field; Ctrl+0 goes back to the list. On Home they do nothing.
func TestTabShortcuts(t *testing.T) {
	h := newHarness(t)
	for i := range tabNames {
		h.shortcut(shortcutTabs[i]) // nothing open: no effect, no crash
	}
	for _, it := range h.u.tabItems {
		if !it.Disabled {
			t.Errorf("menu item %q is enabled on Home", it.Label)
		}
	}
	w := h.openSample(tabResults)
	for _, it := range h.u.tabItems {
		if it.Disabled {
			t.Errorf("menu item %q is disabled in an open assessment", it.Label)
		}
	}
	for i, name := range tabNames {
		t.Run(name, func(t *testing.T) {
			w.selectTab(tabQuestionnaire)
			h.win.Canvas().Focus(w.questionnaire.notes) // typing notes
			h.shortcut(shortcutTabs[i])
			if h.tabShown() != name {
				t.Fatalf("Ctrl+%d shows %q, want %q", i+1, h.tabShown(), name)
			}
			if name != tabQuestionnaire && h.win.Canvas().Focused() != nil {
				t.Error("the notes field keeps the focus on another tab")
			}
			wantKeys := name == tabQuestionnaire
			if got := h.u.keys == w.questionnaire; got != wantKeys {
				t.Errorf("questionnaire keys active = %v, want %v", got, wantKeys)
			}
		})
	}
	shortcutsShown := h.contentText()
	if !strings.Contains(shortcutsShown, workspaceKeys) {
		t.Errorf("the workspace does not show its shortcuts:\n%s", shortcutsShown)
	}
	h.shortcut(shortcutHome)
	if h.u.workspace != nil || h.u.home == nil {
		t.Error("Ctrl+0 did not go back to the list")
	}
	h.typeRunes("1")
	if got := len(h.get(w.s.a.ID).Answers); got != len(w.s.a.Answers) {
		t.Error("a number key on Home answered a question of the closed assessment")
	}
}

// TestMenuShortcutsAreUnique: every shortcut is on one menu item, and is
// shown there.
func TestMenuShortcutsAreUnique(t *testing.T) {
	h := newHarness(t)
	seen := map[string]string{}
	for _, m := range h.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut == nil {
				continue
			}
			name := it.Shortcut.ShortcutName()
			if other, dup := seen[name]; dup {
				t.Errorf("%s is on %q and %q", name, other, it.Label)
			}
			seen[name] = it.Label
		}
	}
	// The text fields' own shortcuts stay theirs: a menu shortcut comes first.
	for _, k := range []fyne.KeyName{fyne.KeyC, fyne.KeyV, fyne.KeyX, fyne.KeyA, fyne.KeyZ} {
		if label, taken := seen[ctrl(k).ShortcutName()]; taken {
			t.Errorf("%q takes Ctrl+%s from the text fields", label, k)
		}
	}
	if len(seen) != 14 { // 8 for the app, 6 for the tabs
		t.Errorf("%d shortcuts in the menu, want 14", len(seen))
	}
}

// TestNewAssessmentShortcutClosesWorkspace: Ctrl+N from an open assessment
// ends its session (a snapshot when answers changed) and its keys.
func TestNewAssessmentShortcutClosesWorkspace(t *testing.T) {
	h := newHarness(t)
	id := h.create("Busy Ltd")
	h.u.OpenAssessment(id, tabQuestionnaire)
	h.typeRunes("4")
	h.shortcut(shortcutNew)
	if h.u.form == nil || h.u.workspace != nil {
		t.Fatal("Ctrl+N did not show the New assessment form")
	}
	if n := len(h.get(id).History); n != 1 {
		t.Errorf("leaving after an answer took %d snapshots, want 1", n)
	}
	h.win.Canvas().Unfocus()
	h.typeRunes("1")
	if got := h.get(id).Answers; len(got) != 1 {
		t.Errorf("a key on the form answered the hidden questionnaire: %d answers", len(got))
	}
}

// TestScreensFitMinimumWindow: no screen asks for more than 1024×700, so a
// long text never widens the window.
func TestScreensFitMinimumWindow(t *testing.T) {
	h := newHarness(t)
	fitsMinimumWindow(t, "the empty Home", h.win.Content())
	showNewAssessment(h.u)
	fitsMinimumWindow(t, "New assessment", h.win.Content())
	// The long name is in the database before the assessment opens, so the
	// header is built with it.
	longName := strings.TrimSpace(strings.Repeat("A very long company name ", 10))
	id, err := h.store().Import(assets.SampleAssessment, h.u.bank)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.store().Rename(id, longName); err != nil {
		t.Fatal(err)
	}
	h.u.OpenAssessment(id, tabQuestionnaire)
	w := h.u.workspace
	if w == nil || !strings.Contains(h.contentText(), longName) {
		t.Fatalf("the open assessment does not show its long name:\n%s", h.contentText())
	}
	for _, name := range tabNames {
		w.selectTab(name)
		fitsMinimumWindow(t, name, h.win.Content())
	}
	w.questionnaire.showQuestionID("AC-01")
	h.typeRunes("5") // the N/A reason field appears
	fitsMinimumWindow(t, "a question answered N/A", h.win.Content())
	h.u.ShowHome()
	fitsMinimumWindow(t, "Home with the sample", h.win.Content())
	for i := 0; i < 3; i++ {
		h.create(strings.Repeat("Long Name Holdings International ", 8))
	}
	h.u.ShowHome()
	fitsMinimumWindow(t, "Home with long names", h.win.Content())
	showSettings(h.u)
	h.fitsOverlay("Settings", minWindowSize)
	h.dismissDialogs()
	h.u.home.selectID(w.s.a.ID)
	test.Tap(h.u.home.buttons[btnCompare])
	fitsMinimumWindow(t, "Compare", h.win.Content())
	m := showMerge(h.u)
	long := strings.Repeat("a-very-long-file-name-", 8) + ".soc2ready.json"
	h.addFiles(m, exportedFile(t, long, func(a *assessment.Assessment) {
		a.Answers["AC-01"] = assessment.Answer{Status: assessment.Missing, Notes: strings.Repeat("long notes ", 40), Changed: monday}
	}), bobFile(t))
	fitsMinimumWindow(t, "Merge files with a long name", h.win.Content())
	test.Tap(m.mergeBtn)
	fitsMinimumWindow(t, "the merge review with long notes", h.win.Content())

	// Workshop mode is for a projector, full screen: 1280×800 at least.
	projector := fyne.NewSize(1280, 800)
	h.fy.Preferences().SetBool(prefWorkshop, true)
	applySettings(h.fy)
	h.u.ShowHome()
	fitsWindow(t, "Home in workshop mode", h.win.Content(), projector)
	w = h.openSample(tabQuestionnaire)
	for _, name := range tabNames {
		w.selectTab(name)
		fitsWindow(t, name+" in workshop mode", h.win.Content(), projector)
	}
	showNewAssessment(h.u)
	fitsWindow(t, "New assessment in workshop mode", h.win.Content(), projector)
	h.u.ShowHome()
	test.Tap(h.u.home.buttons[btnCompare])
	fitsWindow(t, "Compare in workshop mode", h.win.Content(), projector)
	m = showMerge(h.u)
	h.addFiles(m, aliceFile(t), bobFile(t))
	fitsWindow(t, "Merge files in workshop mode", h.win.Content(), projector)
	test.Tap(m.mergeBtn)
	fitsWindow(t, "the merge review in workshop mode", h.win.Content(), projector)
	showSettings(h.u)
	h.fitsOverlay("Settings in workshop mode", projector)
}

// TestCloseWaitsForExports: closing while a PDF is written waits for it.
func TestCloseWaitsForExports(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabPlan)
	path := filepath.Join(t.TempDir(), "r.pdf")
	w.plan.exportPDFTo(path)
	closeApp(t, h.u)
	if info, err := os.Stat(path); err != nil || info.Size() == 0 {
		t.Errorf("after Close the report is %v, %v", info, err)
	}
}

// TestFileDialogsOpen: every button and menu item that asks for a file
// shows a file dialog (tests otherwise call the seams that take a path).
func TestFileDialogsOpen(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabPlan)
	for _, label := range []string{"Export PDF report…", "Export spreadsheet (XLSX)…", "Export answers (CSV)…", "Export plan (CSV)…"} {
		t.Run(label, func(t *testing.T) {
			test.Tap(findButton(w.plan.content, label))
			if h.win.Canvas().Overlays().Top() == nil {
				t.Error("no file dialog")
			}
			h.dismissDialogs()
		})
	}
	t.Run("paper questionnaire", func(t *testing.T) {
		test.Tap(w.questionnaire.paper)
		if h.win.Canvas().Overlays().Top() == nil {
			t.Error("no file dialog")
		}
		h.dismissDialogs()
	})
	h.shortcut(shortcutHome)
	for _, label := range []string{btnImport, btnExport, btnImportAnswers} {
		t.Run(label, func(t *testing.T) {
			test.Tap(h.u.home.buttons[label])
			if h.win.Canvas().Overlays().Top() == nil {
				t.Error("no file dialog")
			}
			h.dismissDialogs()
		})
	}
	t.Run("a bank", func(t *testing.T) {
		d := showSettings(h.u)
		test.Tap(d.loadBank)
		if n := len(h.win.Canvas().Overlays().List()); n != 2 {
			t.Errorf("%d dialogs open, want Settings and the file dialog", n)
		}
		h.dismissDialogs()
	})
	t.Run("merge", func(t *testing.T) {
		showMerge(h.u)
		test.Tap(findButton(h.win.Content(), "Add a file…"))
		if h.win.Canvas().Overlays().Top() == nil {
			t.Error("no file dialog")
		}
		h.dismissDialogs()
	})
}
