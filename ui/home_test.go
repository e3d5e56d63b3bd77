package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// TestNewAssessmentFlow goes from the empty Home through the New assessment
// form into the questionnaire, and back to Home, which lists the new
// assessment.
func TestNewAssessmentFlow(t *testing.T) {
	tests := []struct {
		name       string
		reportType string
		categories []assessment.Category
		date       string
		months     string
		want       assessment.Scope
	}{
		{
			name: "type I with privacy", reportType: type1Label,
			categories: []assessment.Category{assessment.Privacy}, date: "2027-03-01",
			want: assessment.Scope{ReportType: assessment.Type1, Categories: []assessment.Category{assessment.Privacy}, AuditDate: date(t, "2027-03-01")},
		},
		{
			name: "type II over 9 months", reportType: type2Label,
			categories: []assessment.Category{assessment.Availability, assessment.Confidentiality}, date: "2027-04-01", months: "9",
			want: assessment.Scope{ReportType: assessment.Type2, Categories: []assessment.Category{assessment.Availability, assessment.Confidentiality},
				PeriodStart: date(t, "2027-04-01"), PeriodMonths: 9},
		},
		{
			name: "type II without a date yet", reportType: type2Label,
			want: assessment.Scope{ReportType: assessment.Type2, PeriodMonths: assessment.DefaultPeriodMonths},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			if got := h.contentText(); !strings.Contains(got, "Get ready for your SOC 2 audit") {
				t.Fatalf("empty Home does not greet:\n%s", got)
			}
			test.Tap(h.u.home.buttons[btnNew])
			f := h.u.form
			if f == nil {
				t.Fatal("New assessment did not show the form")
			}
			h.typeInto(f.company, "Acme Analytics Ltd")
			f.reportType.SetSelected(tt.reportType)
			for _, c := range tt.categories {
				test.Tap(f.categories[c])
			}
			test.Tap(f.profile["office"]) // no office: its questions drop out
			h.typeInto(f.auditDate, tt.date)
			if tt.months != "" {
				f.months.SetSelected(tt.months)
			}
			test.Tap(f.create)

			if h.tabShown() != tabQuestionnaire {
				t.Fatalf("create landed on %q, want the questionnaire", h.tabShown())
			}
			list, err := h.store().List()
			if err != nil || len(list) != 1 {
				t.Fatalf("List() = %v, %v; want the new assessment", list, err)
			}
			a := h.get(list[0].ID)
			if a.Company != "Acme Analytics Ltd" {
				t.Errorf("company = %q", a.Company)
			}
			if a.Profile.Holds("office") || !a.Profile.Holds("employees") {
				t.Errorf("profile = %v, want office false and employees true", a.Profile)
			}
			got := a.Scope
			if tt.want.ReportType == assessment.Type2 && !tt.want.PeriodStart.IsZero() && got.End() != tt.want.PeriodStart.AddMonths(9).AddDays(-1) {
				t.Errorf("period ends %s", got.End())
			}
			if got.ReportType != tt.want.ReportType || got.AuditDate != tt.want.AuditDate || got.PeriodStart != tt.want.PeriodStart ||
				got.PeriodMonths != tt.want.PeriodMonths || !sameCategories(got.Categories, tt.want.Categories) {
				t.Errorf("scope = %+v, want %+v", got, tt.want)
			}

			h.shortcut(shortcutHome)
			if h.u.workspace != nil || h.u.home.list == nil {
				t.Fatal("Ctrl+0 did not go back to the list")
			}
			if got := h.contentText(); !strings.Contains(got, "Acme Analytics Ltd") {
				t.Errorf("Home does not list the new assessment:\n%s", got)
			}
		})
	}
}

func sameCategories(a, b []assessment.Category) bool {
	return strings.Join(catStrings(a), ",") == strings.Join(catStrings(b), ",")
}

func catStrings(cs []assessment.Category) []string {
	var out []string
	for _, c := range cs {
		out = append(out, string(c))
	}
	return out
}

