package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// categoryHelp explains each optional Trust Services Category in a line.
var categoryHelp = map[assessment.Category]string{
	assessment.Availability:        "Availability: you promise customers uptime and recovery (SLAs, backups, disaster recovery).",
	assessment.Confidentiality:     "Confidentiality: you hold customers' confidential business data and promise to protect and delete it.",
	assessment.ProcessingIntegrity: "Processing integrity: customers rely on your system to process data completely and correctly (payments, payroll, reports).",
	assessment.Privacy:             "Privacy: you collect personal data about individuals and make promises about its use.",
}

const (
	type1Label = "Type I: controls designed and in place on one date"
	type2Label = "Type II: controls operating over a period (usually 3–12 months)"
)

// newAssessmentForm is the New assessment screen: company, profile, report
// type, categories and dates. Its fields are struct fields so tests can fill
// them.
type newAssessmentForm struct {
	u          *App
	content    fyne.CanvasObject
	company    *widget.Entry
	preparedBy *widget.Entry
	profile    map[string]*widget.Check
	reportType *widget.RadioGroup
	categories map[assessment.Category]*widget.Check
	auditDate  *dateEntry
	months     *widget.Select
	status     *widget.Label
	create     *widget.Button
}

// showNewAssessment replaces the window content with the New assessment form.
func showNewAssessment(u *App) *newAssessmentForm {
	if u.store == nil {
		u.showError("Cannot create an assessment", u.dbErr)
		return nil
	}
	u.leaveWorkspace()
	f := &newAssessmentForm{u: u, profile: map[string]*widget.Check{}, categories: map[assessment.Category]*widget.Check{}}
	f.company = widget.NewEntry()
	f.company.SetPlaceHolder("e.g. Acme Analytics Ltd")
	f.preparedBy = widget.NewEntry()
	f.preparedBy.SetText(u.fy.Preferences().String(prefConsultant))
	f.preparedBy.SetPlaceHolder("Your name, printed on the report")

	profileBox := container.NewVBox()
	for _, c := range assessment.ProfileConditions {
		chk, row := newWrappedCheck(c.Question, nil)
		chk.SetChecked(true)
		f.profile[c.Key] = chk
		profileBox.Add(row)
	}
	profileHint := newHint("Untick what does not apply: those questions are left out.", fyne.TextAlignLeading)

	f.months = widget.NewSelect([]string{"3", "6", "9", "12"}, nil)
	f.months.SetSelected(strconv.Itoa(assessment.DefaultPeriodMonths))
	monthsRow := container.NewHBox(widget.NewLabel("for"), f.months, widget.NewLabel("months (first reports usually cover 3–6)"))
	f.auditDate = newDateEntry(nil)
	f.reportType = widget.NewRadioGroup([]string{type1Label, type2Label}, nil)
	f.reportType.Required = true
	// The date and the period on one row; what the date means below it.
	dateItem := widget.NewFormItem("Date", newWeightedRow([]float32{1, 2.6}, f.auditDate, monthsRow))

	security, row := newWrappedCheck("Security: always in scope (the Common Criteria)", nil)
	security.SetChecked(true)
	security.Disable()
	catBox := container.NewVBox(row)
	for _, c := range assessment.Categories[1:] {
		chk, row := newWrappedCheck(categoryHelp[c], nil)
		f.categories[c] = chk
		catBox.Add(row)
	}

	f.status = widget.NewLabel("")
	f.status.Importance = widget.DangerImportance
	f.create = widget.NewButtonWithIcon("Create and start answering", theme.ConfirmIcon(), f.submit)
	f.create.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", u.ShowHome)

	heading := widget.NewLabelWithStyle("New assessment", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	form := widget.NewForm(
		widget.NewFormItem("Company", f.company),
		widget.NewFormItem("Prepared by", f.preparedBy),
		widget.NewFormItem("Report", f.reportType),
		dateItem,
		widget.NewFormItem("In scope", catBox),
		widget.NewFormItem("Your company", container.NewVBox(profileBox, profileHint)),
	)
	f.reportType.OnChanged = func(s string) {
		if s == type1Label {
			dateItem.HintText = "The audit date: the day the auditor looks at your controls. Leave it empty if not known yet."
			monthsRow.Hide()
		} else {
			dateItem.HintText = "The first day of the observation period: controls must be running from this day. Leave it empty if not known yet."
			monthsRow.Show()
		}
		form.Refresh()
	}
	f.reportType.SetSelected(type2Label)
	body := container.NewVBox(heading, form)
	buttons := container.NewBorder(nil, nil, f.status, container.NewHBox(cancel, f.create))
	f.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), container.NewPadded(buttons)), nil, nil,
		container.NewVScroll(container.NewPadded(body)))
	u.setContent(f.content)
	u.form = f
	u.win.Canvas().Focus(f.company)
	return f
}

// assessment builds the assessment the form describes, or says what is missing.
func (f *newAssessmentForm) assessment() (*assessment.Assessment, error) {
	company := strings.TrimSpace(f.company.Text)
	if company == "" {
		return nil, errors.New("enter the company name")
	}
	text := strings.TrimSpace(f.auditDate.Text)
	if _, err := assessment.ParseDate(text); err != nil {
		return nil, errors.New("write the date as YYYY-MM-DD, or leave it empty for now")
	}
	date, err := assessment.ParseInputDate(text)
	if err != nil {
		return nil, fmt.Errorf("date: %w", err)
	}
	a := &assessment.Assessment{
		Company:    company,
		PreparedBy: strings.TrimSpace(f.preparedBy.Text),
		Profile:    assessment.Profile{},
		Scope:      assessment.Scope{ReportType: assessment.Type1, AuditDate: date},
		Bank:       f.u.bank.Ref(),
		Answers:    map[string]assessment.Answer{},
	}
	if f.reportType.Selected == type2Label {
		months, _ := strconv.Atoi(f.months.Selected)
		a.Scope = assessment.Scope{ReportType: assessment.Type2, PeriodStart: date, PeriodMonths: months}
	}
	for _, c := range assessment.Categories[1:] {
		if f.categories[c].Checked {
			a.Scope.Categories = append(a.Scope.Categories, c)
		}
	}
	for key, chk := range f.profile {
		a.Profile.Set(key, chk.Checked)
	}
	// what the database would refuse (a name too long) is said here
	if err := a.CheckDetails(); err != nil {
		return nil, err
	}
	return a, nil
}

func (f *newAssessmentForm) submit() {
	a, err := f.assessment()
	if err != nil {
		f.status.SetText(err.Error())
		return
	}
	id, err := f.u.store.Create(a)
	if err != nil {
		f.u.showError("Could not create the assessment", err)
		return
	}
	f.u.OpenAssessment(id, tabQuestionnaire)
}
