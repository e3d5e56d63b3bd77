package assessment

import (
	"reflect"
	"strings"
	"testing"
)

func TestBuildPlan(t *testing.T) {
	b := testBank(t)
	today := mustDate(t, "2027-01-04")
	a := newAssessment(Type2)
	a.Scope.PeriodStart = mustDate(t, "2027-06-01")
	a.Answers = map[string]Answer{
		"AC-01": {Status: Implemented, Evidence: EvidenceComplete, Consistency: Always}, // P 0: no action
		"AC-02": {Status: Missing, Owner: "Dana"},                                       // impact 3, P 1
		"SO-02": {Status: Partial, Evidence: EvidencePartial, Consistency: Mostly},      // impact 3, P < 1
		"SO-04": {Status: Missing},                                                      // impact 1, once
		"SO-05": {Status: Planned, Due: mustDate(t, "2027-03-31")},                      // own due date
		// AC-03, AC-04, SO-01, SO-03 unanswered
	}
	a.Plan = map[string]PlanEdit{"SO-04": {Owner: "Lee", Status: PlanInProgress}}
	p := BuildPlan(Score(b, a), a, today)

	byID := map[string]Action{}
	for i, act := range p.Actions {
		if act.Priority != i+1 {
			t.Errorf("priority %d at position %d", act.Priority, i)
		}
		byID[act.Question.ID] = act
	}
	if _, ok := byID["AC-01"]; ok {
		t.Error("a control with no expected exception became an action")
	}
	tests := []struct {
		id     string
		kind   ActionKind
		owner  string
		due    string
		status PlanStatus
	}{
		// quarterly, Type II, M: period start − 14 days margin − 92 days cycle.
		{"AC-02", KindRemediate, "Dana", "2027-02-15", PlanTodo},
		// weekly: − 14 − 14; per event likewise.
		{"SO-02", KindRemediate, "Security lead", "2027-05-04", PlanTodo},
		// a document: the margin only; the user's edit wins for owner and status.
		{"SO-04", KindRemediate, "Lee", "2027-05-18", PlanInProgress},
		{"SO-05", KindRemediate, "CTO", "2027-03-31", PlanTodo},
		{"AC-03", KindAnswer, "People lead", "2027-05-04", PlanTodo},
	}
	for _, tt := range tests {
		act, ok := byID[tt.id]
		if !ok {
			t.Errorf("%s: no action", tt.id)
			continue
		}
		if act.Kind != tt.kind || act.Owner != tt.owner || act.Due.String() != tt.due || act.Status != tt.status {
			t.Errorf("%s: got %s/%s/%s/%s, want %s/%s/%s/%s", tt.id, act.Kind, act.Owner, act.Due, act.Status, tt.kind, tt.owner, tt.due, tt.status)
		}
	}
	// Highest impact × P first; an unanswered impact-3 question ahead of an
	// answered one of equal severity.
	if got := p.Actions[0].Question.ID; got != "AC-03" {
		t.Errorf("first action %s, want the unanswered impact-3 AC-03", got)
	}
	if byID["AC-02"].Priority > byID["SO-02"].Priority || byID["SO-02"].Priority > byID["SO-04"].Priority {
		t.Error("plan is not ordered by impact × probability")
	}
}

