package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"

	"soc2ready/assessment"
)

// BenchmarkAnswerKeyPress measures a number key typed on the questionnaire:
// the save (one committed, fsynced bbolt transaction), the new forecast, and
// the refresh of the screens shown. It alternates No and Planned, which keep
// the status group active. The database is read back once, after the loop:
// reading it is not part of a key press.
func BenchmarkAnswerKeyPress(b *testing.B) {
	h := newHarness(b)
	w := h.openSample(tabQuestionnaire)
	q := w.questionnaire
	q.showQuestionID("AC-06")
	keys := []struct {
		r    rune
		want assessment.Status
	}{{'4', assessment.Missing}, {'3', assessment.Planned}}
	var last assessment.Status
	for i := 0; b.Loop(); i++ {
		k := keys[i%2]
		h.typeRunes(string(k.r))
		if got := w.s.a.Answers["AC-06"].Status; got != k.want {
			b.Fatalf("after %q the answer is %q, want %q", k.r, got, k.want)
		}
		last = k.want
	}
	if got := h.get(w.s.a.ID).Answers["AC-06"].Status; got != last {
		b.Fatalf("the database has %q, want the last key's %q", got, last)
	}
}

// BenchmarkMockMarkKeyPress measures F and P typed on the Mock audit tab
// with a year's list of changes: the save (one transaction), the forecast
// drawn again from the list, and the tab's refresh.
func BenchmarkMockMarkKeyPress(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("%d changes", n), func(b *testing.B) {
			h := newHarness(b)
			w := h.openSample(tabMock)
			var l assessment.PopulationList
			start := w.s.a.Scope.Start()
			for i := range n {
				l.Items = append(l.Items, assessment.ListItem{ID: fmt.Sprintf("change-%06d", i), Date: start.AddDays(i % 183)})
			}
			if err := w.s.saveList(assessment.Changes, l); err != nil {
				b.Fatal(err)
			}
			if _, _, ok := w.mock.current(); !ok {
				b.Fatal("no sampled item selected")
			}
			keys := []string{"f", "p"}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				h.typeRunes(keys[i%2])
				h.key(fyne.KeyUp) // P moved on: back to the same item
			}
		})
	}
}
