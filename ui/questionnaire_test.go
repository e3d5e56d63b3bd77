package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"soc2ready/assessment"
	"soc2ready/storage"
)

// key is one keystroke in a test script: a named key or a rune.
type key struct {
	name fyne.KeyName
	r    rune
}

func k(name fyne.KeyName) key { return key{name: name} }
func r(c rune) key            { return key{r: c} }

func (h *harness) press(keys ...key) {
	for _, x := range keys {
		if x.name != "" {
			h.key(x.name)
		} else {
			h.typeRunes(string(x.r))
		}
	}
}

// TestAnswerWithKeyboard answers questions with the keyboard only: number
// keys pick in the active group (marked ▸), which then moves on; Up/Down
// switch groups; Right/Enter go to the next question. Each answer is in the
// database at once.
func TestAnswerWithKeyboard(t *testing.T) {
	tests := []struct {
		name     string
		question string // shown first
		keys     []key
		want     assessment.Answer
		next     bool // the keys moved on to the next question
	}{
		{
			name: "recurring control, all three groups", question: "AC-01",
			keys: []key{r('1'), r('2'), r('3')},
			want: assessment.Answer{Status: assessment.Implemented, Evidence: assessment.EvidencePartial, Consistency: assessment.Sometimes},
		},
		{
			name: "partly in place, then Enter", question: "AC-10",
			keys: []key{r('2'), r('1'), r('4'), k(fyne.KeyReturn)},
			want: assessment.Answer{Status: assessment.Partial, Evidence: assessment.EvidenceComplete, Consistency: assessment.Rarely},
			next: true,
		},
		{
			name: "a document: no consistency group", question: "DP-05",
			keys: []key{r('1'), r('3'), r('4')}, // 4 has nothing to pick in the evidence group
			want: assessment.Answer{Status: assessment.Implemented, Evidence: assessment.EvidenceNone},
		},
		{
			name: "missing: one group only", question: "AC-02",
			keys: []key{r('4'), r('1'), k(fyne.KeyRight)}, // 1 changes the status again
			want: assessment.Answer{Status: assessment.Implemented},
			next: true,
		},
		{
			name: "Up goes back to the status group", question: "AC-03",
			keys: []key{r('1'), r('1'), k(fyne.KeyUp), k(fyne.KeyUp), r('2')},
			want: assessment.Answer{Status: assessment.Partial, Evidence: assessment.EvidenceComplete},
		},
		{
			name: "Down skips a group", question: "AC-04",
			keys: []key{r('1'), k(fyne.KeyDown), r('2')},
			want: assessment.Answer{Status: assessment.Implemented, Consistency: assessment.Mostly},
		},
		{
			name: "out-of-range keys do nothing", question: "AC-05",
			keys: []key{r('9'), r('0'), r('x')},
			want: assessment.Answer{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			id := h.create("Keyboard Ltd")
			h.u.OpenAssessment(id, tabQuestionnaire)
			w := h.u.workspace
			q := w.questionnaire
			q.showQuestionID(tt.question)

			h.press(tt.keys...)

			got := h.get(id).Answers[tt.question]
			if tt.want.Answered() {
				if !got.Changed.Equal(testNow) {
					t.Errorf("changed = %s, want the test clock's %s", got.Changed, testNow)
				}
				tt.want.Changed = got.Changed
			}
			if got != tt.want {
				t.Errorf("stored answer = %+v, want %+v", got, tt.want)
			}
			if moved := q.currentID() != tt.question; moved != tt.next {
				t.Errorf("now on %s; moved on = %v, want %v", q.currentID(), moved, tt.next)
			}
		})
	}
}

// TestHeaderFollowsAnswers: the readiness and verdict in the header change
// with an answer, and say when it was saved.
func TestHeaderFollowsAnswers(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabQuestionnaire)
	w.questionnaire.showQuestionID("AC-06") // unanswered, impact high
	before := w.readiness.Text
	h.press(r('1'), r('1'), r('1'))
	if w.readiness.Text == before {
		t.Errorf("the header still says %q after a full answer", before)
	}
	if want := "Saved " + testNow.Local().Format("15:04:05"); w.saved.Text != want {
		t.Errorf("save indicator = %q, want %q", w.saved.Text, want)
	}
	if got := h.get(w.s.a.ID).Answers["AC-06"].Status; got != assessment.Implemented {
		t.Errorf("stored status %q", got)
	}
}

