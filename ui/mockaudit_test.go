package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"soc2ready/assessment"
)

// leaversCSV is the README's worked example: 12 leavers, 8 of them inside
// the sample's period (2027-04-01 for 6 months).
var leaversCSV = filepath.Join("..", "testdata", "mock", "leavers.csv")

// mockWithLeavers opens the sample on the Mock audit tab and imports the
// leavers list.
func mockWithLeavers(t *testing.T) (*harness, *mockScreen) {
	t.Helper()
	h := newHarness(t)
	w := h.openSample(tabMock)
	w.mock.importList(assessment.Leavers, leaversCSV)
	h.wait()
	if !strings.Contains(h.overlayText(), "12 leavers imported from leavers.csv, 8 in the period.") {
		t.Fatalf("after the import:\n%s", h.overlayText())
	}
	h.dismissDialogs()
	return h, w.mock
}

// TestMockImportList: a good list is stored and counted; a bad one names
// its rows (or columns) and changes nothing.
func TestMockImportList(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []string // in the message
	}{
		{"bad date and a repeat", "email,last day\nana@x.test,2027-05-01\nbo@x.test,31/31/2027\nana@x.test,2027-06-01\n",
			[]string{"has 2 problems, so nothing was imported", "Row 3", `"31/31/2027" is not a date`, "Row 4", "listed twice"}},
		{"no identifier column", "who,last day\nana,2027-05-01\n",
			[]string{"no identifier column found in the header (who, last day)", "Name the column id"}},
		{"no rows", "email,date\n", []string{"the list has no rows"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			w := h.openSample(tabMock)
			m := w.mock
			before := m.pops[assessment.Leavers].Text
			m.importList(assessment.Leavers, writeFile(t, "leavers.csv", []byte(tt.csv)))
			h.wait()
			got := h.overlayText()
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("the message lacks %q:\n%s", want, got)
				}
			}
			if lists := h.get(w.s.a.ID).Lists; len(lists) != 0 {
				t.Errorf("a bad list was stored: %v", lists)
			}
			if len(w.s.a.Lists) != 0 || m.pops[assessment.Leavers].Text != before || len(m.samples) != 0 {
				t.Errorf("a bad list changed the screen: %q, %d samples", m.pops[assessment.Leavers].Text, len(m.samples))
			}
		})
	}

	t.Run("good", func(t *testing.T) {
		h := newHarness(t)
		w := h.openSample(tabMock)
		m := w.mock
		if got := m.pops[assessment.Leavers].Text; got != "No list: the forecast estimates 3 leavers." {
			t.Errorf("before the import: %q", got)
		}
		if !m.empty.Visible() || m.list.Visible() || m.detail.Visible() || m.top.Visible() {
			t.Error("with no list, the empty state is not shown")
		}
		m.importList(assessment.Leavers, leaversCSV)
		h.wait()
		if got := h.overlayText(); !strings.Contains(got, "12 leavers imported from leavers.csv, 8 in the period.") {
			t.Errorf("after the import:\n%s", got)
		}
		stored := h.get(w.s.a.ID).Lists[assessment.Leavers]
		if len(stored.Items) != 12 || stored.Source != "leavers.csv" || !stored.Imported.Equal(testNow) {
			t.Errorf("stored %d items from %q at %s", len(stored.Items), stored.Source, stored.Imported)
		}
		if got, want := m.pops[assessment.Leavers].Text, "8 leavers in the period, 15 Apr–30 Sep 2027 · from leavers.csv."; got != want {
			t.Errorf("the leavers say %q, want %q", got, want)
		}
		if it, _ := w.s.forecast.Item("AC-08"); it.PopulationSize != 8 || it.Assumed {
			t.Errorf("the forecast counts %d leavers (assumed %v), want the list's 8", it.PopulationSize, it.Assumed)
		}
		var heads []string
		for _, s := range m.samples {
			heads = append(heads, s.Question.ID+": "+sampleCount(s))
		}
		if want := []string{"AC-08: 3 of 8 leavers in the period", "TP-11: 3 of 8 leavers in the period"}; !slices.Equal(heads, want) {
			t.Errorf("samples %q, want %q", heads, want)
		}
		if len(m.rows) != 8 || m.empty.Visible() || !m.top.Visible() || !m.detail.Visible() {
			t.Errorf("%d rows in the list, want 2 headings and 6 items", len(m.rows))
		}
		if _, it, ok := m.current(); !ok || it.ID != "greta.lund@northwind.test" {
			t.Errorf("the first item is not selected: %v %v", it.ID, ok)
		}
		if !strings.Contains(h.contentText(), "AC-08  Prompt removal for leavers") {
			t.Error("the sample's heading is not shown")
		}
	})
}