// TestNewAssessmentFormRefuses shows what is missing and creates nothing.
func TestNewAssessmentFormRefuses(t *testing.T) {
	tests := []struct{ name, company, date, want string }{
		{"no company", "  ", "2027-03-01", "enter the company name"},
		{"half a date", "Acme", "2027-03", "YYYY-MM-DD"},
		{"not a date", "Acme", "next spring", "YYYY-MM-DD"},
		{"year 1", "Acme", "0001-01-01", "date: date 0001-01-01 is outside the years 1900..2999"},
		{"company too long", strings.Repeat("A", assessment.MaxNameLength+1), "2027-03-01", "company: 501 characters, at most 500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			f := showNewAssessment(h.u)
			h.typeInto(f.company, tt.company)
			h.typeInto(f.auditDate, tt.date)
			test.Tap(f.create)
			if !strings.Contains(f.status.Text, tt.want) {
				t.Errorf("status = %q, want it to say %q", f.status.Text, tt.want)
			}
			if list, _ := h.store().List(); len(list) != 0 {
				t.Errorf("an assessment was created: %v", list)
			}
			if h.u.workspace != nil {
				t.Error("the form moved on")
			}
		})
	}
}

// TestHomeRenameDuplicateDeleteUndo manages assessments from Home's
// toolbar and its dialogs.
func TestHomeRenameDuplicateDeleteUndo(t *testing.T) {
	h := newHarness(t)
	id := h.create("Acme")
	h.u.ShowHome()
	home := h.u.home
	if r, ok := home.current(); !ok || r.ID != id {
		t.Fatalf("Home selects %+v, want the only assessment", r)
	}
	home.list.UnselectAll()
	for _, b := range []string{btnOpen, btnRename, btnDuplicate, btnDelete, btnExport} {
		if !home.buttons[b].Disabled() {
			t.Errorf("%s is enabled with nothing selected", b)
		}
	}
	home.selectID(id)
	if home.buttons[btnRename].Disabled() {
		t.Fatal("Rename is disabled with a row selected")
	}

	// Rename.
	test.Tap(home.buttons[btnRename])
	name := find[*widget.Entry](h.win.Canvas().Overlays().Top(), nil)
	if name == nil {
		t.Fatalf("no name field in the rename dialog:\n%s", h.overlayText())
	}
	// a name over the limit says so, and cannot be confirmed (issue 13)
	name.SetText(strings.Repeat("A", assessment.MaxNameLength+1))
	if err := name.Validate(); err == nil || err.Error() != "company: 501 characters, at most 500" {
		t.Errorf("a name too long: %v", err)
	}
	if !h.overlayButton("Rename").Disabled() {
		t.Error("Rename is enabled with a name too long")
	}
	name.SetText("")
	h.typeInto(name, "Acme Corp")
	test.Tap(h.overlayButton("Rename"))
	if got := h.get(id).Company; got != "Acme Corp" {
		t.Fatalf("renamed to %q, want Acme Corp", got)
	}
	if home = h.u.home; !strings.Contains(h.contentText(), "Acme Corp") {
		t.Errorf("Home does not show the new name:\n%s", h.contentText())
	}

	// Duplicate.
	home.selectID(id)
	test.Tap(home.buttons[btnDuplicate])
	test.Tap(h.overlayButton("Duplicate"))
	list, _ := h.store().List()
	if len(list) != 2 {
		t.Fatalf("after Duplicate there are %d assessments, want 2", len(list))
	}
	home = h.u.home
	if r, ok := home.current(); !ok || r.ID == id || r.Company != "Acme Corp (copy)" {
		t.Errorf("the copy is not selected: %+v", r)
	}

	// Delete the original, then undo.
	home.selectID(id)
	test.Tap(home.buttons[btnDelete])
	if !strings.Contains(h.overlayText(), "Delete the assessment of Acme Corp?") {
		t.Fatalf("no confirmation:\n%s", h.overlayText())
	}
	h.confirm()
	if list, _ := h.store().List(); len(list) != 1 {
		t.Fatalf("after Delete there are %d assessments, want 1", len(list))
	}
	home = h.u.home
	if !strings.Contains(h.contentText(), `Deleted "Acme Corp".`) {
		t.Fatalf("no Undo offered:\n%s", h.contentText())
	}
	test.Tap(home.buttons["Undo"])
	if list, _ := h.store().List(); len(list) != 2 {
		t.Fatalf("after Undo there are %d assessments, want 2", len(list))
	}
	if r, ok := h.u.home.current(); !ok || r.ID != id {
		t.Errorf("the restored assessment is not selected: %+v", r)
	}
}