// TestKeyboardNavigation: Right/Enter/Left move, N jumps to the next
// unanswered question, wrapping around.
func TestKeyboardNavigation(t *testing.T) {
	h := newHarness(t)
	_, q := h.answering("Nav Ltd")
	ids := make([]string, len(q.visible))
	for i, qu := range q.visible {
		ids[i] = qu.ID
	}
	if q.currentID() != ids[0] {
		t.Fatalf("starts on %s, want %s", q.currentID(), ids[0])
	}
	h.press(k(fyne.KeyRight), k(fyne.KeyReturn), k(fyne.KeyEnter))
	if q.currentID() != ids[3] {
		t.Fatalf("three steps on: %s, want %s", q.currentID(), ids[3])
	}
	h.press(k(fyne.KeyLeft))
	if q.currentID() != ids[2] {
		t.Fatalf("one back: %s, want %s", q.currentID(), ids[2])
	}
	h.press(k(fyne.KeyPageUp), k(fyne.KeyPageUp), k(fyne.KeyLeft)) // stops at the first
	if q.currentID() != ids[0] {
		t.Fatalf("at the start: %s, want %s", q.currentID(), ids[0])
	}

	// Answer 0 and 1 (4 = No moves nowhere), then N from 0 goes to 2.
	h.press(r('4'), k(fyne.KeyRight), r('4'), k(fyne.KeyLeft), r('n'))
	if q.currentID() != ids[2] {
		t.Fatalf("N went to %s, want the first unanswered %s", q.currentID(), ids[2])
	}
	// From the last question N wraps around to the first unanswered one.
	q.showQuestionID(ids[len(ids)-1])
	h.press(r('N'))
	if q.currentID() != ids[2] {
		t.Errorf("N from the end went to %s, want %s", q.currentID(), ids[2])
	}
	if !strings.Contains(h.contentText(), "question 3 of") {
		t.Errorf("the position line does not follow:\n%s", q.position.Text)
	}
}

// openFirstQuestion opens a new assessment's questionnaire at its first
// question; stored returns that question's answer as saved.
func openFirstQuestion(t *testing.T) (h *harness, q *questionnaireScreen, stored func() assessment.Answer) {
	h = newHarness(t)
	id, q := h.answering("Fields Ltd")
	qid := q.currentID()
	return h, q, func() assessment.Answer { return h.get(id).Answers[qid] }
}

// TestTextFieldsSaveAsTyped: owner, due date and notes are saved on every
// change; a half-typed date is not; Escape gives the keys back.
func TestTextFieldsSaveAsTyped(t *testing.T) {
	h, q, stored := openFirstQuestion(t)
	qid := q.currentID()

	h.typeInto(q.owner, "Pri")
	if got := stored().Owner; got != "Pri" {
		t.Errorf("after 3 letters the owner is %q", got)
	}
	h.typeRunes("ya (CTO)")
	if got := stored().Owner; got != "Priya (CTO)" {
		t.Errorf("owner = %q", got)
	}
	h.typeInto(q.due, "2027-01")
	if got := stored().Due; !got.IsZero() {
		t.Errorf("a half-typed date was saved: %s", got)
	}
	h.typeRunes("-15")
	if got := stored().Due.String(); got != "2027-01-15" {
		t.Errorf("due = %q", got)
	}
	h.typeInto(q.notes, "Reviewed in Q3.")
	h.key(fyne.KeyReturn) // a new line in the notes, not the next question
	h.typeRunes("Ask Sam.")
	if got := stored().Notes; got != "Reviewed in Q3.\nAsk Sam." {
		t.Errorf("notes = %q", got)
	}
	if q.currentID() != qid {
		t.Fatal("typing in a field moved to another question")
	}
	test.Tap(q.flag)
	if !stored().Flag {
		t.Error("the unsure flag was not saved")
	}
	if h.win.Canvas().Focused() != nil {
		t.Error("the unsure check keeps the focus, and the number keys with it")
	}
	h.typeRunes("f")
	if stored().Flag {
		t.Error("F did not clear the unsure flag")
	}

	// Number keys type into the field; Escape hands them back.
	h.typeInto(q.notes, "1")
	if stored().Status != "" {
		t.Error("a digit typed in the notes answered the question")
	}
	h.key(fyne.KeyEscape)
	if h.win.Canvas().Focused() != nil {
		t.Fatal("Escape did not leave the field")
	}
	h.typeRunes("1")
	if got := stored().Status; got != assessment.Implemented {
		t.Errorf("after Escape, 1 gave status %q", got)
	}
	if got := stored().Notes; got != "Reviewed in Q3.\nAsk Sam.1" {
		t.Errorf("notes = %q", got)
	}

	// Another question shows its own (empty) fields, and coming back shows
	// what was typed.
	h.key(fyne.KeyRight)
	if q.owner.Text != "" || q.notes.Text != "" {
		t.Errorf("the next question shows owner %q, notes %q", q.owner.Text, q.notes.Text)
	}
	h.key(fyne.KeyLeft)
	if q.owner.Text != "Priya (CTO)" || q.due.Text != "2027-01-15" {
		t.Errorf("back again: owner %q, due %q", q.owner.Text, q.due.Text)
	}
}

