package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// TestCompareFromHome: Compare… on the selected assessment compares it now
// with its latest snapshot, then with another assessment; the table shows
// readiness per area side by side.
func TestCompareFromHome(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabResults)
	sample := w.s.a
	h.create("Beta Ltd")
	h.shortcut(shortcutHome)
	h.u.home.selectID(sample.ID)
	test.Tap(h.u.home.buttons[btnCompare])
	c := h.u.compare
	if c == nil {
		t.Fatalf("Compare… did not show the comparison:\n%s", h.overlayText())
	}
	v := c.view
	snaps := sortedSnapshots(sample.History)
	now := assessment.Score(h.u.bank, sample).Snapshot(testNow, "")
	wantFrom := sample.Company + " · " + snapshotLabel(snaps[latestDiffering(snaps, now)])
	if v.from.Selected != wantFrom || v.to.Selected != sample.Company+" · now" {
		t.Errorf("comparing %q with %q, want %q with now", v.from.Selected, v.to.Selected, wantFrom)
	}
	if strings.Contains(v.text.Text, "Nothing else changed") {
		t.Errorf("the first comparison shows no change: %q", v.text.Text)
	}
	// Its own now and snapshots, and the other assessment.
	if n := len(v.from.Options); n != 1+len(snaps)+1 {
		t.Errorf("%d choices, want now, %d snapshots and Beta Ltd: %q", n, len(snaps), v.from.Options)
	}
	if !strings.HasPrefix(v.text.Text, "Readiness ") {
		t.Errorf("the comparison says %q", v.text.Text)
	}
	shown := h.contentText()
	for _, want := range []string{"Compare " + sample.Company, "Area", "Overall", "Access control", "Change"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the screen does not show %q:\n%s", want, shown)
		}
	}
	// A header, the overall, verdict and opinion rows, one row per area.
	f := assessment.Score(h.u.bank, sample)
	if got, want := len(v.areas.Objects), 4+len(f.Areas); got != want {
		t.Errorf("the table has %d rows, want %d", got, want)
	}
	fitsMinimumWindow(t, "Compare", h.win.Content())

	// Another assessment as it is now.
	v.from.SetSelected("Beta Ltd · now")
	if !strings.HasPrefix(v.text.Text, "Comparing two different companies: Beta Ltd and "+sample.Company) {
		t.Errorf("comparing two companies says %q", v.text.Text)
	}
	if !strings.Contains(v.text.Text, "Readiness 0 to ") {
		t.Errorf("an empty assessment's readiness is not 0: %q", v.text.Text)
	}

	// Back selects the compared assessment on Home.
	test.Tap(findButton(h.win.Content(), "Assessments"))
	if r, ok := h.u.home.current(); !ok || r.ID != sample.ID {
		t.Errorf("back on Home %+v is selected, want the sample", r)
	}
}

// TestCompareOtherBank: another assessment made with another bank is
// offered, but picking it says which bank to load.
func TestCompareOtherBank(t *testing.T) {
	h := newHarness(t)
	id := h.create("Alpha Ltd")
	_, err := h.store().Create(&assessment.Assessment{
		Company: "Lite Client", Scope: assessment.Scope{ReportType: assessment.Type1},
		Bank: assessment.BankRef{ID: "lite-workshop", Version: "2"}, Answers: map[string]assessment.Answer{},
	})
	if err != nil {
		t.Fatal(err)
	}
	c := showCompare(h.u, id)
	v := c.view
	if v.from.Selected != "Lite Client · now" {
		t.Fatalf("without snapshots the other assessment is not offered first: %q", v.from.Selected)
	}
	if !strings.Contains(v.text.Text, "These cannot be compared") || !strings.Contains(v.text.Text, `"lite-workshop"`) {
		t.Errorf("the comparison says %q", v.text.Text)
	}
	if len(v.areas.Objects) != 0 {
		t.Error("the table shows rows")
	}
}

// TestCompareNothingYet: a single assessment without snapshots has nothing
// to compare with, and says what to do.
func TestCompareNothingYet(t *testing.T) {
	h := newHarness(t)
	id := h.create("Solo Ltd")
	c := showCompare(h.u, id)
	if c.view.text.Text != compareNothing {
		t.Errorf("with nothing to compare it says %q", c.view.text.Text)
	}
}

