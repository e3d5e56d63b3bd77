package assessment

import (
	"sort"
	"strings"
)

// ActionKind says whether a plan row closes a gap or asks for an answer first.
type ActionKind string

// Action kinds.
const (
	KindRemediate ActionKind = "remediate"
	KindAnswer    ActionKind = "answer" // unanswered question: "answer this first"
)

// Action is one row of the remediation plan.
type Action struct {
	Priority    int // 1 is the most urgent
	Kind        ActionKind
	Question    Question
	Action      string
	Steps       []string
	Owner       string // the named owner, else the bank's owner role
	Due         Date
	Effort      Effort
	Probability float64
	Status      PlanStatus
	// Late is set when even starting today the action cannot be finished by
	// its target date; the target is then as early as the effort allows.
	Late bool
}

// Plan is the prioritised list of remediation actions.
type Plan struct {
	Deadline Date // when controls must be operating
	Actions  []Action
}

// EffortCount counts the open remediation actions (not "answer this first"
// rows) by effort size, a rough measure of the
// remaining work for the executive summary.
func (p Plan) EffortCount() map[Effort]int {
	m := map[Effort]int{}
	for _, a := range p.Actions {
		if a.Status != PlanDone && a.Kind == KindRemediate {
			m[a.Effort]++
		}
	}
	return m
}

// BuildPlan turns a forecast into a remediation plan. Every question with a
// material P becomes an action, ordered by impact × P, then longest lead time
// first; unanswered questions become "answer this first" rows ahead of their
// peers. The user's edits (owner, due, status) overlay the computed values.
// today is passed in so that the plan is deterministic.
func BuildPlan(f Forecast, a *Assessment, today Date) Plan {
	p := Plan{Deadline: a.Scope.Deadline()}
	for _, it := range f.Items {
		if it.Probability < MaterialProbability {
			continue
		}
		q := it.Question
		act := Action{
			Kind:        KindRemediate,
			Question:    q,
			Action:      q.Remediation.Action,
			Steps:       q.Remediation.Steps,
			Owner:       q.Remediation.OwnerRole,
			Effort:      q.Remediation.Effort,
			Probability: it.Probability,
			Status:      PlanTodo,
		}
		if !it.Answered {
			act.Kind = KindAnswer
			act.Action = "Answer this first: " + q.Title
			act.Steps = []string{q.Prompt}
			act.Effort = EffortS
		}
		if it.Answer.Owner != "" {
			act.Owner = it.Answer.Owner
		}
		target, earliest := targetDate(act, a.Scope, today)
		act.Due = target
		if act.Due.Before(earliest.Time) {
			act.Due = earliest
		}
		if !it.Answer.Due.IsZero() {
			act.Due = it.Answer.Due
		}
		if e, ok := a.Plan[q.ID]; ok {
			if e.Owner != "" {
				act.Owner = e.Owner
			}
			if !e.Due.IsZero() {
				act.Due = e.Due
			}
			if e.Status != "" {
				act.Status = e.Status
			}
		}
		// Late: the due date misses the target the audit needs, or even
		// starting today the effort does not fit before it.
		act.Late = act.Status != PlanDone && (act.Due.Before(earliest.Time) || !target.IsZero() && act.Due.After(target.Time))
		p.Actions = append(p.Actions, act)
	}
	sort.SliceStable(p.Actions, func(i, j int) bool {
		x, y := p.Actions[i], p.Actions[j]
		if (x.Kind == KindAnswer) != (y.Kind == KindAnswer) && x.Question.Impact == y.Question.Impact {
			return x.Kind == KindAnswer
		}
		sx, sy := float64(x.Question.Impact)*x.Probability, float64(y.Question.Impact)*y.Probability
		if sx != sy {
			return sx > sy
		}
		if lx, ly := leadDays[x.Effort], leadDays[y.Effort]; lx != ly {
			return lx > ly
		}
		return strings.Compare(x.Question.ID, y.Question.ID) < 0
	})
	for i := range p.Actions {
		p.Actions[i].Priority = i + 1
	}
	return p
}

// targetDate dates an action back from the deadline: a safety margin, and for a
// recurring control in a Type II period one run of the control before the
// period starts. It also returns the earliest date the effort allows (today
// plus the lead time). Without a deadline the target is zero.
func targetDate(act Action, s Scope, today Date) (target, earliest Date) {
	earliest = today.AddDays(leadDays[act.Effort])
	deadline := s.Deadline()
	if deadline.IsZero() {
		return Date{}, earliest
	}
	back := safetyMarginDays
	if s.ReportType == Type2 && act.Question.Frequency.Recurring() {
		back += min(cycleDays[act.Question.Frequency], maxCycleLeadDays)
	}
	return deadline.AddDays(-back), earliest
}
