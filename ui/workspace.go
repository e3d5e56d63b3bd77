package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// Tab names of an open assessment, also used to open one on a given tab.
const (
	tabQuestionnaire = "Questionnaire"
	tabResults       = "Results"
	tabPlan          = "Plan"
	tabResponses     = "Responses"
	tabHistory       = "History"
	tabMock          = "Mock audit"
)

// tabNames are the tabs in the order shown; Ctrl+1…6 select them.
var tabNames = []string{tabQuestionnaire, tabResults, tabPlan, tabResponses, tabHistory, tabMock}

// workspaceKeys is the hint shown beside the tabs (Fyne tabs have no
// tooltips), short enough to leave six tabs room at 1024 pixels.
const workspaceKeys = "Ctrl+1…6 tabs · Ctrl+E scope · Ctrl+0 home"

// workspace is an open assessment: a header with the live readiness and the
// save indicator, and one tab per screen.
type workspace struct {
	u       *App
	s       *session
	content fyne.CanvasObject
	tabs    *container.AppTabs

	title     *widget.RichText // the company and its scope
	readiness *widget.Label    // "Readiness 50 · Not ready", coloured by the verdict
	saved     *widget.Label

	questionnaire *questionnaireScreen
	results       *resultsScreen
	plan          *planScreen
	responses     *responsesScreen
	history       *historyScreen
	mock          *mockScreen
}

func newWorkspace(u *App, a *assessment.Assessment) *workspace {
	w := &workspace{u: u, s: newSession(u.store, u.bank, a, u.opts.Now)}
	back := widget.NewButtonWithIcon("Assessments", theme.NavigateBackIcon(), u.ShowHome)
	// The company, then its scope, quieter, on one line that truncates at
	// the end: the scope gives way first.
	companyStyle := widget.RichTextStyleStrong
	companyStyle.Inline = true
	scopeStyle := widget.RichTextStyleInline
	scopeStyle.ColorName = colorNameHint
	w.title = widget.NewRichText(
		&widget.TextSegment{Style: companyStyle},
		&widget.TextSegment{Style: scopeStyle})
	w.title.Truncation = fyne.TextTruncateEllipsis
	// A pencil beside the company name edits it and the scope (Ctrl+E): the
	// header has no room for words at 1024 pixels.
	edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { showDetails(u) })
	edit.Importance = widget.LowImportance
	w.readiness = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	w.saved = widget.NewLabel("All changes saved")
	settings := widget.NewButtonWithIcon("", theme.SettingsIcon(), func() { showSettings(u) })
	header := container.NewBorder(nil, nil, back,
		container.NewHBox(w.saved, widget.NewSeparator(), w.readiness, settings),
		container.NewBorder(nil, nil, nil, edit, w.title))

	w.questionnaire = newQuestionnaireScreen(w)
	w.results = newResultsScreen(w)
	w.plan = newPlanScreen(w)
	w.responses = newResponsesScreen(w)
	w.history = newHistoryScreen(w)
	w.mock = newMockScreen(w)
	w.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(tabQuestionnaire, theme.DocumentCreateIcon(), w.questionnaire.content),
		container.NewTabItemWithIcon(tabResults, theme.InfoIcon(), w.results.content),
		container.NewTabItemWithIcon(tabPlan, theme.ListIcon(), w.plan.content),
		container.NewTabItemWithIcon(tabResponses, theme.MailReplyIcon(), w.responses.content),
		container.NewTabItemWithIcon(tabHistory, theme.HistoryIcon(), w.history.content),
		container.NewTabItemWithIcon(tabMock, theme.SearchIcon(), w.mock.content),
	)
	w.tabs.OnSelected = func(t *container.TabItem) { w.onTab(t.Text) }
	keys := newHint(workspaceKeys, fyne.TextAlignTrailing)
	keys.Wrapping = fyne.TextWrapOff
	// The hint sits at the right end of the tab bar, which leaves that space
	// empty; it takes no taps.
	tabs := container.NewStack(w.tabs, container.NewVBox(container.NewHBox(layout.NewSpacer(), keys)))
	w.content = container.NewBorder(container.NewVBox(header, widget.NewSeparator()), nil, nil, nil, tabs)

	w.s.onSaved = w.showSaved
	w.s.onChange(w.refreshHeader)
	w.refreshHeader()
	return w
}

