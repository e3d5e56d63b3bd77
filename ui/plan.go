package ui

import (
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
	"soc2ready/report"
	"soc2ready/storage"
)

var planStatusLabels = map[assessment.PlanStatus]string{
	assessment.PlanTodo:       "To do",
	assessment.PlanInProgress: "In progress",
	assessment.PlanDone:       "Done",
}

// planScreen is the remediation plan as a table whose owner, target date and
// status are edited in place; it exports the PDF report, the spreadsheet
// (answers and plan), the answers as CSV and the plan as CSV.
type planScreen struct {
	w       *workspace
	content fyne.CanvasObject

	plan    assessment.Plan
	list    *widget.List
	rows    map[fyne.CanvasObject]*planRow
	summary *widget.Label
	paper   *widget.RadioGroup
	filling bool // true while rows are filled, so no save fires
}

// planRow holds the widgets of one row, found again by the list's update.
type planRow struct {
	id                                 string // the question of the action shown
	priority, action, effort, criteria *widget.Label
	owner                              *fieldEntry
	due                                *dateEntry
	status                             *widget.Select
}

func newPlanScreen(w *workspace) *planScreen {
	p := &planScreen{w: w}
	p.summary = widget.NewLabel("")
	p.summary.Wrapping = fyne.TextWrapWord
	// One paper size for every PDF: the choice here is the setting.
	p.paper = widget.NewRadioGroup([]string{"A4", "US Letter"}, nil)
	p.paper.Horizontal = true
	if paperSetting(w.u.fy) == report.Letter {
		p.paper.SetSelected("US Letter")
	} else {
		p.paper.SetSelected("A4")
	}
	p.paper.OnChanged = func(string) {
		if p.paper.Selected != "" {
			w.u.fy.Preferences().SetString(prefPaper, string(p.selectedPaper()))
		}
	}
	pdf := widget.NewButtonWithIcon("Export PDF report…", theme.DocumentPrintIcon(), p.exportPDF)
	pdf.Importance = widget.HighImportance
	xlsx := widget.NewButtonWithIcon("Export spreadsheet (XLSX)…", theme.GridIcon(), w.u.exportSpreadsheet)
	answers := widget.NewButtonWithIcon("Export answers (CSV)…", theme.DocumentSaveIcon(), w.u.exportAnswersCSV)
	csvBtn := widget.NewButtonWithIcon("Export plan (CSV)…", theme.DocumentSaveIcon(), p.exportCSV)
	// The summary and the paper size on one row, the exports on the next:
	// on one row they would not fit a 1024-pixel window.
	paper := container.NewHBox(widget.NewLabel("Paper"), p.paper)
	toolbar := container.NewVBox(
		container.NewBorder(nil, nil, nil, paper, p.summary),
		container.NewHBox(pdf, xlsx, answers, csvBtn),
	)
	legend := newHint(planLegend, fyne.TextAlignLeading)

	p.rows = map[fyne.CanvasObject]*planRow{}
	header := planRowLayout(bold("#"), bold("Action"), bold("Owner"), bold("Target date"), bold("Effort"), bold("Status"), bold("Criteria"))
	p.list = widget.NewList(
		func() int { return len(p.plan.Actions) },
		func() fyne.CanvasObject {
			r := &planRow{
				priority: widget.NewLabel(""), action: widget.NewLabel(""), effort: widget.NewLabel(""), criteria: widget.NewLabel(""),
				owner: newFieldEntry(), due: newDateEntry(nil),
				status: widget.NewSelect([]string{"To do", "In progress", "Done"}, nil),
			}
			r.action.Truncation = fyne.TextTruncateEllipsis
			r.criteria.Truncation = fyne.TextTruncateEllipsis
			o := planRowLayout(r.priority, r.action, r.owner, r.due, r.effort, r.status, r.criteria)
			p.rows[o] = r
			return o
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { p.fillRow(p.rows[o], p.plan.Actions[i]) })
	p.content = container.NewBorder(container.NewVBox(container.NewPadded(toolbar), header), legend, nil, nil, p.list)
	w.s.onChange(w.whileShown(tabPlan, p.refresh))
	p.refresh()
	return p
}

// planLegend explains the table's marks under it.
const planLegend = "Effort: S up to 2 days · M up to 2 weeks · L longer.  ⚠ cannot be done by its target date even if started today.  " +
	"Management response: a lapse already inside the period, which the auditor will find; fix it and explain it.  Owner, target date and status are saved as you type."

// planActionText is a row's action as the table shows it: a late one marked
// ⚠. Only a remediation can be late: a management response answers a lapse
// already in the period, and a question takes minutes to answer, whatever
// the date.
func planActionText(act assessment.Action) string {
	if act.Late && act.Kind == assessment.KindRemediate {
		return "⚠ " + act.Action
	}
	return act.Action
}

// planSummary counts what is left to do by kind, as in "3 gaps to close, 2
// questions to answer, 1 management response to write · 4 done · controls
// operating by 2027-04-01". Once the deadline has passed it says so.
func planSummary(p assessment.Plan, s assessment.Scope, today assessment.Date) string {
	open := map[assessment.ActionKind]int{}
	done := 0
	for _, a := range p.Actions {
		if a.Status == assessment.PlanDone {
			done++
		} else {
			open[a.Kind]++
		}
	}
	var parts []string
	for _, k := range []struct {
		kind      assessment.ActionKind
		one, many string
	}{
		{assessment.KindRemediate, "gap to close", "gaps to close"},
		{assessment.KindAnswer, "question to answer", "questions to answer"},
		{assessment.KindRespond, "management response to write", "management responses to write"},
	} {
		switch n := open[k.kind]; n {
		case 0:
		case 1:
			parts = append(parts, "1 "+k.one)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", n, k.many))
		}
	}
	line := strings.Join(parts, ", ")
	if len(parts) == 0 {
		line = "Nothing left to do"
	}
	if done > 0 {
		line += fmt.Sprintf(" · %d done", done)
	}
	switch d := p.Deadline; {
	case d.IsZero():
		return line + " · no audit date set"
	case !today.Before(d.Time) && s.ReportType == assessment.Type2:
		return line + " · observation period under way since " + d.String()
	case today.After(d.Time):
		return line + " · the audit date " + d.String() + " has passed"
	}
	return line + " · controls operating by " + p.Deadline.String()
}

// planRowLayout lays out one row: narrow number, wide action, then the
// editable fields.
func planRowLayout(priority, action, owner, due, effort, status, criteria fyne.CanvasObject) *fyne.Container {
	return newWeightedRow([]float32{0.35, 3.9, 1.6, 1.15, 0.5, 1.3, 1.0}, priority, action, owner, due, effort, status, criteria)
}

// fillRow shows an action and wires its editors to save that action's edit.
func (p *planScreen) fillRow(r *planRow, act assessment.Action) {
	p.filling = true
	defer func() { p.filling = false }()
	id := act.Question.ID
	r.id = id
	r.priority.SetText(fmt.Sprint(act.Priority))
	r.action.SetText(planActionText(act))
	r.effort.SetText(string(act.Effort))
	if act.Kind == assessment.KindAnswer {
		r.effort.SetText("–") // answering takes minutes: no effort to plan
	}
	r.effort.Truncation = fyne.TextTruncateEllipsis
	r.criteria.SetText(strings.Join(act.Question.Criteria, ", "))
	// The field being typed in keeps its text: refilling it from the saved
	// (trimmed, or defaulted when emptied) value would fight the typing.
	focused := p.w.u.win.Canvas().Focused()
	if focused != r.owner && strings.TrimSpace(r.owner.Text) != act.Owner {
		r.owner.SetText(act.Owner)
	}
	if focused != r.due && r.due.Text != act.Due.String() {
		r.due.SetText(act.Due.String())
	}
	r.status.SetSelected(planStatusLabels[act.Status])
	edit := func(change func(e *assessment.PlanEdit)) {
		if p.filling {
			return
		}
		e := p.w.s.a.Plan[id]
		change(&e)
		p.w.s.setPlanEdit(id, e)
	}
	r.owner.OnChanged = func(s string) { edit(func(e *assessment.PlanEdit) { e.Owner = strings.TrimSpace(s) }) }
	r.owner.limit("Owner", assessment.MaxNameLength, p.w.notSaved)
	r.due.onDate = func(d assessment.Date) { edit(func(e *assessment.PlanEdit) { e.Due = d }) }
	r.status.OnChanged = func(s string) {
		for st, label := range planStatusLabels {
			if label == s {
				edit(func(e *assessment.PlanEdit) { e.Status = st })
			}
		}
	}
}

// rowOf returns the row showing a question's action, if it is on screen.
func (p *planScreen) rowOf(id string) *planRow {
	for _, r := range p.rows {
		if r.id == id {
			return r
		}
	}
	return nil
}

// refresh rebuilds the plan from the current forecast. Rows are not rebuilt
// while the user types in one: the list keeps its widgets.
func (p *planScreen) refresh() {
	p.plan = assessment.BuildPlan(p.w.s.forecast, p.w.s.a, assessment.DateOf(p.w.u.opts.Now()))
	p.summary.SetText(planSummary(p.plan, p.w.s.a.Scope, assessment.DateOf(p.w.u.opts.Now())))
	if !p.filling {
		p.list.Refresh()
	}
}

func (p *planScreen) selectedPaper() report.Paper {
	if p.paper.Selected == "US Letter" {
		return report.Letter
	}
	return report.A4
}

// exportPDF asks where to save the PDF report.
func (p *planScreen) exportPDF() {
	saveDialog(p.w.u, fileSafe(p.w.s.a.Company)+" SOC 2 readiness.pdf", ".pdf", p.exportPDFTo)
}

// exportPDFTo renders the report to path off the UI goroutine, from a copy
// of the assessment (answering goes on meanwhile), and offers to open it.
func (p *planScreen) exportPDFTo(path string) {
	u := p.w.u
	a := p.w.s.copyAssessment()
	if a.PreparedBy == "" {
		a.PreparedBy = u.fy.Preferences().String(prefConsultant)
	}
	bank, paper, now := p.w.s.bank, p.selectedPaper(), u.opts.Now()
	u.runLong("Writing the PDF report…", func() error {
		m := report.Build(bank, a, now)
		return storage.WriteFileAtomic(path, func(w io.Writer) error { return report.Render(m, paper, w) })
	}, func() { u.offerToOpen("Report exported", path) })
}

// exportCSV asks where to save the plan as CSV.
func (p *planScreen) exportCSV() {
	saveDialog(p.w.u, fileSafe(p.w.s.a.Company)+" remediation plan.csv", ".csv", p.exportCSVTo)
}

// exportCSVTo writes the plan shown to path off the UI goroutine.
func (p *planScreen) exportCSVTo(path string) {
	u := p.w.u
	plan := p.plan
	u.runLong("Writing the CSV…", func() error {
		return storage.WriteFileAtomic(path, func(w io.Writer) error { return report.WritePlanCSV(w, plan) })
	}, func() { u.offerToOpen("Plan exported", path) })
}
