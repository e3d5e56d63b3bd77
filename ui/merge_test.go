package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
	"soc2ready/assets"
)

// exportedFile writes the sample company, with no answers and changed by
// change, as a file someone exported, and returns its path.
func exportedFile(t testing.TB, name string, change func(a *assessment.Assessment)) string {
	t.Helper()
	a, err := assessment.DecodeFile(assets.SampleAssessment, builtinBank())
	if err != nil {
		t.Fatal(err)
	}
	a.Answers = map[string]assessment.Answer{}
	a.Plan, a.Responses, a.History = nil, nil, nil
	change(a)
	data, err := assessment.EncodeFile(a)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, name, data)
}

var (
	monday  = time.Date(2026, time.November, 2, 10, 0, 0, 0, time.UTC)
	tuesday = time.Date(2026, time.November, 3, 9, 12, 0, 0, time.UTC)
)

// Alice and Bob answered AC-01 differently, Bob later; AC-02 the same; AC-03
// only Bob.
func aliceFile(t testing.TB) string {
	return exportedFile(t, "alice.soc2ready.json", func(a *assessment.Assessment) {
		a.Updated = monday
		a.Answers["AC-01"] = assessment.Answer{Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Consistency: assessment.Always, Notes: "checked in Okta", Changed: monday}
		a.Answers["AC-02"] = assessment.Answer{Status: assessment.Missing, Changed: monday}
	})
}

func bobFile(t testing.TB) string {
	return exportedFile(t, "bob.soc2ready.json", func(a *assessment.Assessment) {
		a.Updated = tuesday
		a.Answers["AC-01"] = assessment.Answer{Status: assessment.Partial, Evidence: assessment.EvidencePartial, Consistency: assessment.Sometimes, Changed: tuesday}
		a.Answers["AC-02"] = assessment.Answer{Status: assessment.Missing, Changed: monday}
		a.Answers["AC-03"] = assessment.Answer{Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Changed: tuesday}
	})
}

// addFiles adds files to the merge screen, as Add a file… does.
func (h *harness) addFiles(m *mergeScreen, paths ...string) {
	h.t.Helper()
	for _, p := range paths {
		m.addPath(p)
		h.wait()
	}
}

// TestMergeFlow: two files are added, merged, a conflict is settled
// against the newest, and the result is added and selected on Home.
func TestMergeFlow(t *testing.T) {
	h := newHarness(t)
	h.create("Someone Else Ltd")
	h.u.ShowHome()
	test.Tap(h.u.home.buttons[btnMerge])
	m := h.u.merge
	if m == nil {
		t.Fatal("Merge files… did not show the merge screen")
	}
	if !m.mergeBtn.Disabled() {
		t.Error("Merge is enabled with no file")
	}
	alice, bob := aliceFile(t), bobFile(t)
	h.addFiles(m, alice)
	if !m.mergeBtn.Disabled() || !strings.Contains(m.status.Text, "add at least one more") {
		t.Errorf("with one file: Merge enabled %v, status %q", !m.mergeBtn.Disabled(), m.status.Text)
	}
	h.addFiles(m, bob)
	if got := h.overlayText(); got != "" {
		t.Fatalf("a dialog is open:\n%s", got)
	}
	shown := h.contentText()
	for _, want := range []string{"alice.soc2ready.json", "bob.soc2ready.json", "Northwind Ledger Ltd (sample) · 2 answers", "3 answers"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the list does not show %q:\n%s", want, shown)
		}
	}
	if m.mergeBtn.Disabled() {
		t.Fatal("Merge is disabled with two files")
	}
	fitsMinimumWindow(t, "the merge files", h.win.Content())

	test.Tap(m.mergeBtn)
	if len(m.conflicts) != 1 {
		t.Fatalf("%d conflicts, want AC-01 only", len(m.conflicts))
	}
	c := m.conflicts[0]
	if c.question != "AC-01" || c.kept != 1 || c.chosen != 1 || len(c.versions) != 2 {
		t.Fatalf("the conflict: %+v", c)
	}
	shown = h.contentText()
	for _, want := range []string{
		"Review the merge", "The files disagree on 1 point", "AC-01 · ", "differs in status, proof, consistency, notes",
		"Status: Yes", "Status: Partly", "Proof: Yes, all of it", "Proof: Some of it", "Consistency: Always", "Consistency: Sometimes",
		"Notes: checked in Okta", "changed " + when(monday), "changed " + when(tuesday) + " · newest",
	} {
		if !strings.Contains(shown, want) {
			t.Errorf("the review does not show %q:\n%s", want, shown)
		}
	}
	if b := c.buttons[1]; b.Text != "Keeping this" || b.Importance != widget.HighImportance {
		t.Errorf("the newest shows %q", b.Text)
	}
	fitsMinimumWindow(t, "the merge review", h.win.Content())

	// Keep Alice's older answer instead.
	test.Tap(c.buttons[0])
	if c.chosen != 0 || c.buttons[0].Text != "Keeping this" || c.buttons[1].Text != "Keep this instead" {
		t.Errorf("after choosing Alice: chosen %d, buttons %q %q", c.chosen, c.buttons[0].Text, c.buttons[1].Text)
	}
	before, _ := h.store().List()
	test.Tap(m.confirm)
	h.wait()
	after, _ := h.store().List()
	if len(after) != len(before)+1 {
		t.Fatalf("%d assessments after the merge, want %d:\n%s", len(after), len(before)+1, h.overlayText())
	}
	r, ok := h.u.home.current()
	if !ok || r.Company != "Northwind Ledger Ltd (sample)" {
		t.Fatalf("Home selects %+v, want the merged assessment", r)
	}
	got := h.get(r.ID)
	want := map[string]assessment.Answer{
		"AC-01": {Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Consistency: assessment.Always, Notes: "checked in Okta", Changed: monday},
		"AC-02": {Status: assessment.Missing, Changed: monday},
		"AC-03": {Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Changed: tuesday},
	}
	if len(got.Answers) != len(want) {
		t.Errorf("%d answers merged, want %d", len(got.Answers), len(want))
	}
	for id, w := range want {
		if g := got.Answers[id]; g.Changed.Equal(w.Changed) {
			g.Changed = w.Changed
			if g != w {
				t.Errorf("%s = %+v, want %+v", id, g, w)
			}
		} else {
			t.Errorf("%s changed %s, want %s", id, g.Changed, w.Changed)
		}
	}
	if got.Bank != builtinBank().Ref() {
		t.Errorf("the merged assessment records bank %+v", got.Bank)
	}
}