// TestTextFieldsLimited: text over its limit is not saved; the field and
// the save status say which field and what the limit is (issue 13).
func TestTextFieldsLimited(t *testing.T) {
	h, q, stored := openFirstQuestion(t)

	h.typeInto(q.notes, "short")
	for _, tc := range []struct {
		entry *fieldEntry
		text  string
		want  string
	}{
		{q.notes, strings.Repeat("n", assessment.MaxTextLength+1), "Not saved: Notes: 20001 characters, at most 20000"},
		{q.owner, strings.Repeat("ö", assessment.MaxNameLength+1), "Not saved: Owner: 501 characters, at most 500"},
	} {
		tc.entry.SetText(tc.text)
		if got := h.u.workspace.saved.Text; got != tc.want {
			t.Errorf("save status %q, want %q", got, tc.want)
		}
	}
	if got := stored(); got.Notes != "short" || got.Owner != "" {
		t.Errorf("text over the limit was saved: notes %d characters, owner %d", len(got.Notes), len(got.Owner))
	}
	if h.overlayText() != "" {
		t.Errorf("a dialog interrupts typing: %q", h.overlayText())
	}
	q.notes.SetText(strings.Repeat("n", assessment.MaxTextLength))
	if got := stored().Notes; len(got) != assessment.MaxTextLength {
		t.Errorf("notes at the limit not saved: %d characters", len(got))
	}
}

// TestNotApplicableReason: "Not applicable" shows the reason field, focused,
// and the reason is saved as typed.
func TestNotApplicableReason(t *testing.T) {
	h := newHarness(t)
	id, q := h.answering("NA Ltd")
	qid := q.currentID()
	if q.naReason.Visible() {
		t.Fatal("the reason field shows before Not applicable is chosen")
	}
	h.typeRunes("5")
	if !q.naReason.Visible() {
		t.Fatal("Not applicable does not show the reason field")
	}
	if h.win.Canvas().Focused() != q.naReason {
		t.Error("the reason field does not have the focus")
	}
	h.typeRunes("No office: fully remote")
	a := h.get(id).Answers[qid]
	if a.Status != assessment.NotApplicable || a.NAReason != "No office: fully remote" {
		t.Errorf("stored %+v", a)
	}
	h.key(fyne.KeyEscape)
	h.typeRunes("1")
	if q.naReason.Visible() {
		t.Error("the reason field still shows after Yes")
	}
}