// The action fits the gap: a control that runs but lacks proof is told to
// keep the proof, one that slips to run every time, a half answer to be
// finished; a lapse already inside the period gets a management response,
// never "late".
func TestPlanActionFitsTheGap(t *testing.T) {
	b := testBank(t)
	a := newAssessment(Type2)
	a.Scope.PeriodStart = mustDate(t, "2027-06-01")
	a.Answers = map[string]Answer{
		"SO-02": {Status: Implemented, Evidence: EvidenceNone, Consistency: Always},
		"SO-03": {Status: Implemented, Evidence: EvidenceComplete, Missed: CountOf(2)},
		"SO-01": {Status: Implemented, Evidence: EvidenceComplete},
		"AC-02": {Status: Missing},
	}
	tests := []struct {
		today, id string
		kind      ActionKind
		action    string
	}{
		{"2027-01-04", "SO-02", KindRemediate, "Keep proof of every occurrence: vulnerability scans"},
		{"2027-01-04", "SO-03", KindRemediate, "Make it run every time: patch reports"},
		{"2027-01-04", "SO-01", KindAnswer, "Finish the answer: log review"},
		{"2027-01-04", "AC-02", KindRemediate, "Review access quarterly"},
		{"2027-07-15", "SO-03", KindRespond, "Prepare a management response: patch reports"},
		{"2027-07-15", "AC-02", KindRemediate, "Review access quarterly"},
	}
	for _, tt := range tests {
		t.Run(tt.today+" "+tt.id, func(t *testing.T) {
			p := BuildPlan(Score(b, a), a, mustDate(t, tt.today))
			for _, act := range p.Actions {
				if act.Question.ID != tt.id {
					continue
				}
				if act.Kind != tt.kind || act.Action != tt.action {
					t.Errorf("%s %q, want %s %q", act.Kind, act.Action, tt.kind, tt.action)
				}
				if act.Kind == KindRespond && act.Late {
					t.Error("a response to a lapse inside the period is flagged late")
				}
				return
			}
			t.Fatalf("no action for %s", tt.id)
		})
	}
}

func TestPlanLateWhenDeadlineTooClose(t *testing.T) {
	b := testBank(t)
	today := mustDate(t, "2027-01-04")
	a := newAssessment(Type1)
	a.Scope.AuditDate = mustDate(t, "2027-01-20")
	a.Answers = map[string]Answer{"SO-05": {Status: Missing}} // L: 45 days
	p := BuildPlan(Score(b, a), a, today)
	for _, act := range p.Actions {
		if act.Question.ID != "SO-05" {
			continue
		}
		if !act.Late || act.Due.String() != "2027-02-18" {
			t.Errorf("late %v due %s, want late and due today+45", act.Late, act.Due)
		}
		return
	}
	t.Fatal("no action for SO-05")
}

func TestPlanWithoutDeadline(t *testing.T) {
	b := testBank(t)
	a := newAssessment(Type1)
	p := BuildPlan(Score(b, a), a, mustDate(t, "2027-01-04"))
	if len(p.Actions) == 0 {
		t.Fatal("unanswered questions gave no actions")
	}
	for _, act := range p.Actions {
		if act.Due.IsZero() || act.Late {
			t.Errorf("%s: due %q late %v without a deadline", act.Question.ID, act.Due, act.Late)
		}
	}
}

func TestScopeDates(t *testing.T) {
	tests := []struct {
		name       string
		s          Scope
		start, end string
	}{
		{"type 1", Scope{ReportType: Type1, AuditDate: mustDate(t, "2027-03-01")}, "2027-03-01", "2027-03-01"},
		{"type 2 from its start", Scope{ReportType: Type2, PeriodStart: mustDate(t, "2027-01-01"), PeriodMonths: 12}, "2027-01-01", "2027-12-31"},
		{"type 2 from its end", Scope{ReportType: Type2, AuditDate: mustDate(t, "2027-09-30"), PeriodMonths: 6}, "2027-04-01", "2027-09-30"},
		{"type 2, default months", Scope{ReportType: Type2, PeriodStart: mustDate(t, "2027-04-01")}, "2027-04-01", "2027-09-30"},
		{"no dates", Scope{ReportType: Type2}, "", ""},
	}
	for _, tt := range tests {
		if got := tt.s.Start().String(); got != tt.start {
			t.Errorf("%s: start %s, want %s", tt.name, got, tt.start)
		}
		if got := tt.s.End().String(); got != tt.end {
			t.Errorf("%s: end %s, want %s", tt.name, got, tt.end)
		}
	}
}