// TestMergeNoConflicts: files that never disagree merge without a choice.
func TestMergeNoConflicts(t *testing.T) {
	h := newHarness(t)
	m := showMerge(h.u)
	h.addFiles(m, aliceFile(t), exportedFile(t, "carol.soc2ready.json", func(a *assessment.Assessment) {
		a.Answers["DP-01"] = assessment.Answer{Status: assessment.Planned, Changed: tuesday}
	}))
	test.Tap(m.mergeBtn)
	if len(m.conflicts) != 0 || !strings.Contains(h.contentText(), "No conflicts") {
		t.Fatalf("conflicts %d:\n%s", len(m.conflicts), h.contentText())
	}
	test.Tap(m.confirm)
	h.wait()
	r, ok := h.u.home.current()
	if !ok || len(h.get(r.ID).Answers) != 3 {
		t.Errorf("the merged assessment has %d answers, want 3", len(h.get(r.ID).Answers))
	}
}

// TestMergeThreeFilesAndScope: a question three files answer differently
// is one choice with three versions; a different scope is a choice too.
func TestMergeThreeFilesAndScope(t *testing.T) {
	h := newHarness(t)
	m := showMerge(h.u)
	carol := exportedFile(t, "carol.soc2ready.json", func(a *assessment.Assessment) {
		a.Updated = monday.Add(-24 * time.Hour)
		a.Scope = assessment.Scope{ReportType: assessment.Type1, AuditDate: date(t, "2027-02-01")}
		a.Answers["AC-01"] = assessment.Answer{Status: assessment.Missing, Changed: monday.Add(-time.Hour)}
	})
	h.addFiles(m, aliceFile(t), bobFile(t), carol)
	test.Tap(m.mergeBtn)
	if len(m.conflicts) != 2 {
		t.Fatalf("%d conflicts, want the scope and AC-01", len(m.conflicts))
	}
	scope, ac01 := m.conflicts[0], m.conflicts[1]
	if scope.kind != assessment.ScopeConflict || ac01.question != "AC-01" || len(ac01.versions) != 3 {
		t.Fatalf("conflicts: %+v, %+v", scope, ac01)
	}
	if !strings.Contains(h.contentText(), "Report: Type I · as of 2027-02-01") {
		t.Errorf("the scope conflict does not show Carol's scope:\n%s", h.contentText())
	}
	fitsMinimumWindow(t, "a review of three files", h.win.Content())
	test.Tap(scope.buttons[2])
	test.Tap(ac01.buttons[2])

	// Keep the newest everywhere undoes both; choose them again.
	test.Tap(findButton(h.win.Content(), "Keep the newest everywhere"))
	if scope.chosen != scope.kept || ac01.chosen != ac01.kept {
		t.Error("Keep the newest everywhere left a choice")
	}
	test.Tap(scope.buttons[2])
	test.Tap(ac01.buttons[2])
	res := m.result()
	if res.Scope.ReportType != assessment.Type1 || res.Answers["AC-01"].Status != assessment.Missing {
		t.Errorf("the result has scope %+v and AC-01 %+v", res.Scope, res.Answers["AC-01"])
	}
	if m.merged.Answers["AC-01"].Status != assessment.Partial {
		t.Error("choosing changed Merge's own result")
	}

	// Back to the files keeps them.
	test.Tap(findButton(h.win.Content(), "Back to the files"))
	if len(m.files) != 3 || m.mergeBtn.Disabled() {
		t.Errorf("back at the files: %d files", len(m.files))
	}
}