// TestMockMarkWithKeyboard: P, F, N, Up/Down and Delete mark the sample
// without the mouse; each mark is stored at once and the forecast takes a
// failure as an exception for certain.
func TestMockMarkWithKeyboard(t *testing.T) {
	h, m := mockWithLeavers(t)
	w := h.u.workspace
	id := w.s.a.ID
	stored := func(q, item string) assessment.SampleResult { return h.get(id).Mock.Results[q][item] }
	headerBefore := w.readiness.Text
	if it, _ := w.s.forecast.Item("AC-08"); it.Probability == 1 {
		t.Fatalf("AC-08 starts at P = 1")
	}

	h.key(fyne.KeyDown) // greta → ines
	if _, it, _ := m.current(); it.ID != "ines.costa@northwind.test" {
		t.Fatalf("Down selected %q", it.ID)
	}
	h.typeRunes("f")
	if got := stored("AC-08", "ines.costa@northwind.test").Result; got != assessment.ResultFail {
		t.Errorf("F stored %q", got)
	}
	if it, _ := w.s.forecast.Item("AC-08"); it.Probability != 1 {
		t.Errorf("after a failure AC-08 is at P = %.2f, want 1", it.Probability)
	}
	if w.readiness.Text == headerBefore {
		t.Errorf("the header did not change: %q", w.readiness.Text)
	}
	if _, it, _ := m.current(); it.ID != "ines.costa@northwind.test" {
		t.Errorf("after F the selection moved to %q: a failure stays for its note", it.ID)
	}

	h.typeRunes("n")
	if h.win.Canvas().Focused() != m.note {
		t.Fatal("N does not focus the note")
	}
	h.typeRunes("removed 9 days late")
	if got := stored("AC-08", "ines.costa@northwind.test"); got.Result != assessment.ResultFail || got.Note != "removed 9 days late" {
		t.Errorf("the note stored as %+v", got)
	}
	h.key(fyne.KeyEscape)
	if h.win.Canvas().Focused() != nil {
		t.Fatal("Esc leaves the note focused")
	}

	h.key(fyne.KeyUp)
	h.typeRunes("p")
	if got := stored("AC-08", "greta.lund@northwind.test").Result; got != assessment.ResultPass {
		t.Errorf("P stored %q", got)
	}
	if _, it, _ := m.current(); it.ID != "ines.costa@northwind.test" {
		t.Errorf("after P the selection is on %q, want the next item", it.ID)
	}
	if m.note.Text != "removed 9 days late" {
		t.Errorf("the next item shows the note %q", m.note.Text)
	}

	// An item not yet marked keeps its note until P or F.
	h.key(fyne.KeyDown) // kai
	h.typeRunes("n")
	h.typeRunes("no ticket")
	if _, ok := h.get(id).Mock.Results["AC-08"]["kai.meyer@northwind.test"]; ok {
		t.Error("a note without a result was stored")
	}
	if !m.status.box.Visible() || !strings.Contains(m.status.text.Text, "Mark the item pass (P) or fail (F)") {
		t.Errorf("the status says %q", m.status.text.Text)
	}
	h.key(fyne.KeyEscape)
	h.typeRunes("F")
	if got := stored("AC-08", "kai.meyer@northwind.test"); got.Result != assessment.ResultFail || got.Note != "no ticket" {
		t.Errorf("F stored %+v", got)
	}
	if m.status.box.Visible() {
		t.Errorf("after F the status still says %q", m.status.text.Text)
	}

	// A click gives the list the focus: the keys still mark.
	h.win.Canvas().Focus(m.list)
	h.key(fyne.KeyUp)
	h.typeRunes("p")
	if got := stored("AC-08", "ines.costa@northwind.test"); got.Result != assessment.ResultPass || got.Note != "removed 9 days late" {
		t.Errorf("P with the list focused stored %+v", got)
	}
	h.key(fyne.KeyDown) // P moved on to kai; Down goes on
	h.win.Canvas().Unfocus()
	h.key(fyne.KeyUp)

	// Down crosses into the next control's sample, skipping its heading.
	h.key(fyne.KeyDown)
	if s, it, _ := m.current(); s.Question.ID != "TP-11" || it.ID != "greta.lund@northwind.test" {
		t.Errorf("Down from the last item went to %s %s", s.Question.ID, it.ID)
	}
	h.key(fyne.KeyUp)
	h.key(fyne.KeyDelete)
	if _, ok := h.get(id).Mock.Results["AC-08"]["kai.meyer@northwind.test"]; ok {
		t.Error("Delete did not clear the result")
	}
	if m.note.Text != "" {
		t.Errorf("the cleared item shows the note %q", m.note.Text)
	}
	// The row shows the results.
	if !strings.Contains(h.contentText(), "Fail") || !strings.Contains(h.contentText(), "Pass") {
		t.Error("the list does not show the results")
	}
}

