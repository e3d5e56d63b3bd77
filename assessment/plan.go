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
	KindAnswer    ActionKind = "answer"  // unanswered question: "answer this first"
	KindRespond   ActionKind = "respond" // a lapse inside the period: a management response
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
	// After lists the actions (question IDs) that must be done before this
	// one starts (the bank's depends_on, among the actions in the plan).
	After []string
	// Critical marks the actions on the longest chain of dependent work.
	Critical bool

	target, earliest Date // the date the audit needs, and the soonest possible
	fixed            bool // the due date was set by the user
}

// Start is when the work must begin for the action to be done by its due
// date.
func (a Action) Start() Date { return a.Due.AddDays(-leadDays[a.Effort]) }

// Plan is the prioritised list of remediation actions.
type Plan struct {
	Deadline Date // when controls must be operating
	Actions  []Action
	// CriticalDays is the length in calendar days of the longest chain of
	// dependent actions: the least time the plan needs, however many hands.
	CriticalDays int
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
	inPeriod := a.Scope.ReportType == Type2 && !a.Scope.Start().IsZero() && !today.Before(a.Scope.Start().Time)
	for _, it := range f.Items {
		if it.Answered && (it.Probability < MaterialProbability || it.LinkedTo != "") {
			continue
		}
		q := it.Question
		act := Action{
			Kind:        KindRemediate,
			Question:    q,
			Owner:       q.Remediation.OwnerRole,
			Effort:      q.Remediation.Effort,
			Probability: it.Probability,
			Status:      PlanTodo,
		}
		act.Action, act.Steps = remedy(it)
		switch {
		case !it.Answered:
			act.Kind = KindAnswer
			act.Effort = EffortS
		case inPeriod && it.Counted && (it.Finding == FindingOperating || it.Finding == FindingEvidence):
			// The lapse already happened inside the period: the auditor will
			// find it, so the realistic path is to fix it now and explain it.
			act.Kind = KindRespond
			act.Action = "Prepare a management response: " + lowerFirst(q.Title)
			act.Steps = []string{
				"Write down what happened: which occurrences were missed or lack proof, and why.",
				"Fix it now: run the missed occurrences (or take back the access) and keep the proof, so later samples pass.",
				"Draft the management response for the report: the immediate fix and the long-term fix.",
			}
			act.Effort = EffortS
		}
		if it.Answer.Owner != "" {
			act.Owner = it.Answer.Owner
		}
		target, earliest := targetDate(act, a.Scope, today)
		act.Due = target
		if act.Kind == KindRespond || act.Due.Before(earliest.Time) {
			act.Due = earliest
		}
		if !it.Answer.Due.IsZero() {
			act.Due, act.fixed = it.Answer.Due, true
		}
		if e, ok := a.Plan[q.ID]; ok {
			if e.Owner != "" {
				act.Owner = e.Owner
			}
			if !e.Due.IsZero() {
				act.Due, act.fixed = e.Due, true
			}
			if e.Status != "" {
				act.Status = e.Status
			}
		}
		act.target, act.earliest = target, earliest
		p.Actions = append(p.Actions, act)
	}
	p.CriticalDays = sequence(p.Actions)
	for i := range p.Actions {
		act := &p.Actions[i]
		// Late: the due date misses the target the audit needs, or even
		// starting today the effort does not fit before it. A response to a
		// lapse inside the period cannot be early or late for the period.
		act.Late = act.Late || act.Kind != KindRespond && act.Status != PlanDone &&
			(act.Due.Before(act.earliest.Time) || !act.target.IsZero() && act.Due.After(act.target.Time))
	}
	sort.SliceStable(p.Actions, func(i, j int) bool {
		x, y := p.Actions[i], p.Actions[j]
		if (x.Kind == KindAnswer) != (y.Kind == KindAnswer) && x.Question.Impact == y.Question.Impact {
			return x.Kind == KindAnswer
		}
		if sx, sy := x.severity(), y.severity(); sx != sy {
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

// sequence dates the open remediation actions so that each starts after the
// actions it depends on are done: dependencies are pulled earlier (back from
// the deadline), then nothing is left before today plus its lead time, then
// dependents are pushed later where they must wait. A due date the user set
// is never moved; a dependent it cannot wait for is flagged late. It marks
// the longest chain of dependent work and returns its length in days.
func sequence(acts []Action) int {
	idx := map[string]int{}
	for i, a := range acts {
		if a.Kind == KindRemediate && a.Status != PlanDone {
			idx[a.Question.ID] = i
		}
	}
	ids := make([]string, 0, len(idx))
	for id := range idx {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		a := &acts[idx[id]]
		for _, d := range a.Question.DependsOn {
			if _, ok := idx[d]; ok {
				a.After = append(a.After, d)
			}
		}
	}
	order := topological(ids, func(id string) []string { return acts[idx[id]].After })
	lead := func(a *Action) int { return leadDays[a.Effort] }
	for i := len(order) - 1; i >= 0; i-- { // dependents first
		a := &acts[idx[order[i]]]
		for _, d := range a.After {
			dep := &acts[idx[d]]
			if latest := a.Due.AddDays(-lead(a)); !dep.fixed && latest.Before(dep.Due.Time) {
				dep.Due = latest
			}
		}
	}
	for _, id := range order {
		if a := &acts[idx[id]]; !a.fixed && a.Due.Before(a.earliest.Time) {
			a.Due = a.earliest
		}
	}
	chain := map[string]int{} // the longest chain of lead days ending at an action
	prev := map[string]string{}
	for _, id := range order { // dependencies first
		a := &acts[idx[id]]
		chain[id] = lead(a)
		for _, d := range a.After {
			dep := &acts[idx[d]]
			if need := dep.Due.AddDays(lead(a)); a.Due.Before(need.Time) {
				if a.fixed {
					a.Late = true
				} else {
					a.Due = need
				}
			}
			if c := chain[d] + lead(a); c > chain[id] {
				chain[id], prev[id] = c, d
			}
		}
	}
	end, longest := "", 0
	for _, id := range order {
		if chain[id] > longest && prev[id] != "" {
			end, longest = id, chain[id]
		}
	}
	for id := end; id != ""; id = prev[id] {
		acts[idx[id]].Critical = true
	}
	return longest
}

// topological orders ids so that every id comes after the ids it depends
// on; among the ready ones, in the order given. The bank's validator has
// refused cycles.
func topological(ids []string, deps func(string) []string) []string {
	done := map[string]bool{}
	var order []string
	var visit func(id string)
	visit = func(id string) {
		if done[id] {
			return
		}
		done[id] = true
		for _, d := range deps(id) {
			visit(d)
		}
		order = append(order, id)
	}
	for _, id := range ids {
		visit(id)
	}
	return order
}

// OwnerLoad is one owner's remediation work in one month, by when it starts.
type OwnerLoad struct {
	Owner string
	Month string // YYYY-MM
	Days  int    // person-days, at most
}

// Load is the open remediation work per owner per month (at the top of each
// effort's range), so that an owner with more than a month of work in a
// month stands out.
func (p Plan) Load() []OwnerLoad {
	sum := map[[2]string]int{}
	for _, a := range p.Actions {
		if a.Kind != KindRemediate || a.Status == PlanDone || a.Due.IsZero() {
			continue
		}
		sum[[2]string{a.Owner, a.Start().Format("2006-01")}] += EffortDays[a.Effort][1]
	}
	out := make([]OwnerLoad, 0, len(sum))
	for k, d := range sum {
		out = append(out, OwnerLoad{Owner: k[0], Month: k[1], Days: d})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Owner != out[j].Owner {
			return out[i].Owner < out[j].Owner
		}
		return out[i].Month < out[j].Month
	})
	return out
}

// severity orders actions by impact × P; a question still to answer is as
// urgent as a certain gap of the same impact, since it may be one.
func (a Action) severity() float64 {
	if a.Kind == KindAnswer {
		return float64(a.Question.Impact)
	}
	return float64(a.Question.Impact) * a.Probability
}

// remedy is the action and steps that fit the gap: build a missing control,
// finish a partial one, keep the proof of one that runs, or make one that
// slips run every time.
func remedy(it Item) (string, []string) {
	q := it.Question
	switch {
	case !it.Answered && it.Incomplete != "":
		return "Finish the answer: " + lowerFirst(q.Title), []string{reasonIncomplete(q, it.Incomplete)}
	case !it.Answered:
		return "Answer this first: " + lowerFirst(q.Title), []string{q.Prompt}
	case it.Finding == FindingEvidence && it.Exists():
		return "Keep proof of every occurrence: " + lowerFirst(q.Title), []string{
			"Keep, for each occurrence: " + lowerFirst(q.Evidence),
			"File it by month where the auditor can match it to the list of occurrences; check each month end that nothing is missing.",
		}
	case it.Finding == FindingOperating && it.Answer.Status == Implemented:
		return "Make it run every time: " + lowerFirst(q.Title), []string{
			"Give it a named owner and a recurring ticket for every occurrence; check each month end that none was missed.",
			"Keep the proof: " + lowerFirst(q.Evidence),
		}
	}
	return q.Remediation.Action, q.Remediation.Steps
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
