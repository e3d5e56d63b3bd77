package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"soc2ready/assessment"
)

// bankCopy returns a deep copy of the built-in bank to change.
func bankCopy(t testing.TB) *assessment.Bank {
	t.Helper()
	data, err := json.Marshal(builtinBank())
	if err != nil {
		t.Fatal(err)
	}
	var b assessment.Bank
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	return &b
}

// writeBank writes a bank file (JSON, which the YAML reader reads) and
// returns its path.
func writeBank(t testing.TB, b *assessment.Bank) string {
	t.Helper()
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, "bank.json", data)
}

// parsedBank writes b and reads it back as the app does.
func parsedBank(t testing.TB, b *assessment.Bank) *assessment.Bank {
	t.Helper()
	got, err := readBank(writeBank(t, b))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// workshopBank is a consultant's own bank: another ID, fewer questions.
func workshopBank(t testing.TB) *assessment.Bank {
	b := bankCopy(t)
	b.ID, b.Version = "acme-workshop", "3"
	b.Questions = b.Questions[:20]
	// a cut-down bank keeps only the dependencies it still has questions for
	kept := map[string]bool{}
	for _, q := range b.Questions {
		kept[q.ID] = true
	}
	for i, q := range b.Questions {
		b.Questions[i].DependsOn = slices.DeleteFunc(slices.Clone(q.DependsOn), func(id string) bool { return !kept[id] })
	}
	return b
}

// badBankYAML has problems in the bank itself and in two questions.
const badBankYAML = `id: broken-bank
version: ""
areas:
  - {id: access, name: Access control}
questions:
  - id: BB-01
    area: access
    category: security
    title: ""
    prompt: Is MFA on?
    help: Passwords leak.
    evidence: The setting.
    criteria: [CC99.9]
    frequency: continuous
    impact: 3
    remediation: {action: Turn it on, steps: [Do it], effort: S, owner_role: CTO}
  - id: BB-02
    area: nowhere
    category: security
    title: Reviews
    prompt: Do you review access?
    help: Access drifts.
    evidence: Records.
    criteria: [CC6.2]
    frequency: sometimes
    impact: 7
    remediation: {action: Review, steps: [Do it], effort: S, owner_role: CTO}
`

// TestLoadBankWithProblems: a bank that does not validate is refused with
// every problem listed by question, and nothing changes.
func TestLoadBankWithProblems(t *testing.T) {
	h := newHarness(t)
	id := h.create("Existing Ltd")
	before := h.get(id)
	path := writeFile(t, "broken.yaml", []byte(badBankYAML))
	h.u.loadBankPath(path, func() { t.Error("after ran for a bank with problems") })
	h.wait()

	got := h.overlayText()
	for _, want := range []string{
		"This question bank has problems", "broken.yaml was not loaded: it has 6 problems", "Nothing was changed",
		"The bank itself", "version: is empty",
		"Question BB-01", "title: is empty", `criteria: unknown criterion "CC99.9"`,
		"Question BB-02", `area: unknown area "nowhere"`, `frequency: unknown frequency "sometimes"`, "impact: 7 is outside 1..3",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the dialog does not say %q:\n%s", want, got)
		}
	}
	if find[*container.Scroll](h.win.Canvas().Overlays().Top(), nil) == nil {
		t.Error("the problems do not scroll")
	}
	h.fitsOverlay("the problems dialog", minWindowSize)
	if h.u.bank.ID != builtinBank().ID || h.u.bankPath != "" {
		t.Errorf("the bank in use is %s from %q", h.u.bank.ID, h.u.bankPath)
	}
	if p := h.fy.Preferences().String(prefBankPath); p != "" {
		t.Errorf("the preferences remember %q", p)
	}
	if after := h.get(id); !after.Updated.Equal(before.Updated) {
		t.Error("the assessment changed")
	}
}

// TestLoadBankNotABank: a file that is no bank at all, or is missing, says
// so and changes nothing.
func TestLoadBankNotABank(t *testing.T) {
	tests := []struct {
		name, path, want string
	}{
		{"not YAML", writeFile(t, "notes.yaml", []byte("just: [some\n  notes")), "is not a question bank soc2ready can read"},
		{"a spreadsheet", writeFile(t, "answers.json", []byte("PK\x03\x04 binary")), "is not a question bank soc2ready can read"},
		{"unknown field", writeFile(t, "typo.yaml", []byte("id: x\nversion: '1'\nquestoins: []\n")), "field questoins not found"},
		{"missing", filepath.Join(t.TempDir(), "gone.yaml"), "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.u.loadBankPath(tt.path, nil)
			h.wait()
			got := h.overlayText()
			if !strings.Contains(got, "Could not load the question bank") || !strings.Contains(got, tt.want) {
				t.Errorf("the dialog says:\n%s\nwant %q", got, tt.want)
			}
			if h.u.bank.ID != builtinBank().ID {
				t.Errorf("the bank in use is %s", h.u.bank.ID)
			}
		})
	}
}