// TestMockNewSeed: New seed records a seed and draws another sample; the
// random seed is never 0 nor the old one.
func TestMockNewSeed(t *testing.T) {
	h, m := mockWithLeavers(t)
	w := h.u.workspace
	before := sampleIDs(m.samples)
	m.newSeed = func(uint64) uint64 { return 7 }
	test.Tap(findButton(m.content, "New seed"))
	if got := h.get(w.s.a.ID).Mock.Seed; got != 7 {
		t.Fatalf("stored seed %d, want 7", got)
	}
	after := sampleIDs(m.samples)
	if slices.Equal(before, after) {
		t.Errorf("the sample did not change: %q", after)
	}
	if want := sampleIDs(assessment.DrawSamples(w.s.bank, h.get(w.s.a.ID))); !slices.Equal(after, want) {
		t.Errorf("the screen shows %q, the seed draws %q", after, want)
	}
	if m.seed.Text != "Samples drawn with seed 7" {
		t.Errorf("the seed shows %q", m.seed.Text)
	}
	if _, _, ok := m.current(); !ok {
		t.Error("no item selected after a new seed")
	}

	for _, old := range []uint64{0, 1, 7} {
		for range 1000 {
			if s := randomSeed(old); s == 0 || s == old || s == assessment.DefaultSeed {
				t.Fatalf("randomSeed(%d) = %d", old, s)
			}
		}
	}
}

func sampleIDs(samples []assessment.Sample) []string {
	var out []string
	for _, s := range samples {
		for _, it := range s.Items {
			out = append(out, s.Question.ID+" "+it.ID)
		}
	}
	return out
}

// TestMockFitsWindow: with samples and a long note the tab fits 1024×700,
// and 1280×800 in workshop mode.
func TestMockFitsWindow(t *testing.T) {
	h, m := mockWithLeavers(t)
	h.typeRunes("f")
	h.typeRunes("n")
	h.typeRunes(strings.Repeat("a very long note ", 20))
	h.key(fyne.KeyEscape)
	fitsMinimumWindow(t, "Mock audit", h.win.Content())
	if !strings.Contains(m.item.Text, "AC-08 · greta.lund@northwind.test · 2027-06-02: fail") {
		t.Errorf("the selected item reads %q", m.item.Text)
	}

	h.fy.Preferences().SetBool(prefWorkshop, true)
	applySettings(h.fy)
	w := h.openSample(tabMock)
	w.mock.importList(assessment.Leavers, leaversCSV)
	h.wait()
	h.dismissDialogs()
	fitsWindow(t, "Mock audit in workshop mode", h.win.Content(), fyne.NewSize(1280, 800))
}

// TestMockOpensAtTheTop: an assessment with samples opens on its first
// control's heading, not scrolled past it by a list not yet laid out.
func TestMockOpensAtTheTop(t *testing.T) {
	h, _ := mockWithLeavers(t)
	id := h.u.workspace.s.a.ID
	// In workshop mode the samples are longer than the list's height.
	h.fy.Preferences().SetBool(prefWorkshop, true)
	applySettings(h.fy)
	h.u.ShowHome()
	h.win.Resize(fyne.NewSize(1280, 800))
	h.u.OpenAssessment(id, tabQuestionnaire)
	h.shortcut(shortcutTabs[5])
	m := h.u.workspace.mock
	if _, it, ok := m.current(); !ok || it.ID != "greta.lund@northwind.test" {
		t.Fatalf("the first item is not selected: %q", it.ID)
	}
	if off := m.list.GetScrollOffset(); off != 0 {
		t.Errorf("the samples open scrolled by %.0f", off)
	}
}

// TestMockSavesNothingRefused: a result the database refuses (a note too
// long) changes neither the database nor the screen, and says so.
func TestMockSavesNothingRefused(t *testing.T) {
	h, m := mockWithLeavers(t)
	w := h.u.workspace
	m.note.SetText(strings.Repeat("x", assessment.MaxTextLength+1)) // refused by the field, not saved
	h.typeRunes("f")
	if got := h.get(w.s.a.ID).Mock.Results; len(got) != 0 {
		t.Errorf("a refused result was stored: %v", got)
	}
	if len(w.s.a.Mock.Results) != 0 {
		t.Errorf("a refused result is in memory: %v", w.s.a.Mock.Results)
	}
	if !strings.Contains(h.overlayText(), "Nothing was saved: ") || w.saved.Text != "Not saved" {
		t.Errorf("the refusal says %q / %q", h.overlayText(), w.saved.Text)
	}
}

// TestMockCopyUnchanged: a copy handed to an export off the UI goroutine
// keeps the results and lists it was given while they change.
func TestMockCopyUnchanged(t *testing.T) {
	h, m := mockWithLeavers(t)
	w := h.u.workspace
	h.typeRunes("f")
	exported := w.s.copyAssessment()
	h.typeRunes("p") // the same item, now passed
	h.typeRunes("f") // the next item
	if got := exported.Mock.Results["AC-08"]; len(got) != 1 || got["greta.lund@northwind.test"].Result != assessment.ResultFail {
		t.Errorf("the exported copy changed: %v", got)
	}
	if got := w.s.a.Mock.Results["AC-08"]; len(got) != 2 {
		t.Errorf("results in memory: %v", got)
	}
	m.importList(assessment.Joiners, leaversCSV)
	h.wait()
	if len(exported.Lists) != 1 || len(w.s.a.Lists) != 2 {
		t.Errorf("lists: exported %d, now %d", len(exported.Lists), len(w.s.a.Lists))
	}
}
