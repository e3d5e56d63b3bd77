package ui

import (
	"testing"

	"soc2ready/assessment"
)

// BenchmarkAnswerKeyPress measures a number key typed on the questionnaire
// until the database has the answer: the save (one committed, fsynced bbolt
// transaction), the new forecast, and the refresh of the screens shown. It
// alternates No and Planned, which keep the status group active.
func BenchmarkAnswerKeyPress(b *testing.B) {
	h := newHarness(b)
	w := h.openSample(tabQuestionnaire)
	q := w.questionnaire
	q.showQuestionID("AC-06")
	id := w.s.a.ID
	keys := []struct {
		r    rune
		want assessment.Status
	}{{'4', assessment.Missing}, {'3', assessment.Planned}}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := keys[i%2]
		h.typeRunes(string(k.r))
		a, err := h.store().Get(id)
		if err != nil {
			b.Fatal(err)
		}
		if got := a.Answers["AC-06"].Status; got != k.want {
			b.Fatalf("after %q the database has %q, want %q", k.r, got, k.want)
		}
	}
}
