package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// TestResultsShowsVerdictAndExceptions: the sample's figures, verdict and
// likely exceptions, most serious first.
func TestResultsShowsVerdictAndExceptions(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabResults)
	f := w.s.forecast
	r := w.results
	if want := "Verdict: " + f.Verdict.Label(); r.verdict.Text != want {
		t.Errorf("verdict = %q, want %q", r.verdict.Text, want)
	}
	if r.reason.Text == "" || r.reason.Text != f.VerdictReason {
		t.Errorf("reason = %q", r.reason.Text)
	}
	if want := fmt.Sprintf("%.0f", f.Readiness); r.readiness.Text != want {
		t.Errorf("readiness = %q, want %q", r.readiness.Text, want)
	}
	if len(r.items) == 0 || len(r.items) != len(f.Exceptions()) {
		t.Fatalf("%d exceptions listed, forecast has %d", len(r.items), len(f.Exceptions()))
	}
	if len(r.areas.Objects) != len(f.Areas) {
		t.Errorf("%d area bars for %d areas", len(r.areas.Objects), len(f.Areas))
	}
	shown := h.contentText()
	first := r.items[0].Question
	if !strings.Contains(shown, first.ID+"  "+first.Title) {
		t.Errorf("the first exception %s is not shown:\n%s", first.ID, shown)
	}
}

// TestExceptionOpensQuestion: each exception's Question button jumps to its
// question in the questionnaire, whatever filter was set there.
func TestExceptionOpensQuestion(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabQuestionnaire)
	w.questionnaire.filterSel.SetSelected(filterFlagged)
	w.selectTab(tabResults)

	tapped := 0
	for _, row := range exceptionRows(w.results) {
		id := strings.Fields(row.head.Text)[0]
		test.Tap(row.open)
		if h.tabShown() != tabQuestionnaire {
			t.Fatalf("%s: the Question button shows %q", id, h.tabShown())
		}
		if got := w.questionnaire.currentID(); got != id {
			t.Errorf("the Question button of %s shows %s", id, got)
		}
		if h.u.keys != w.questionnaire {
			t.Error("the keyboard does not answer the question shown")
		}
		w.selectTab(tabResults)
		if tapped++; tapped == 3 {
			break
		}
	}
	if tapped < 3 {
		t.Fatalf("%d exception rows on screen, want at least 3", tapped)
	}
}

// exceptionRows finds the rows of the exception list on screen.
func exceptionRows(r *resultsScreen) []*exceptionRow {
	var rows []*exceptionRow
	walk(r.list, func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 2 {
			return true
		}
		open := findButton(c.Objects[1], "Question")
		if open == nil {
			return true
		}
		head := find[*widget.Label](c.Objects[0], nil)
		rows = append(rows, &exceptionRow{head: head, open: open})
		return false
	})
	return rows
}

// TestResultsFollowAnswers: answering changes Results when it is shown next.
func TestResultsFollowAnswers(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabResults)
	before := len(w.results.items)
	top := w.results.items[0].Question.ID
	w.showQuestion(top)
	h.press(r('1'), r('1'), r('1'))
	w.selectTab(tabResults)
	if len(w.results.items) >= before {
		t.Errorf("%d exceptions after fixing %s, %d before", len(w.results.items), top, before)
	}
	for _, it := range w.results.items {
		if it.Question.ID == top {
			t.Errorf("%s is still a likely exception", top)
		}
	}
}

// TestResultsShowsOpinionAndCriteria: the opinion leads its reason, and the
// criteria at risk come first in the left column, each with its reason.
func TestResultsShowsOpinionAndCriteria(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabResults)
	f := w.s.forecast
	r := w.results
	if want := f.Opinion.Label() + ". " + f.OpinionReason; r.opinion.String() != want {
		t.Errorf("opinion = %q, want %q", r.opinion.String(), want)
	}
	risk := f.AtRisk()
	if len(risk) == 0 {
		t.Fatal("the sample has no criterion at risk")
	}
	shown := strings.Join(texts(r.criteria), "\n")
	if !strings.HasPrefix(shown, fmt.Sprintf("Criteria at risk (%d)", len(risk))) {
		t.Errorf("the criteria start with %q", shown)
	}
	for _, c := range risk {
		if !strings.Contains(shown, c.Criterion.ID+" · "+c.State.Label()+". "+c.Reason) {
			t.Errorf("%s is not shown with its reason", c.Criterion.ID)
		}
	}
	left := r.content.(*fyne.Container).Objects[0].(*container.Split).Leading
	if first := texts(left); len(first) == 0 || !strings.HasPrefix(first[0], "Criteria at risk") {
		t.Errorf("the left column starts with %q, want the criteria at risk", first)
	}
}

// TestCriteriaBySeverity: criteria not met come first, then those missing a
// key control, each group in report order.
func TestCriteriaBySeverity(t *testing.T) {
	c := func(id string, state assessment.CriterionState, key bool) assessment.CriterionStatus {
		return assessment.CriterionStatus{Criterion: assessment.Criterion{ID: id}, State: state, KeyGap: key}
	}
	got := criteriaBySeverity([]assessment.CriterionStatus{
		c("CC1.1", assessment.CriterionAtRisk, false),
		c("CC2.1", assessment.CriterionAtRisk, true),
		c("CC3.1", assessment.CriterionNotMet, true),
		c("CC4.1", assessment.CriterionAtRisk, false),
		c("CC5.1", assessment.CriterionNotMet, false),
	})
	var ids []string
	for _, x := range got {
		ids = append(ids, x.Criterion.ID)
	}
	if want := "CC3.1 CC5.1 CC2.1 CC1.1 CC4.1"; strings.Join(ids, " ") != want {
		t.Errorf("order %v, want %s", ids, want)
	}
}