// TestDeleteLastOffersUndo: deleting the only assessment shows the empty
// Home, which still offers Undo.
func TestDeleteLastOffersUndo(t *testing.T) {
	h := newHarness(t)
	id := h.create("Solo Ltd")
	h.u.ShowHome()
	h.u.home.selectID(id)
	test.Tap(h.u.home.buttons[btnDelete])
	h.confirm()
	if !strings.Contains(h.contentText(), "Get ready for your SOC 2 audit") {
		t.Fatalf("Home is not empty:\n%s", h.contentText())
	}
	undo := h.u.home.buttons["Undo"]
	if undo == nil {
		t.Fatalf("the empty Home offers no Undo:\n%s", h.contentText())
	}
	test.Tap(undo)
	if list, _ := h.store().List(); len(list) != 1 || list[0].ID != id {
		t.Fatalf("Undo did not restore it: %v", list)
	}
}

// TestHomeKeyboard: Up/Down select, Enter opens, Ctrl+0 comes back, also
// after a click gave the list the focus.
func TestHomeKeyboard(t *testing.T) {
	h := newHarness(t)
	ids := []string{h.create("Alpha"), h.create("Bravo"), h.create("Charlie")}
	h.u.ShowHome()
	rows := h.u.home.rows
	if len(rows) != 3 {
		t.Fatalf("Home lists %d rows", len(rows))
	}
	if h.u.home.selected != 0 {
		t.Fatalf("Home selects row %d, want the first", h.u.home.selected)
	}
	steps := []struct {
		key  fyne.KeyName
		want int
	}{
		{fyne.KeyDown, 1}, {fyne.KeyDown, 2}, {fyne.KeyDown, 2},
		{fyne.KeyUp, 1}, {fyne.KeyHome, 0}, {fyne.KeyUp, 0}, {fyne.KeyEnd, 2},
	}
	for i, s := range steps {
		h.key(s.key)
		if h.u.home.selected != s.want {
			t.Fatalf("step %d (%s): row %d selected, want %d", i, s.key, h.u.home.selected, s.want)
		}
	}
	h.key(fyne.KeyReturn)
	if h.u.workspace == nil || h.u.workspace.s.a.ID != rows[2].ID {
		t.Fatal("Enter did not open the selected assessment")
	}
	if h.tabShown() != tabQuestionnaire {
		t.Errorf("opened on %q", h.tabShown())
	}
	h.shortcut(shortcutHome)
	if h.u.workspace != nil {
		t.Fatal("Ctrl+0 did not close the assessment")
	}
	if r, _ := h.u.home.current(); r.ID != rows[2].ID {
		t.Errorf("back on Home, %s is selected, want the one just closed", r.Company)
	}

	// With the focus in the list, as after a click.
	h.win.Canvas().Focus(h.u.home.list)
	h.key(fyne.KeyUp)
	if h.u.home.selected != 1 {
		t.Fatalf("with the list focused, Down twice selected row %d", h.u.home.selected)
	}
	h.key(fyne.KeyEnter)
	if h.u.workspace == nil || h.u.workspace.s.a.ID != rows[1].ID {
		t.Fatal("Enter in the focused list did not open the selected assessment")
	}
	for _, id := range ids {
		if h.get(id) == nil {
			t.Errorf("%s is gone", id)
		}
	}
}

// TestEmptyHomeKeys: S opens the sample (once imported, it is reused) and
// Enter starts a new assessment.
func TestEmptyHomeKeys(t *testing.T) {
	h := newHarness(t)
	if !strings.Contains(h.contentText(), homeKeysEmpty) {
		t.Errorf("the empty Home does not show its keys:\n%s", h.contentText())
	}
	h.typeRunes("s")
	if h.u.workspace == nil || !strings.Contains(h.u.workspace.s.a.Company, "(sample)") {
		t.Fatal("S did not open the sample")
	}
	if h.tabShown() != tabResults {
		t.Errorf("the sample opened on %q, want Results", h.tabShown())
	}
	h.shortcut(shortcutHome)
	h.u.openSample()
	if list, _ := h.store().List(); len(list) != 1 {
		t.Errorf("opening the sample twice made %d assessments", len(list))
	}

	h2 := newHarness(t)
	h2.key(fyne.KeyReturn)
	if h2.u.form == nil {
		t.Error("Enter on the empty Home did not start a new assessment")
	}
}

// TestDialogsTakeTheKeys: keys typed while a dialog is open do not act on
// the screen behind it.
func TestDialogsTakeTheKeys(t *testing.T) {
	h := newHarness(t)
	h.u.showError("Something happened", errorString("boom"))
	h.typeRunes("s")
	h.key(fyne.KeyReturn)
	if h.u.workspace != nil || h.u.form != nil {
		t.Error("a key behind the dialog acted on Home")
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }
