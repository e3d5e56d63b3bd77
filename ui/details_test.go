package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// TestPopulationPlaceholders: each empty population shows the default it
// would take, following the headcount as it is typed and the profile.
func TestPopulationPlaceholders(t *testing.T) {
	h := newHarness(t)
	f := showNewAssessment(h.u)
	pop := f.population
	placeholder := func(k assessment.PopulationKind) string { return pop.entries[k].PlaceHolder }

	if got, want := placeholder(assessment.Joiners), "about 6 a year, from an assumed 20 people"; got != want {
		t.Errorf("joiners before any headcount: %q, want %q", got, want)
	}
	h.typeInto(pop.entries[assessment.Headcount], "40")
	for _, tt := range []struct {
		kind assessment.PopulationKind
		want string
	}{
		{assessment.Headcount, "about 20 assumed"},
		{assessment.Joiners, "about 12 a year, from 40 people"},
		{assessment.Leavers, "about 6 a year, from 40 people"},
		{assessment.Changes, "about 80 a month, from 40 people"},
		{assessment.Vendors, "about 20, from 40 people"},
		{assessment.Incidents, "about 2 a year, typical of a small company"},
	} {
		t.Run(string(tt.kind), func(t *testing.T) {
			if got := placeholder(tt.kind); got != tt.want {
				t.Errorf("placeholder %q, want %q", got, tt.want)
			}
		})
	}
	test.Tap(f.profile["employees"])
	if got, want := placeholder(assessment.Leavers), "none: founders only"; got != want {
		t.Errorf("leavers of founders only: %q, want %q", got, want)
	}
	test.Tap(f.profile["develops_software"])
	if got, want := placeholder(assessment.Changes), "about 2 a month: you build no software"; got != want {
		t.Errorf("changes without software: %q, want %q", got, want)
	}
}

// TestPopulationRefused: a bad count is named beside its field, and Create
// names the field and creates nothing.
func TestPopulationRefused(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"a word", "many", "not a whole number"},
		{"a fraction", "1.5", "not a whole number"},
		{"negative", "-3", "cannot be negative"},
		{"too large", "1000001", "at most 1000000"},
		{"too many digits", "99999999999999999999999", "at most 1000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			f := showNewAssessment(h.u)
			h.typeInto(f.company, "Acme")
			h.typeInto(f.population.entries[assessment.Leavers], tt.text)
			if got := f.population.messages[assessment.Leavers].Text; got != tt.want {
				t.Errorf("beside the field: %q, want %q", got, tt.want)
			}
			test.Tap(f.create)
			if want := "Leavers per year: " + tt.want; f.status.Text != want {
				t.Errorf("status = %q, want %q", f.status.Text, want)
			}
			if list, _ := h.store().List(); len(list) != 0 {
				t.Errorf("an assessment was created: %v", list)
			}
		})
	}
}

// TestPopulationCreate: the counts typed are stored; an empty one is not
// given, a 0 is a given 0.
func TestPopulationCreate(t *testing.T) {
	h := newHarness(t)
	f := showNewAssessment(h.u)
	h.typeInto(f.company, "Acme")
	h.typeInto(f.population.entries[assessment.Headcount], " 40 ")
	h.typeInto(f.population.entries[assessment.Leavers], "0")
	h.typeInto(f.population.entries[assessment.Changes], "25")
	test.Tap(f.create)
	if h.u.workspace == nil {
		t.Fatalf("not created: %q", f.status.Text)
	}
	got := h.get(h.u.workspace.s.a.ID).Profile.Population
	want := assessment.Population{Headcount: assessment.CountOf(40), Leavers: assessment.CountOf(0), Changes: assessment.CountOf(25)}
	if got != want {
		t.Errorf("stored %+v, want %+v", got, want)
	}
}