// The plan is sequenced: the policy before the training on it, the people
// list before the leaver control sampled from it; the longest chain is the
// critical path, and a dependent that cannot wait is late.
func TestPlanSequenced(t *testing.T) {
	b := testBank(t)
	a := newAssessment(Type2)
	a.Scope.PeriodStart = mustDate(t, "2027-06-01")
	a.Answers = map[string]Answer{
		"SO-04": {Status: Missing}, // the policy, M: 21 days, once
		"PE-02": {Status: Missing}, // training, S: 7 days, annual, after SO-04
		"PE-04": {Status: Missing}, // the people list, S, quarterly
		"AC-03": {Status: Missing}, // leaver removal, S, per event, after PE-04
	}
	byID := func(p Plan) map[string]Action {
		m := map[string]Action{}
		for _, act := range p.Actions {
			m[act.Question.ID] = act
		}
		return m
	}
	p := BuildPlan(Score(b, a), a, mustDate(t, "2027-01-04"))
	acts := byID(p)
	policy, training := acts["SO-04"], acts["PE-02"]
	if len(training.After) != 1 || training.After[0] != "SO-04" {
		t.Fatalf("training comes after %v, want [SO-04]", training.After)
	}
	if policy.Due.After(training.Start().Time) {
		t.Errorf("the policy is due %s, after the training starts %s", policy.Due, training.Start())
	}
	if list, leavers := acts["PE-04"], acts["AC-03"]; list.Due.After(leavers.Start().Time) {
		t.Errorf("the people list is due %s, after leaver removal starts %s", list.Due, leavers.Start())
	}
	if !policy.Critical || !training.Critical || acts["PE-04"].Critical || p.CriticalDays != 28 {
		t.Errorf("critical: policy %v training %v list %v, %d days; want the policy and training, 21+7 days",
			policy.Critical, training.Critical, acts["PE-04"].Critical, p.CriticalDays)
	}
	for id, act := range acts {
		if act.Late {
			t.Errorf("%s is late with five months to go", id)
		}
	}

	// Twelve days before the period: the policy cannot be done in time, and
	// the training waits for it.
	p = BuildPlan(Score(b, a), a, mustDate(t, "2027-05-20"))
	acts = byID(p)
	if want := mustDate(t, "2027-06-10"); acts["SO-04"].Due != want || !acts["SO-04"].Late {
		t.Errorf("policy due %s late %v, want %s and late", acts["SO-04"].Due, acts["SO-04"].Late, want)
	}
	if want := mustDate(t, "2027-06-17"); acts["PE-02"].Due != want || !acts["PE-02"].Late {
		t.Errorf("training due %s late %v, want %s (the policy + 7 days) and late", acts["PE-02"].Due, acts["PE-02"].Late, want)
	}

	// A due date the user set is kept, and flagged when it cannot wait.
	a.Plan = map[string]PlanEdit{"PE-02": {Due: mustDate(t, "2027-01-10")}}
	acts = byID(BuildPlan(Score(b, a), a, mustDate(t, "2027-01-04")))
	if acts["PE-02"].Due != mustDate(t, "2027-01-10") || !acts["PE-02"].Late {
		t.Errorf("training set for 2027-01-10 before its policy: due %s late %v", acts["PE-02"].Due, acts["PE-02"].Late)
	}
}

func TestPlanLoad(t *testing.T) {
	p := Plan{Actions: []Action{
		{Kind: KindRemediate, Owner: "Ana", Effort: EffortM, Due: mustDate(t, "2027-02-25")}, // starts 02-04
		{Kind: KindRemediate, Owner: "Ana", Effort: EffortS, Due: mustDate(t, "2027-02-10")}, // starts 02-03
		{Kind: KindRemediate, Owner: "Ana", Effort: EffortL, Due: mustDate(t, "2027-02-10"), Status: PlanDone},
		{Kind: KindAnswer, Owner: "Ana", Effort: EffortS, Due: mustDate(t, "2027-02-10")},
		{Kind: KindRemediate, Owner: "Bo", Effort: EffortL, Due: mustDate(t, "2027-03-20")}, // starts 02-03
	}}
	got := p.Load()
	want := []OwnerLoad{{"Ana", "2027-02", 12}, {"Bo", "2027-02", 30}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load() = %v, want %v", got, want)
	}
}

