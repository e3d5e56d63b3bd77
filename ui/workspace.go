package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
)

// workspace is an open assessment: a header with the live readiness and the
// save indicator, and one tab per screen.
type workspace struct {
	u       *App
	s       *session
	content fyne.CanvasObject
	tabs    *container.AppTabs

	readiness *widget.Label
	verdict   *widget.Label
	saved     *widget.Label

	questionnaire *questionnaireScreen
	results       *resultsScreen
	plan          *planScreen
	responses     *responsesScreen
	history       *historyScreen
}

func newWorkspace(u *App, a *assessment.Assessment) *workspace {
	w := &workspace{u: u, s: newSession(u.store, u.bank, a, u.opts.Now)}
	back := widget.NewButtonWithIcon("All assessments", theme.NavigateBackIcon(), u.ShowHome)
	company := widget.NewLabelWithStyle(a.Company, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	company.Truncation = fyne.TextTruncateEllipsis
	scope := widget.NewLabel(scopeSummary(a.Scope))
	w.readiness = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	w.verdict = widget.NewLabel("")
	w.saved = widget.NewLabel("All changes saved")
	settings := widget.NewButtonWithIcon("", theme.SettingsIcon(), func() { showSettings(u) })
	header := container.NewBorder(nil, nil, back,
		container.NewHBox(w.saved, widget.NewSeparator(), w.readiness, w.verdict, settings),
		container.NewBorder(nil, nil, nil, scope, company))

	w.questionnaire = newQuestionnaireScreen(w)
	w.results = newResultsScreen(w)
	w.plan = newPlanScreen(w)
	w.responses = newResponsesScreen(w)
	w.history = newHistoryScreen(w)
	w.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(tabQuestionnaire, theme.DocumentCreateIcon(), w.questionnaire.content),
		container.NewTabItemWithIcon(tabResults, theme.InfoIcon(), w.results.content),
		container.NewTabItemWithIcon(tabPlan, theme.ListIcon(), w.plan.content),
		container.NewTabItemWithIcon(tabResponses, theme.MailReplyIcon(), w.responses.content),
		container.NewTabItemWithIcon(tabHistory, theme.HistoryIcon(), w.history.content),
	)
	w.tabs.OnSelected = func(t *container.TabItem) { w.onTab(t.Text) }
	w.content = container.NewBorder(container.NewVBox(header, widget.NewSeparator()), nil, nil, nil, w.tabs)

	w.s.onSaved = w.showSaved
	w.s.onChange(w.refreshHeader)
	w.refreshHeader()
	return w
}

// selectTab shows a tab by name (the questionnaire when empty).
func (w *workspace) selectTab(name string) {
	for _, t := range w.tabs.Items {
		if t.Text == name {
			w.tabs.Select(t)
			w.onTab(name)
			return
		}
	}
	w.onTab(tabQuestionnaire)
}

// onTab wires the keyboard to the questionnaire only while it is shown.
func (w *workspace) onTab(name string) {
	canvas := w.u.win.Canvas()
	if name == tabQuestionnaire {
		canvas.SetOnTypedKey(w.questionnaire.typedKey)
		canvas.SetOnTypedRune(w.questionnaire.typedRune)
		return
	}
	canvas.SetOnTypedKey(nil)
	canvas.SetOnTypedRune(nil)
	switch name {
	case tabResults:
		w.results.refresh()
	case tabPlan:
		w.plan.refresh()
	case tabResponses:
		w.responses.refresh()
	case tabHistory:
		w.history.refresh()
	}
}

// showQuestion jumps to a question in the questionnaire.
func (w *workspace) showQuestion(id string) {
	w.selectTab(tabQuestionnaire)
	w.questionnaire.showQuestionID(id)
}

func (w *workspace) refreshHeader() {
	f := w.s.forecast
	w.readiness.SetText(fmt.Sprintf("Readiness %.0f", f.Readiness))
	w.verdict.SetText(f.Verdict.Label())
}

func (w *workspace) showSaved(at time.Time, err error) {
	if err != nil {
		w.saved.SetText("Not saved")
		w.u.showError("Your change was not saved", err)
		return
	}
	w.saved.SetText("Saved " + at.Local().Format("15:04:05"))
}

// close ends the answering session: a snapshot for the history when answers
// changed.
func (w *workspace) close() {
	w.u.win.Canvas().SetOnTypedKey(nil)
	w.u.win.Canvas().SetOnTypedRune(nil)
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