// TestEditDetails edits the open assessment's company, scope, profile and
// populations with Ctrl+E; the header and the forecast follow at once.
func TestEditDetails(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabResults)
	id := w.s.a.ID
	applicable := w.s.forecast.Applicable
	h.shortcut(shortcutDetails)
	d := h.u.details
	if d == nil || h.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Ctrl+E did not open the dialog")
	}
	h.fitsOverlay("Edit company and scope", minWindowSize)
	if d.fields.company.Text != w.s.a.Company || d.fields.reportType.Selected != type2Label || d.fields.auditDate.Text != "2027-04-01" {
		t.Errorf("the dialog shows %q %q %q", d.fields.company.Text, d.fields.reportType.Selected, d.fields.auditDate.Text)
	}

	h.clear(d.fields.company)
	h.typeRunes("Northwind Ledger Ltd")
	test.Tap(d.fields.categories[assessment.Privacy])
	h.clear(d.fields.population.entries[assessment.Leavers])
	h.typeRunes("3")
	d.fields.reportType.SetSelected(type1Label)
	h.clear(d.fields.auditDate)
	h.typeRunes("2027-06-30")
	test.Tap(d.save)

	if h.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("the dialog is still open: %s", h.overlayText())
	}
	got := h.get(id)
	if got.Company != "Northwind Ledger Ltd" || got.Profile.Population.Leavers != assessment.CountOf(3) {
		t.Errorf("stored %q with population %+v", got.Company, got.Profile.Population)
	}
	if got.Scope.ReportType != assessment.Type1 || got.Scope.AuditDate.String() != "2027-06-30" || !got.Scope.InScope(assessment.Privacy) {
		t.Errorf("stored scope %+v", got.Scope)
	}
	if len(got.Answers) != len(w.s.a.Answers) {
		t.Errorf("%d answers stored after the edit, want %d", len(got.Answers), len(w.s.a.Answers))
	}
	if w.s.a.Company != "Northwind Ledger Ltd" || w.s.forecast.Applicable == applicable {
		t.Errorf("the session shows %q with %d applicable (was %d): not refreshed", w.s.a.Company, w.s.forecast.Applicable, applicable)
	}
	if header := h.contentText(); !strings.Contains(header, "Northwind Ledger Ltd") || !strings.Contains(header, "Type I · as of 2027-06-30") {
		t.Errorf("the header does not show the new details:\n%s", header)
	}
	if !strings.Contains(w.results.coverage.Text, fmt.Sprintf(" of %d ", w.s.forecast.Applicable)) {
		t.Errorf("Results not refreshed: %q", w.results.coverage.Text)
	}
}

// TestEditDetailsRefused: a bad value keeps the dialog open with what is
// wrong, and nothing is written.
func TestEditDetailsRefused(t *testing.T) {
	tests := []struct {
		name string
		edit func(h *harness, f *scopeFields)
		want string
	}{
		{"no company", func(h *harness, f *scopeFields) { h.clear(f.company) }, "enter the company name"},
		{"a bad date", func(h *harness, f *scopeFields) { h.typeInto(f.auditDate, "x") }, "YYYY-MM-DD"},
		{"a bad count", func(h *harness, f *scopeFields) {
			h.typeInto(f.population.entries[assessment.Vendors], "-1")
		}, "Vendors and service providers: cannot be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			w := h.openSample(tabQuestionnaire)
			before := h.get(w.s.a.ID)
			d := showDetails(h.u)
			tt.edit(h, d.fields)
			test.Tap(d.save)
			if !strings.Contains(d.status.Text, tt.want) {
				t.Errorf("the dialog says %q, want %q", d.status.Text, tt.want)
			}
			if h.win.Canvas().Overlays().Top() == nil {
				t.Error("the dialog closed")
			}
			after := h.get(w.s.a.ID)
			if after.Company != before.Company || after.Scope.Summary() != before.Scope.Summary() || after.Profile.Population != before.Profile.Population {
				t.Errorf("something was written: %q %s", after.Company, after.Scope.Summary())
			}
		})
	}
}

// TestEditDetailsKeepsPeriod: saving without a change keeps a Type II
// period given by its last day as it was.
func TestEditDetailsKeepsPeriod(t *testing.T) {
	h := newHarness(t)
	a := &assessment.Assessment{
		Company: "Acme",
		Scope:   assessment.Scope{ReportType: assessment.Type2, AuditDate: date(t, "2027-02-28"), PeriodMonths: 7},
		Bank:    h.u.bank.Ref(), Answers: map[string]assessment.Answer{},
	}
	id, err := h.store().Create(a)
	if err != nil {
		t.Fatal(err)
	}
	h.u.OpenAssessment(id, tabQuestionnaire)
	d := showDetails(h.u)
	if d.fields.months.Selected != "7" {
		t.Errorf("the period shows %q months, want 7", d.fields.months.Selected)
	}
	test.Tap(d.save)
	if got := h.get(id).Scope; got.AuditDate != a.Scope.AuditDate || !got.PeriodStart.IsZero() || got.PeriodMonths != 7 {
		t.Errorf("saving unchanged stored %+v, want %+v", got, a.Scope)
	}
}

// TestEditDetailsClosesWithAssessment: the pencil beside the company opens
// the dialog; leaving the assessment (Ctrl+N here) closes it, so that
// nothing is saved to a closed session.
func TestEditDetailsClosesWithAssessment(t *testing.T) {
	h := newHarness(t)
	h.openSample(tabPlan)
	pencil := find(h.win.Canvas().Content(), func(b *widget.Button) bool {
		return b.Text == "" && b.Icon != nil && b.Icon.Name() == theme.DocumentCreateIcon().Name()
	})
	if pencil == nil {
		t.Fatal("no pencil in the header")
	}
	test.Tap(pencil)
	if h.u.details == nil || h.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the pencil did not open the dialog")
	}
	h.shortcut(shortcutNew)
	if h.u.form == nil {
		t.Fatal("Ctrl+N did not show the New assessment form")
	}
	if h.win.Canvas().Overlays().Top() != nil || h.u.details != nil {
		t.Error("the dialog of the closed assessment is still open")
	}
	if showDetails(h.u) != nil {
		t.Error("the dialog opens without an assessment")
	}
}