func TestRecommend(t *testing.T) {
	today := mustDate(t, "2027-01-04")
	plan := Plan{Actions: []Action{
		{Kind: KindRemediate, Due: mustDate(t, "2027-03-01")},
		{Kind: KindRemediate, Due: mustDate(t, "2027-05-01"), Status: PlanDone},
		{Kind: KindAnswer, Due: mustDate(t, "2027-06-01")},
	}}
	tests := []struct {
		name   string
		f      Forecast
		want   ReportType
		start  string
		months int
		says   string
	}{
		{"incomplete", Forecast{Verdict: Incomplete}, "", "", 0, "Answer the remaining questions"},
		{"criteria at risk: Type I first", Forecast{Verdict: NotReady, Opinion: Qualified, Criteria: []CriterionStatus{{State: CriterionNotMet}}}, Type1, "2027-03-15", 0, "(1 criterion at risk)"},
		{"many exceptions: a short period", Forecast{Verdict: NotReady, Opinion: Unqualified, Expected: 7}, Type2, "2027-03-15", 3, "short Type II period of 3 months"},
		{"nearly ready: a first period", Forecast{Verdict: NearlyReady, Opinion: Unqualified, Expected: 2}, Type2, "2027-03-15", 6, "6 months can start on 2027-03-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Recommend(tt.f, plan, today)
			if r.ReportType != tt.want || r.Start.String() != tt.start || r.Months != tt.months || !strings.Contains(r.Text, tt.says) {
				t.Errorf("%+v, want %s %s %d saying %q", r, tt.want, tt.start, tt.months, tt.says)
			}
		})
	}
	if r := Recommend(Forecast{Verdict: Ready, Opinion: Unqualified}, Plan{}, today); r.Start != today.AddDays(safetyMarginDays) {
		t.Errorf("with nothing to do the period starts %s, want two weeks from today", r.Start)
	}
}

// A drafted management response names the lapse as counted, the immediate
// and the long-term fix, and management's view, in whole sentences.
func TestDraftResponse(t *testing.T) {
	b := testBank(t)
	q, _ := b.Question("AC-02")
	it := scoring{scope: twelveMo}.scoreItem(q, Answer{Status: Implemented, Evidence: EvidenceComplete, Missed: CountOf(1), Owner: "Dana"})
	r := DraftResponse(it)
	for field, want := range map[string][2]string{
		"what happened":       {r.WhatHappened, "Access reviews: 1 of 4 quarters in the period was missed or lacks proof."},
		"immediate steps":     {r.ImmediateSteps, "Performed the missed occurrences"},
		"long-term fix":       {r.LongTermFix, "a named owner (Dana)"},
		"management response": {r.ManagementResponse, "Management agrees with the exception: the access reviews did not operate as described for every occurrence in the period. Management performed the missed occurrences"},
	} {
		if !strings.Contains(want[0], want[1]) {
			t.Errorf("%s %q does not say %q", field, want[0], want[1])
		}
	}
	if r.Question != "AC-02" || r.RootCause != "" || !strings.Contains(r.ManagementResponse, "CC6.2 and CC6.3") {
		t.Errorf("draft %+v", r)
	}
	q, _ = b.Question("SO-02")
	it = scoring{scope: sixMo}.scoreItem(q, Answer{Status: Implemented, Evidence: EvidencePartial, Consistency: Always})
	if r := DraftResponse(it); !strings.Contains(r.ImmediateSteps, "Gathered the records") || !strings.Contains(r.LongTermFix, "named owner (Security lead)") {
		t.Errorf("a lapse of proof drafts %+v", r)
	}
}