// TestCompareFromWorkspace: File ▸ Compare… in an open assessment ends its
// answering session first, so that the snapshot it takes can be compared.
func TestCompareFromWorkspace(t *testing.T) {
	h := newHarness(t)
	id := h.create("Busy Ltd")
	h.u.OpenAssessment(id, tabQuestionnaire)
	h.typeRunes("4") // an answer: leaving takes a snapshot
	h.u.compareTarget()
	c := h.u.compare
	if c == nil || h.u.workspace != nil {
		t.Fatal("Compare… from the workspace did not show the comparison")
	}
	if n := len(h.get(id).History); n != 1 {
		t.Fatalf("%d snapshots after leaving, want 1", n)
	}
	if n := len(c.view.from.Options); n != 2 {
		t.Errorf("%d choices, want now and the new snapshot: %q", n, c.view.from.Options)
	}
}

// TestMenuTargetItems: the File menu's items for an assessment are enabled
// only with one open or selected on Home.
func TestMenuTargetItems(t *testing.T) {
	h := newHarness(t)
	enabled := func() bool {
		for _, it := range h.u.targetItems {
			if it.Disabled {
				return false
			}
		}
		return true
	}
	if enabled() {
		t.Error("enabled on the empty Home")
	}
	h.shortcut(shortcutImportAnswers)
	if !strings.Contains(h.overlayText(), "Select the assessment") {
		t.Errorf("Ctrl+Shift+I with nothing selected says:\n%s", h.overlayText())
	}
	h.dismissDialogs()
	id := h.create("Menu Ltd")
	h.u.ShowHome()
	if !enabled() {
		t.Error("disabled with a row selected")
	}
	h.u.home.list.UnselectAll()
	if enabled() {
		t.Error("enabled with no row selected")
	}
	h.u.OpenAssessment(id, tabPlan)
	if !enabled() {
		t.Error("disabled in an open assessment")
	}
	showNewAssessment(h.u)
	if enabled() {
		t.Error("enabled on the New assessment form")
	}
}

// TestCompareOutcomes: the verdict and the opinion of both sides are shown
// beside readiness; a snapshot taken before opinions were forecast has none.
func TestCompareOutcomes(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabHistory)
	hs := w.history
	now := w.s.forecast
	shown := labelTexts(hs.cmp.areas)
	for _, want := range []string{
		"Verdict|Not ready|" + now.Verdict.Label(),
		"Opinion|not recorded|" + opinionWords(now.Opinion) + "|changed",
	} {
		if !strings.Contains(shown, want) {
			t.Errorf("the comparison does not show %q:\n%s", want, shown)
		}
	}
	test.Tap(findButton(hs.content, "Take a snapshot now"))
	hs.from.SetSelected(hs.labels[len(hs.labels)-2]) // the snapshot just taken, with Now
	shown = labelTexts(hs.cmp.areas)
	if want := "Opinion|" + opinionWords(now.Opinion) + "|" + opinionWords(now.Opinion) + "|same"; !strings.Contains(shown, want) {
		t.Errorf("the comparison does not show %q:\n%s", want, shown)
	}
}

// labelTexts joins the labels' texts below o with "|".
func labelTexts(o fyne.CanvasObject) string {
	var out []string
	walk(o, func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
			return false
		}
		return true
	})
	return strings.Join(out, "|")
}

// TestRankChange: outcomes compare by rank; an unranked one only changes.
func TestRankChange(t *testing.T) {
	tests := []struct {
		from, to assessment.Opinion
		want     string
	}{
		{assessment.Qualified, assessment.Unqualified, "better"},
		{assessment.Unqualified, assessment.Adverse, "worse"},
		{assessment.Adverse, assessment.Adverse, "same"},
		{"", assessment.Qualified, "changed"},
	}
	for _, tt := range tests {
		t.Run(string(tt.from)+"→"+string(tt.to), func(t *testing.T) {
			if got := rankChange(opinionRank, tt.from, tt.to); got != tt.want {
				t.Errorf("rankChange = %q, want %q", got, tt.want)
			}
		})
	}
	if got := rankChange(verdictRank, assessment.Incomplete, assessment.Ready); got != "changed" {
		t.Errorf("incomplete to ready is %q, want changed", got)
	}
}