// TestAnswersSurviveReopening: what the questionnaire saved is on disk.
func TestAnswersSurviveReopening(t *testing.T) {
	h := newHarness(t)
	id := h.create("Disk Ltd")
	h.u.OpenAssessment(id, tabQuestionnaire)
	qid := h.u.workspace.questionnaire.currentID()
	h.typeRunes("4")
	closeApp(t, h.u)

	s, err := storage.Open(h.path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Answers[qid].Status; got != assessment.Missing {
		t.Errorf("after reopening, %s is %q", qid, got)
	}
	if len(a.History) != 1 {
		t.Errorf("closing after answering took %d snapshots, want 1", len(a.History))
	}
}

// TestQuestionnaireFilters: the search box, the filter and the area list
// narrow the questions; jumping to a question clears them.
func TestQuestionnaireFilters(t *testing.T) {
	h := newHarness(t)
	id, q := h.answering("Filter Ltd")
	all := len(q.visible)
	h.typeInto(q.searchBox, "backup")
	if len(q.visible) == 0 || len(q.visible) >= all {
		t.Fatalf("searching for backup leaves %d of %d", len(q.visible), all)
	}
	h.key(fyne.KeyEscape)
	h.typeRunes("4") // answers the first match
	q.filterSel.SetSelected(filterUnanswered)
	for _, qu := range q.visible {
		if h.get(id).Answers[qu.ID].Answered() {
			t.Errorf("Unanswered shows answered %s", qu.ID)
		}
	}
	q.searchBox.SetText("zzzz-no-such-question")
	if !q.empty.Visible() {
		t.Error("no message when nothing matches")
	}
	h.typeRunes("1") // nothing to answer: no crash
	q.showQuestionID("AC-02")
	if q.currentID() != "AC-02" || len(q.visible) != all {
		t.Errorf("jumping to AC-02 shows %s of %d", q.currentID(), len(q.visible))
	}
	q.areaList.Select(2)
	area := q.areaRows[1].Area
	for _, qu := range q.visible {
		if qu.Area != area {
			t.Fatalf("the %s area shows %s", area, qu.ID)
		}
	}
}

// TestMissedCount: a recurring control in a Type II period takes a count
// of missed occurrences beside the consistency choice, saved as typed; a bad
// count is named and not saved; what an answer still lacks is said beside
// the question.
func TestMissedCount(t *testing.T) {
	h := newHarness(t)
	id, q := h.answering("Count Ltd")
	q.showQuestionID("AC-06") // quarterly
	stored := func() assessment.Count { return h.get(id).Answers["AC-06"].Missed }
	if q.missedBox.Visible() || q.unfinished.Visible() {
		t.Fatal("the count or a note shows before any answer")
	}

	h.press(r('1')) // implemented
	if !q.missedBox.Visible() {
		t.Error("no count for a recurring control in a Type II period")
	}
	if !q.unfinished.Visible() || !strings.Contains(q.unfinished.Text, "proof") {
		t.Errorf("an answer without evidence says %q (visible %v)", q.unfinished.Text, q.unfinished.Visible())
	}
	h.press(r('1')) // complete evidence
	if !strings.Contains(q.unfinished.Text, "how many occurrences were missed") {
		t.Errorf("an answer without consistency says %q", q.unfinished.Text)
	}

	steps := []struct {
		name     string
		do       func()
		want     assessment.Count
		message  string
		finished bool
	}{
		{"a count", func() { h.typeInto(q.missed, "2") }, assessment.CountOf(2), "Missed or without proof, of 2 in the period (the auditor tests 2). " + missedHint, true},
		{"a letter", func() { h.typeRunes("x") }, assessment.CountOf(2), "Not saved: not a whole number", true},
		{"emptied", func() { h.clear(q.missed) }, assessment.Count{}, missedHint, false},
		{"negative", func() { h.typeRunes("-1") }, assessment.Count{}, "Not saved: cannot be negative", false},
		{"none missed", func() { h.clear(q.missed); h.typeRunes("0") }, assessment.CountOf(0), missedHint, true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.do()
			if got := stored(); got != st.want {
				t.Errorf("stored %+v, want %+v", got, st.want)
			}
			if !strings.Contains(q.missedMsg.Text, st.message) {
				t.Errorf("beside the field: %q, want %q", q.missedMsg.Text, st.message)
			}
			if q.unfinished.Visible() == st.finished {
				t.Errorf("the unfinished note is visible = %v with %q", q.unfinished.Visible(), q.missed.Text)
			}
		})
	}
	h.key(fyne.KeyEscape)
	q.move(1)
	q.move(-1)
	if q.missed.Text != "0" {
		t.Errorf("back on the question the count shows %q", q.missed.Text)
	}
}

// TestMissedCountTypeI: a Type I report has no period to count misses in.
func TestMissedCountTypeI(t *testing.T) {
	h := newHarness(t)
	id, err := h.store().Create(&assessment.Assessment{
		Company: "Type One Ltd", Scope: assessment.Scope{ReportType: assessment.Type1},
		Bank: h.u.bank.Ref(), Answers: map[string]assessment.Answer{},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.u.OpenAssessment(id, tabQuestionnaire)
	q := h.u.workspace.questionnaire
	q.showQuestionID("AC-06")
	h.press(r('1'), r('1'))
	if !q.operation.box.Visible() || q.missedBox.Visible() {
		t.Errorf("consistency shown %v, count shown %v: want the consistency only", q.operation.box.Visible(), q.missedBox.Visible())
	}
}

// TestUnfinishedIsUnanswered: a started answer that lacks a part is still
// to answer, as the progress counts it: the Unanswered filter keeps it and
// N goes back to it.
func TestUnfinishedIsUnanswered(t *testing.T) {
	h := newHarness(t)
	id, q := h.answering("Unfinished Ltd")
	first := q.currentID()
	h.press(r('1'), k(fyne.KeyRight)) // in place, nothing said about proof
	if got := h.get(id).Answers[first]; !got.Answered() || got.Evidence != "" {
		t.Fatalf("stored %+v, want a status without evidence", got)
	}
	h.press(r('n'))
	if q.currentID() == first {
		t.Fatal("N stayed on the question")
	}
	last := q.visible[len(q.visible)-1].ID
	q.showQuestionID(last)
	h.press(r('4'), r('N')) // the last one answered: N wraps around
	if q.currentID() != first {
		t.Errorf("N went to %s, want the unfinished %s", q.currentID(), first)
	}
	q.filterSel.SetSelected(filterUnanswered)
	if len(q.visible) == 0 || q.visible[0].ID != first {
		t.Errorf("Unanswered does not list the unfinished %s first", first)
	}
}
