package ui

import (
	"errors"
	"fmt"
	"slices"
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

// periodMonths are the period lengths offered for a Type II report.
var periodMonths = []string{"3", "6", "9", "12"}

// scopeFields are the fields of an assessment's company and scope: company,
// prepared by, report type, dates, categories, the company profile and its
// populations. The New assessment screen and the Edit company and scope
// dialog both show them. Its fields are struct fields so tests can fill them.
type scopeFields struct {
	company    *widget.Entry
	preparedBy *widget.Entry
	profile    map[string]*widget.Check
	reportType *widget.RadioGroup
	categories map[assessment.Category]*widget.Check
	auditDate  *dateEntry
	months     *widget.Select
	population *populationFields
	form       *widget.Form
}

func newScopeFields() *scopeFields {
	f := &scopeFields{profile: map[string]*widget.Check{}, categories: map[assessment.Category]*widget.Check{}}
	f.company = widget.NewEntry()
	f.company.SetPlaceHolder("e.g. Acme Analytics Ltd")
	f.preparedBy = widget.NewEntry()
	f.preparedBy.SetPlaceHolder("Your name, printed on the report")

	// The defaults of the populations depend on the profile: founders only
	// have no joiners, a company that builds no software few changes.
	f.population = newPopulationFields(f.conditions)
	profileBox := container.NewVBox()
	for _, c := range assessment.ProfileConditions {
		chk, row := newWrappedCheck(c.Question, func(bool) { f.population.refresh() })
		chk.Checked = true
		f.profile[c.Key] = chk
		profileBox.Add(row)
	}
	profileHint := newHint("Untick what does not apply: those questions are left out.", fyne.TextAlignLeading)

	f.months = widget.NewSelect(periodMonths, nil)
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

	f.form = widget.NewForm(
		widget.NewFormItem("Company", f.company),
		widget.NewFormItem("Prepared by", f.preparedBy),
		widget.NewFormItem("Report", f.reportType),
		dateItem,
		widget.NewFormItem("In scope", catBox),
		widget.NewFormItem("Your company", container.NewVBox(profileBox, profileHint)),
		widget.NewFormItem("How many", f.population.box),
	)
	f.reportType.OnChanged = func(s string) {
		if s == type1Label {
			dateItem.HintText = "The audit date: the day the auditor looks at your controls. Leave it empty if not known yet."
			monthsRow.Hide()
		} else {
			dateItem.HintText = "The first day of the observation period: controls must be running from this day. Leave it empty if not known yet."
			monthsRow.Show()
		}
		f.form.Refresh()
	}
	f.reportType.SetSelected(type2Label)
	return f
}

// conditions is the profile as ticked, without populations.
func (f *scopeFields) conditions() assessment.Profile {
	p := assessment.Profile{}
	for key, chk := range f.profile {
		p.Set(key, chk.Checked)
	}
	return p
}

// show fills the fields from an assessment's header.
func (f *scopeFields) show(a *assessment.Assessment) {
	f.company.SetText(a.Company)
	f.preparedBy.SetText(a.PreparedBy)
	for key, chk := range f.profile {
		chk.SetChecked(a.Profile.Holds(key))
	}
	for c, chk := range f.categories {
		chk.SetChecked(a.Scope.InScope(c))
	}
	months := strconv.Itoa(a.Scope.Months())
	if !slices.Contains(f.months.Options, months) {
		// A length set elsewhere (an imported file) is kept, not rounded.
		f.months.Options = append(slices.Clone(periodMonths), months)
		slices.SortFunc(f.months.Options, func(x, y string) int { return atoi(x) - atoi(y) })
	}
	f.months.SetSelected(months)
	if a.Scope.ReportType == assessment.Type2 {
		f.reportType.SetSelected(type2Label)
	} else {
		f.reportType.SetSelected(type1Label)
	}
	f.auditDate.SetText(a.Scope.Start().String())
	f.population.show(a.Profile.Population)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// scopeDetails is what the fields say: an assessment's header.
type scopeDetails struct {
	Company    string
	PreparedBy string
	Profile    assessment.Profile
	Scope      assessment.Scope
}

// read returns what the fields say, or what is wrong, naming the field.
func (f *scopeFields) read() (scopeDetails, error) {
	var d scopeDetails
	d.Company = strings.TrimSpace(f.company.Text)
	if d.Company == "" {
		return d, errors.New("enter the company name")
	}
	text := strings.TrimSpace(f.auditDate.Text)
	if _, err := assessment.ParseDate(text); err != nil {
		return d, errors.New("write the date as YYYY-MM-DD, or leave it empty for now")
	}
	date, err := assessment.ParseInputDate(text)
	if err != nil {
		return d, fmt.Errorf("date: %w", err)
	}
	d.PreparedBy = strings.TrimSpace(f.preparedBy.Text)
	d.Scope = assessment.Scope{ReportType: assessment.Type1, AuditDate: date}
	if f.reportType.Selected == type2Label {
		d.Scope = assessment.Scope{ReportType: assessment.Type2, PeriodStart: date, PeriodMonths: atoi(f.months.Selected)}
	}
	for _, c := range assessment.Categories[1:] {
		if f.categories[c].Checked {
			d.Scope.Categories = append(d.Scope.Categories, c)
		}
	}
	d.Profile = f.conditions()
	if d.Profile.Population, err = f.population.read(); err != nil {
		return d, err
	}
	return d, nil
}

// applyTo writes the details into an assessment. A Type II period given by
// its end date (as an imported file may have it) is kept as it was when the
// start and length shown were not changed, so that saving changes nothing
// the user did not change.
func (d scopeDetails) applyTo(a *assessment.Assessment) {
	old := a.Scope
	a.Company, a.PreparedBy, a.Profile, a.Scope = d.Company, d.PreparedBy, d.Profile.Clone(), d.Scope
	a.Scope.Categories = slices.Clone(d.Scope.Categories)
	if old.ReportType == d.Scope.ReportType && old.Start() == d.Scope.Start() && old.Months() == d.Scope.Months() {
		a.Scope.AuditDate, a.Scope.PeriodStart, a.Scope.PeriodMonths = old.AuditDate, old.PeriodStart, old.PeriodMonths
	}
}

// populationLabels name each population on the form.
var populationLabels = map[assessment.PopulationKind]string{
	assessment.Headcount: "People (staff and contractors)",
	assessment.Joiners:   "Joiners per year",
	assessment.Leavers:   "Leavers per year",
	assessment.Changes:   "Changes to production per month",
	assessment.Vendors:   "Vendors and service providers",
	assessment.Incidents: "Security incidents per year",
}

// populationHint says why the form asks for populations.
const populationHint = "The auditor picks samples from these lists: leavers from the list of leavers, changes from the change log. " +
	"Leave a field empty to use the estimate shown. 0 means there were none: with nothing to sample there is nothing to test, and no exception."

// populationFields are the "How many…" entries of the company's
// populations: optional whole numbers, each empty one showing the default it
// would take, with a message beside a bad one.
type populationFields struct {
	box        *fyne.Container
	entries    map[assessment.PopulationKind]*widget.Entry
	messages   map[assessment.PopulationKind]*widget.Label
	conditions func() assessment.Profile
}

func newPopulationFields(conditions func() assessment.Profile) *populationFields {
	p := &populationFields{
		entries:    map[assessment.PopulationKind]*widget.Entry{},
		messages:   map[assessment.PopulationKind]*widget.Label{},
		conditions: conditions,
	}
	rows := container.NewVBox()
	for _, k := range assessment.PopulationKinds {
		e := widget.NewEntry()
		msg := widget.NewLabel("")
		msg.Importance = widget.DangerImportance
		msg.Truncation = fyne.TextTruncateEllipsis
		e.OnChanged = func(string) { p.refresh() }
		p.entries[k], p.messages[k] = e, msg
		label := widget.NewLabel(populationLabels[k])
		label.Truncation = fyne.TextTruncateEllipsis
		rows.Add(newWeightedRow([]float32{2.2, 2.8, 1.3}, label, e, msg))
	}
	p.box = container.NewVBox(rows, newHint(populationHint, fyne.TextAlignLeading))
	p.refresh()
	return p
}

// show fills the entries from the counts given.
func (p *populationFields) show(pop assessment.Population) {
	for _, k := range assessment.PopulationKinds {
		text := ""
		if c := pop.Get(k); c.Known {
			text = strconv.Itoa(c.N)
		}
		p.entries[k].SetText(text)
	}
	p.refresh()
}

// profile is the profile the entries describe so far: the conditions ticked
// and the counts that are valid.
func (p *populationFields) profile() assessment.Profile {
	pr := p.conditions()
	for _, k := range assessment.PopulationKinds {
		if c, err := parseCount(p.entries[k].Text); err == nil {
			pr.Population.Set(k, c)
		}
	}
	return pr
}

// refresh shows each entry's default as its placeholder and a bad value's
// message beside it.
func (p *populationFields) refresh() {
	pr := p.profile()
	for _, k := range assessment.PopulationKinds {
		e := p.entries[k]
		if ph := populationDefault(pr, k); e.PlaceHolder != ph {
			e.SetPlaceHolder(ph)
		}
		msg := ""
		if _, err := parseCount(e.Text); err != nil {
			msg = err.Error()
		}
		setText(p.messages[k], msg)
	}
}

// read returns the counts given, or what is wrong with the first bad one.
func (p *populationFields) read() (assessment.Population, error) {
	var pop assessment.Population
	for _, k := range assessment.PopulationKinds {
		c, err := parseCount(p.entries[k].Text)
		if err != nil {
			return pop, fmt.Errorf("%s: %w", populationLabels[k], err)
		}
		pop.Set(k, c)
	}
	return pop, nil
}

// populationDefault is the figure an empty entry takes, in words, as in
// "about 6 a year, from 40 people".
func populationDefault(p assessment.Profile, k assessment.PopulationKind) string {
	rate, _ := p.Rate(k)
	head, headAssumed := p.Rate(assessment.Headcount)
	people := fmt.Sprintf("from %.0f people", head)
	if headAssumed {
		people = fmt.Sprintf("from an assumed %.0f people", head)
	}
	about := fmt.Sprintf("about %.0f%s", rate, k.RateWords())
	switch {
	case k == assessment.Headcount:
		return fmt.Sprintf("about %d assumed", assessment.DefaultHeadcount)
	case k == assessment.Incidents:
		return about + ", typical of a small company"
	case k == assessment.Changes && !p.Holds("develops_software"):
		return about + ": you build no software"
	case rate == 0 && !p.Holds("employees"):
		return "none: founders only"
	}
	return about + ", " + people
}

// Why a count is refused, in the words shown beside its field.
var (
	errCountNotNumber = errors.New("not a whole number")
	errCountNegative  = errors.New("cannot be negative")
	errCountTooLarge  = fmt.Errorf("at most %d", assessment.MaxCount)
)

// parseCount reads an optional whole number from a field: empty is "not
// given", which is not 0.
func parseCount(s string) (assessment.Count, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return assessment.Count{}, nil
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil && strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0123456789") == "":
		return assessment.Count{}, errCountNegative // too long a negative number
	case err != nil && strings.Trim(s, "0123456789") == "":
		return assessment.Count{}, errCountTooLarge // too many digits for an int
	case err != nil:
		return assessment.Count{}, errCountNotNumber
	case n < 0:
		return assessment.Count{}, errCountNegative
	case n > assessment.MaxCount:
		return assessment.Count{}, errCountTooLarge
	}
	return assessment.CountOf(n), nil
}

// newAssessmentForm is the New assessment screen: the scope fields and a
// button that creates the assessment.
type newAssessmentForm struct {
	*scopeFields
	u       *App
	content fyne.CanvasObject
	status  *widget.Label
	create  *widget.Button
}

// showNewAssessment replaces the window content with the New assessment form.
func showNewAssessment(u *App) *newAssessmentForm {
	if u.store == nil {
		u.showError("Cannot create an assessment", u.dbErr)
		return nil
	}
	u.leaveWorkspace()
	f := &newAssessmentForm{u: u, scopeFields: newScopeFields()}
	f.preparedBy.SetText(u.fy.Preferences().String(prefConsultant))

	f.status = widget.NewLabel("")
	f.status.Importance = widget.DangerImportance
	f.status.Wrapping = fyne.TextWrapWord
	f.create = widget.NewButtonWithIcon("Create and start answering", theme.ConfirmIcon(), f.submit)
	f.create.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", u.ShowHome)

	heading := widget.NewLabelWithStyle("New assessment", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	body := container.NewVBox(heading, f.form)
	buttons := container.NewBorder(nil, nil, nil, container.NewHBox(cancel, f.create), f.status)
	f.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), container.NewPadded(buttons)), nil, nil,
		container.NewVScroll(container.NewPadded(body)))
	u.setContent(f.content)
	u.form = f
	u.win.Canvas().Focus(f.company)
	return f
}

// assessment builds the assessment the form describes, or says what is wrong.
func (f *newAssessmentForm) assessment() (*assessment.Assessment, error) {
	d, err := f.read()
	if err != nil {
		return nil, err
	}
	a := &assessment.Assessment{Bank: f.u.bank.Ref(), Answers: map[string]assessment.Answer{}}
	d.applyTo(a)
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