// selectTab shows a tab by name (the questionnaire when unknown).
func (w *workspace) selectTab(name string) {
	item := w.tabs.Items[0]
	for _, t := range w.tabs.Items {
		if t.Text == name {
			item = t
		}
	}
	// The keyboard goes to the new tab, not to a field left on the old one.
	w.u.win.Canvas().Unfocus()
	if w.tabs.Selected() == item {
		w.onTab(item.Text)
		return
	}
	w.tabs.Select(item) // calls onTab
}

// current is the name of the tab shown.
func (w *workspace) current() string {
	if w.tabs == nil {
		return ""
	}
	if t := w.tabs.Selected(); t != nil {
		return t.Text
	}
	return ""
}

// whileShown returns a change listener that refreshes a tab only while it is
// shown: onTab refreshes it when it is shown again.
func (w *workspace) whileShown(tab string, refresh func()) func() {
	return func() {
		if w.current() == tab {
			refresh()
		}
	}
}

// onTab refreshes the tab shown (tabs hidden while answers change are
// refreshed only when shown) and gives the keyboard to the questionnaire
// while it is shown.
func (w *workspace) onTab(name string) {
	w.u.keys = nil
	switch name {
	case tabQuestionnaire:
		w.u.keys = w.questionnaire
	case tabResults:
		w.results.refresh()
	case tabPlan:
		w.plan.refresh()
	case tabResponses:
		w.responses.refresh()
	case tabHistory:
		w.history.refresh()
	case tabMock:
		w.mock.refresh()
		w.u.keys = w.mock
	}
}

// answersChanged shows answers saved outside the questionnaire (an imported
// spreadsheet): the session has told the screens; the question shown and
// the notices are filled again.
func (w *workspace) answersChanged() {
	q := w.questionnaire
	q.retired.set(assessment.RetiredNotice(w.s.bank, w.s.a))
	q.rebuild(q.currentID())
}

// showQuestion jumps to a question in the questionnaire.
func (w *workspace) showQuestion(id string) {
	w.selectTab(tabQuestionnaire)
	w.questionnaire.showQuestionID(id)
}

// detailsChanged shows the company and scope after they were edited: the
// title, and the questions that now apply (the session has told the other
// screens).
func (w *workspace) detailsChanged() {
	w.u.win.SetTitle(w.s.a.Company + " — " + WindowTitle)
	w.answersChanged()
}

func (w *workspace) refreshHeader() {
	a := w.s.a
	company, scope := w.title.Segments[0].(*widget.TextSegment), w.title.Segments[1].(*widget.TextSegment)
	if company.Text != a.Company || scope.Text != "   "+scopeSummary(a.Scope) {
		company.Text, scope.Text = a.Company, "   "+scopeSummary(a.Scope)
		w.title.Refresh()
	}
	f := w.s.forecast
	importance := verdictImportance(f.Verdict)
	if w.readiness.Importance != importance {
		w.readiness.Importance = importance
		w.readiness.Refresh()
	}
	if f.Verdict == assessment.Incomplete {
		setText(w.readiness, fmt.Sprintf("%d of %d answered · %s", f.Answered, f.Applicable, f.Verdict.Label()))
		return
	}
	setText(w.readiness, fmt.Sprintf("Readiness %.0f (%d/%d answered) · %s", f.Readiness, f.Answered, f.Applicable, f.Verdict.Label()))
}

func (w *workspace) showSaved(at time.Time, err error) {
	if err != nil {
		w.saved.SetText("Not saved")
		w.u.showError("Your change was not saved", err)
		return
	}
	w.saved.SetText("Saved " + at.Local().Format("15:04:05"))
}

// notSaved says that a change was refused before saving (text too long),
// in the save status rather than a dialog, which would interrupt typing.
func (w *workspace) notSaved(err error) {
	w.saved.SetText("Not saved: " + err.Error())
}

// close ends the answering session: a snapshot for the history when answers
// changed.
func (w *workspace) close() {
	if err := w.s.endAnswering(); err != nil {
		fyne.LogError("history snapshot", err)
	}
}

// scopeSummary says what the audit covers, e.g. "Type II · 6 months from 2027-03-01".
func scopeSummary(s assessment.Scope) string {
	if s.ReportType == assessment.Type2 {
		if start := s.Start(); !start.IsZero() {
			return fmt.Sprintf("Type II · %d months from %s", s.Months(), start)
		}
		return fmt.Sprintf("Type II · %d months", s.Months())
	}
	if !s.AuditDate.IsZero() {
		return "Type I · as of " + s.AuditDate.String()
	}
	return "Type I"
}
