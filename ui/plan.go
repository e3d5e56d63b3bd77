package ui

import (
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
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
// status are edited in place; it exports the PDF report and a CSV.
type planScreen struct {
	w       *workspace
	content fyne.CanvasObject

	plan    assessment.Plan
	list    *widget.List
	summary *widget.Label
	paper   *widget.RadioGroup
	filling bool // true while rows are filled, so no save fires
}

// planRow holds the widgets of one row, found again by the list's update.
type planRow struct {
	priority, action, effort, criteria *widget.Label
	owner, due                         *widget.Entry
	status                             *widget.Select
}

func newPlanScreen(w *workspace) *planScreen {
	p := &planScreen{w: w}
	p.summary = widget.NewLabel("")
	p.paper = widget.NewRadioGroup([]string{"A4", "US Letter"}, nil)
	p.paper.Horizontal = true
	if paperSetting(w.u.fy) == report.Letter {
		p.paper.SetSelected("US Letter")
	} else {
		p.paper.SetSelected("A4")
	}
	pdf := widget.NewButtonWithIcon("Export PDF report…", theme.DocumentPrintIcon(), p.exportPDF)
	pdf.Importance = widget.HighImportance
	csvBtn := widget.NewButtonWithIcon("Export CSV…", theme.DocumentSaveIcon(), p.exportCSV)
	toolbar := container.NewBorder(nil, nil, p.summary, container.NewHBox(p.paper, pdf, csvBtn))

	rows := map[fyne.CanvasObject]*planRow{}
	header := planRowLayout(bold("#"), bold("Action"), bold("Owner"), bold("Target date"), bold("Effort"), bold("Status"), bold("Criteria"))
	p.list = widget.NewList(
		func() int { return len(p.plan.Actions) },
		func() fyne.CanvasObject {
			r := &planRow{
				priority: widget.NewLabel(""), action: widget.NewLabel(""), effort: widget.NewLabel(""), criteria: widget.NewLabel(""),
				owner: widget.NewEntry(), due: newDateEntry(func(assessment.Date) {}),
				status: widget.NewSelect([]string{"To do", "In progress", "Done"}, nil),
			}
			r.action.Truncation = fyne.TextTruncateEllipsis
			r.criteria.Truncation = fyne.TextTruncateEllipsis
			o := planRowLayout(r.priority, r.action, r.owner, r.due, r.effort, r.status, r.criteria)
			rows[o] = r
			return o
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { p.fillRow(rows[o], p.plan.Actions[i]) })
	p.content = container.NewBorder(container.NewVBox(container.NewPadded(toolbar), header), nil, nil, nil, p.list)
	w.s.onChange(p.refresh)
	p.refresh()
	return p
}

// planRowLayout lays out one row: narrow number, wide action, then the
// editable fields.
func planRowLayout(priority, action, owner, due, effort, status, criteria fyne.CanvasObject) *fyne.Container {
	return newWeightedRow([]float32{0.35, 3.3, 1.5, 1.15, 1.15, 1.3, 1.1}, priority, action, owner, due, effort, status, criteria)
}

// fillRow shows an action and wires its editors to save that action's edit.
func (p *planScreen) fillRow(r *planRow, act assessment.Action) {
	p.filling = true
	defer func() { p.filling = false }()
	id := act.Question.ID
	r.priority.SetText(fmt.Sprint(act.Priority))
	r.action.SetText(act.Action)
	if act.Late {
		r.action.SetText("⚠ " + act.Action)
	}
	r.effort.SetText(effortWords(act.Effort))
	r.effort.Truncation = fyne.TextTruncateEllipsis
	r.criteria.SetText(strings.Join(act.Question.Criteria, ", "))
	r.owner.SetText(act.Owner)
	r.due.SetText(act.Due.String())
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
	r.due.OnChanged = func(s string) {
		if d, err := assessment.ParseDate(s); err == nil {
			edit(func(e *assessment.PlanEdit) { e.Due = d })
		}
	}
	r.status.OnChanged = func(s string) {
		for st, label := range planStatusLabels {
			if label == s {
				edit(func(e *assessment.PlanEdit) { e.Status = st })
			}
		}
	}
}

// refresh rebuilds the plan from the current forecast. Rows are not rebuilt
// while the user types in one: the list keeps its widgets.
func (p *planScreen) refresh() {
	p.plan = assessment.BuildPlan(p.w.s.forecast, p.w.s.a, assessment.DateOf(p.w.u.opts.Now()))
	open := 0
	for _, a := range p.plan.Actions {
		if a.Status != assessment.PlanDone {
			open++
		}
	}
	deadline := "no audit date set"
	if !p.plan.Deadline.IsZero() {
		deadline = "controls operating by " + p.plan.Deadline.String()
	}
	p.summary.SetText(fmt.Sprintf("%d actions, %d open · %s", len(p.plan.Actions), open, deadline))
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

// exportPDF renders the report off the UI goroutine and offers to open it.
func (p *planScreen) exportPDF() {
	u := p.w.u
	a := *p.w.s.a
	paper := p.selectedPaper()
	if a.PreparedBy == "" {
		a.PreparedBy = u.fy.Preferences().String(prefConsultant)
	}
	saveDialog(u, fileSafe(a.Company)+" SOC 2 readiness.pdf", ".pdf", func(path string) {
		u.runLong("Writing the PDF report…", func() error {
			m := report.Build(p.w.s.bank, &a, u.opts.Now())
			return storage.WriteFileAtomic(path, func(w io.Writer) error { return report.Render(m, paper, w) })
		}, func() { u.offerToOpen("Report exported", path) })
	})
}

func (p *planScreen) exportCSV() {
	u := p.w.u
	plan := p.plan
	saveDialog(u, fileSafe(p.w.s.a.Company)+" remediation plan.csv", ".csv", func(path string) {
		u.runLong("Writing the CSV…", func() error {
			return storage.WriteFileAtomic(path, func(w io.Writer) error { return report.WritePlanCSV(w, plan) })
		}, func() { u.offerToOpen("Plan exported", path) })
	})
}

// saveDialog asks where to save a file and calls save with the path.
func saveDialog(u *App, name, ext string, save func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError("Cannot save there", err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		if !strings.HasSuffix(strings.ToLower(path), ext) {
			path += ext
		}
		save(path)
	}, u.win)
	d.SetFileName(name)
	d.Show()
}

func effortWords(e assessment.Effort) string {
	switch e {
	case assessment.EffortS:
		return "S (≤ 2 days)"
	case assessment.EffortM:
		return "M (≤ 2 weeks)"
	default:
		return "L (> 2 weeks)"
	}
}
