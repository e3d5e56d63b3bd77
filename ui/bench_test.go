package ui

import (
	"testing"

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