// TestCustomBankRemembered: a bank loaded in Settings is used for new
// assessments, remembered, and loaded at start; one that no longer loads
// at start leaves the built-in bank in use and Home says why.
func TestCustomBankRemembered(t *testing.T) {
	h := newHarness(t)
	path := writeBank(t, workshopBank(t))
	d := showSettings(h.u)
	if !strings.Contains(d.bank.Text, "built-in: soc2ready-core") || !d.builtinBank.Disabled() {
		t.Errorf("Settings shows %q, Use the built-in bank enabled: %v", d.bank.Text, !d.builtinBank.Disabled())
	}
	h.u.loadBankPath(path, func() { d.showBank(h.u) })
	h.wait()
	if h.u.bank.ID != "acme-workshop" || h.u.bankPath != path {
		t.Fatalf("the bank in use is %s from %q", h.u.bank.ID, h.u.bankPath)
	}
	if !strings.Contains(h.overlayText(), "Now using the bank acme-workshop 3 (from bank.json)") {
		t.Errorf("no word that the bank is loaded:\n%s", h.overlayText())
	}
	if !strings.Contains(d.bank.Text, "acme-workshop 3") || d.builtinBank.Disabled() {
		t.Errorf("Settings shows %q", d.bank.Text)
	}
	if got := h.fy.Preferences().String(prefBankPath); got != path {
		t.Errorf("the preferences remember %q", got)
	}
	h.dismissDialogs()

	// A new assessment records the bank; Home says which bank is used.
	f := showNewAssessment(h.u)
	h.typeInto(f.company, "Workshop Client Ltd")
	test.Tap(f.create)
	if h.u.workspace == nil {
		t.Fatalf("the assessment did not open:\n%s", h.overlayText())
	}
	id := h.u.workspace.s.a.ID
	if got := h.get(id).Bank; got != (assessment.BankRef{ID: "acme-workshop", Version: "3"}) {
		t.Errorf("the assessment records bank %+v", got)
	}
	if n := len(h.u.workspace.questionnaire.visible); n > 20 {
		t.Errorf("the questionnaire asks %d questions of a 20-question bank", n)
	}
	h.u.ShowHome()
	if !strings.Contains(h.contentText(), "Question bank: acme-workshop 3") {
		t.Errorf("Home does not say which bank is used:\n%s", h.contentText())
	}

	// At start the bank is loaded again.
	h.restart()
	if h.u.bank.ID != "acme-workshop" || h.u.bankErr != nil {
		t.Fatalf("after a restart the bank is %s (%v)", h.u.bank.ID, h.u.bankErr)
	}
	h.u.OpenAssessment(id, tabQuestionnaire)
	if h.u.workspace == nil {
		t.Fatalf("the assessment did not open:\n%s", h.overlayText())
	}

	// A file that no longer loads: the built-in bank, and Home says why.
	if err := os.WriteFile(path, []byte(badBankYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	h.restart()
	if h.u.bank.ID != builtinBank().ID || h.u.bankPath != "" {
		t.Fatalf("the bank is %s from %q", h.u.bank.ID, h.u.bankPath)
	}
	shown := h.contentText()
	for _, want := range []string{"could not be loaded: it has 6 problems", path, "using the built-in bank (soc2ready-core"} {
		if !strings.Contains(shown, want) {
			t.Errorf("Home does not say %q:\n%s", want, shown)
		}
	}
	fitsMinimumWindow(t, "Home with the bank problem", h.win.Content())
	test.Tap(h.u.home.buttons["Details…"])
	if !strings.Contains(h.overlayText(), "Question BB-02") {
		t.Errorf("Details does not list the problems:\n%s", h.overlayText())
	}
	h.dismissDialogs()
	// The assessment made with the custom bank does not open now.
	h.u.OpenAssessment(id, tabQuestionnaire)
	if h.u.workspace != nil || !strings.Contains(h.overlayText(), `"acme-workshop"`) {
		t.Errorf("an assessment of another bank opened, or the error does not name it:\n%s", h.overlayText())
	}
	h.dismissDialogs()
	test.Tap(h.u.home.buttons["Dismiss"])
	if strings.Contains(h.contentText(), "could not be loaded") {
		t.Error("Dismiss left the notice")
	}
	if got := h.fy.Preferences().String(prefBankPath); got != path {
		t.Errorf("the broken file was forgotten: %q", got)
	}

	// Use the built-in bank: forgotten.
	d = showSettings(h.u)
	test.Tap(d.builtinBank)
	if got := h.fy.Preferences().String(prefBankPath); got != "" {
		t.Errorf("the preferences still remember %q", got)
	}
	h.restart()
	if h.u.bankErr != nil || strings.Contains(h.contentText(), "could not be loaded") {
		t.Error("Home still reports the bank")
	}
}

// TestOpenAssessmentOfAnotherBank: an assessment made with another bank ID
// is not opened; the error names the bank to load, and nothing changes.
func TestOpenAssessmentOfAnotherBank(t *testing.T) {
	h := newHarness(t)
	a := &assessment.Assessment{
		Company: "Lite Client", Scope: assessment.Scope{ReportType: assessment.Type1},
		Bank:    assessment.BankRef{ID: "lite-workshop", Version: "2"},
		Answers: map[string]assessment.Answer{"LW-01": {Status: assessment.Implemented}},
	}
	id, err := h.store().Create(a)
	if err != nil {
		t.Fatal(err)
	}
	before := h.get(id)
	h.u.ShowHome()
	if !strings.Contains(h.contentText(), "Type I · bank lite-workshop") {
		t.Errorf("Home does not say which bank the row was made with:\n%s", h.contentText())
	}
	h.u.home.selectID(id)
	h.key(fyne.KeyReturn)
	got := h.overlayText()
	for _, want := range []string{"Could not open Lite Client", `question bank "lite-workshop" (version 2)`, `using "soc2ready-core"`, "Load a bank file", "nothing was opened or changed"} {
		if !strings.Contains(got, want) {
			t.Errorf("the error does not say %q:\n%s", want, got)
		}
	}
	if h.u.workspace != nil || h.u.home == nil {
		t.Error("the assessment opened")
	}
	after := h.get(id)
	if !after.Updated.Equal(before.Updated) || len(after.History) != 0 || after.Answers["LW-01"] != before.Answers["LW-01"] {
		t.Error("the assessment changed")
	}

	// The same for every action on the selected assessment.
	for name, act := range map[string]func(){
		"compare": func() { test.Tap(h.u.home.buttons[btnCompare]) },
		"paper":   func() { h.shortcut(shortcutPaper) },
		"XLSX":    h.u.exportSpreadsheet,
	} {
		h.dismissDialogs()
		h.u.home.selectID(id)
		act()
		if got := h.overlayText(); !strings.Contains(got, `"lite-workshop"`) {
			t.Errorf("%s: the error does not name the bank:\n%s", name, got)
		}
	}

	// With a custom bank loaded, the sample says to use the built-in one.
	h.dismissDialogs()
	h.u.useBank(parsedBank(t, workshopBank(t)), "/somewhere/acme.json")
	h.u.openSample()
	if got := h.overlayText(); !strings.Contains(got, "Use the built-in bank") {
		t.Errorf("the sample's error says:\n%s", got)
	}
}

// TestRetiredAnswersNotice: answers to questions a newer version of the bank
// retired do not count, and the questionnaire and results say so.
func TestRetiredAnswersNotice(t *testing.T) {
	newer := bankCopy(t)
	newer.Version = "2027.01"
	titles := map[string]string{}
	for i, q := range newer.Questions {
		if q.ID == "AC-01" || q.ID == "AC-02" {
			newer.Questions[i].Retired = true
			titles[q.ID] = q.Title
		}
	}
	tests := []struct {
		name    string
		answers []string
		want    string
	}{
		{"none", []string{"AC-03"}, ""},
		{"one", []string{"AC-01", "AC-03"}, "1 answer is to a retired question and does not count: AC-01 " + titles["AC-01"] + ". They are kept in the assessment."},
		{"two", []string{"AC-01", "AC-02", "AC-03"}, "2 answers are to retired questions and do not count: AC-01 " + titles["AC-01"] + ", AC-02 " + titles["AC-02"] + "."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, filepath.Join(t.TempDir(), "test.db"), func(o *Options) { o.Bank = parsedBank(t, newer) })
			id := h.create("Older Answers Ltd")
			answers := map[string]assessment.Answer{}
			for _, q := range tt.answers {
				answers[q] = assessment.Answer{Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Consistency: assessment.Always}
			}
			if err := h.store().SaveAnswers(id, answers); err != nil {
				t.Fatal(err)
			}
			h.u.OpenAssessment(id, tabResults)
			w := h.u.workspace
			if w == nil {
				t.Fatalf("the assessment did not open:\n%s", h.overlayText())
			}
			for _, n := range []*notice{w.results.retired, w.questionnaire.retired} {
				if got := n.text.Text; !strings.HasPrefix(got, tt.want) {
					t.Errorf("the notice says %q, want %q", got, tt.want)
				}
				if n.box.Visible() != (tt.want != "") {
					t.Errorf("the notice is visible: %v", n.box.Visible())
				}
			}
			if tt.want != "" && !strings.Contains(h.contentText(), "do not count") && !strings.Contains(h.contentText(), "does not count") {
				t.Errorf("the results do not show the notice:\n%s", h.contentText())
			}
			if w.s.forecast.Answered != 1 {
				t.Errorf("%d answers count, want only AC-03", w.s.forecast.Answered)
			}
			h.shortcut(shortcutHome)
			if got := h.get(id).Answers; len(got) != len(tt.answers) {
				t.Errorf("%d answers stored, want %d: retired answers are kept", len(got), len(tt.answers))
			}
		})
	}
}