// TestMergeRefused: files of different companies are refused, saying which
// and what to do; nothing is added.
func TestMergeRefused(t *testing.T) {
	h := newHarness(t)
	m := showMerge(h.u)
	other := exportedFile(t, "acme.soc2ready.json", func(a *assessment.Assessment) { a.Company = "Acme Ltd" })
	h.addFiles(m, aliceFile(t), other)
	test.Tap(m.mergeBtn)
	got := h.overlayText()
	for _, want := range []string{"These files cannot be merged", "alice.soc2ready.json and acme.soc2ready.json cannot be merged",
		`different companies ("Northwind Ledger Ltd (sample)" and "Acme Ltd")`, "Remove one of the two", "Nothing was changed"} {
		if !strings.Contains(got, want) {
			t.Errorf("the dialog does not say %q:\n%s", want, got)
		}
	}
	if list, _ := h.store().List(); len(list) != 0 {
		t.Errorf("%d assessments added", len(list))
	}
	if m.merged != nil || h.u.merge != m {
		t.Error("the merge went on")
	}

	// Remove the odd one out: one file left, Merge disabled.
	h.dismissDialogs()
	test.Tap(findButton(m.rows, "Remove"))
	if len(m.files) != 1 || !m.mergeBtn.Disabled() {
		t.Errorf("after Remove: %d files, Merge enabled %v", len(m.files), !m.mergeBtn.Disabled())
	}
	if strings.Contains(h.contentText(), "alice.soc2ready.json") {
		t.Error("the first file was removed, not the one tapped")
	}
}

// TestMergeAddBadFiles: a file that cannot be merged is refused when added,
// saying why; the list is unchanged.
func TestMergeAddBadFiles(t *testing.T) {
	tests := []struct {
		name string
		path func(t *testing.T) string
		want []string
	}{
		{"another bank", func(t *testing.T) string {
			return exportedFile(t, "lite.soc2ready.json", func(a *assessment.Assessment) { a.Bank = assessment.BankRef{ID: "lite-workshop", Version: "2"} })
		}, []string{`question bank "lite-workshop" (version 2)`, "Load a bank file"}},
		{"broken JSON", func(t *testing.T) string {
			return writeFile(t, "broken.soc2ready.json", []byte(`{"format": "soc2ready.assessment", `))
		}, []string{"could not be read, and nothing was changed"}},
		{"missing", func(t *testing.T) string { return filepath.Join(t.TempDir(), "gone.soc2ready.json") }, []string{"does not exist"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			m := showMerge(h.u)
			h.addFiles(m, aliceFile(t), tt.path(t))
			got := h.overlayText()
			for _, want := range append(tt.want, "Reading the file failed") {
				if !strings.Contains(got, want) {
					t.Errorf("the dialog does not say %q:\n%s", want, got)
				}
			}
			if len(m.files) != 1 {
				t.Errorf("%d files in the list, want 1", len(m.files))
			}
		})
	}
	t.Run("twice", func(t *testing.T) {
		h := newHarness(t)
		m := showMerge(h.u)
		alice := aliceFile(t)
		h.addFiles(m, alice, alice)
		if !strings.Contains(h.overlayText(), "already in the list") || len(m.files) != 1 {
			t.Errorf("adding a file twice: %d files, dialog:\n%s", len(m.files), h.overlayText())
		}
	})
}

// TestMergeShortcutAndCancel: Ctrl+M shows the merge from an open
// assessment (closing it); Cancel goes back to Home.
func TestMergeShortcutAndCancel(t *testing.T) {
	h := newHarness(t)
	h.openSample(tabResults)
	h.shortcut(shortcutMerge)
	if h.u.merge == nil || h.u.workspace != nil {
		t.Fatal("Ctrl+M did not show the merge")
	}
	test.Tap(findButton(h.win.Content(), "Cancel"))
	if h.u.home == nil || h.u.merge != nil {
		t.Error("Cancel did not go back to Home")
	}
}
