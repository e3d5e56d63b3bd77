package assessment

import (
	"fmt"
	"math"
	"strings"
)

// CriterionState is how a criterion stands before the auditor.
type CriterionState string

// Criterion states.
const (
	CriterionMet         CriterionState = "met"
	CriterionAtRisk      CriterionState = "at_risk"      // some controls missing, others exist
	CriterionNotMet      CriterionState = "not_met"      // no control that exists addresses it
	CriterionNotAnswered CriterionState = "not_answered" // nothing answered about it yet
)

// Label is the state in words.
func (s CriterionState) Label() string {
	switch s {
	case CriterionMet:
		return "Met"
	case CriterionAtRisk:
		return "At risk"
	case CriterionNotMet:
		return "Not met"
	default:
		return "Not answered"
	}
}

// CriterionStatus is one criterion in scope and the controls behind it.
type CriterionStatus struct {
	Criterion Criterion
	State     CriterionState
	Questions []string // the required, applicable questions that address it
	Gaps      []string // of those, the ones missing or only planned
	KeyGap    bool     // a key control (impact 3) is among the gaps
	Reason    string
}

// criteriaStatus judges every criterion in scope from the design of the
// required controls that address it. Recommended practices never put a
// criterion at risk.
func criteriaStatus(items []Item, s Scope) []CriterionStatus {
	byCrit := map[string][]int{} // criterion → indices into items
	for i, it := range items {
		if it.Question.Practice == Recommended {
			continue
		}
		for _, c := range it.Question.Criteria {
			byCrit[c] = append(byCrit[c], i)
		}
	}
	var out []CriterionStatus
	for _, c := range AllCriteria {
		if !s.InScope(c.Category) {
			continue
		}
		cs := CriterionStatus{Criterion: c}
		answered, exist := 0, 0
		for _, i := range byCrit[c.ID] {
			it := &items[i]
			cs.Questions = append(cs.Questions, it.Question.ID)
			switch it.Answer.Status {
			case Missing, Planned:
				answered++
				cs.Gaps = append(cs.Gaps, it.Question.ID)
				cs.KeyGap = cs.KeyGap || it.Question.Impact >= keyControlImpact
			case Implemented, Partial:
				answered++
				exist++
			}
		}
		switch {
		case answered == 0:
			cs.State = CriterionNotAnswered
		case exist == 0:
			cs.State = CriterionNotMet
		case len(cs.Gaps) > 0:
			cs.State = CriterionAtRisk
		default:
			cs.State = CriterionMet
		}
		cs.Reason = criterionReason(cs, len(cs.Questions)-answered)
		out = append(out, cs)
	}
	return out
}

func criterionReason(cs CriterionStatus, unanswered int) string {
	id := cs.Criterion.ID
	gaps := listWords(cs.Gaps)
	var s string
	switch cs.State {
	case CriterionNotAnswered:
		if len(cs.Questions) == 0 {
			return fmt.Sprintf("No question in this bank addresses %s.", id)
		}
		return fmt.Sprintf("None of the %s behind %s %s answered yet.", plural(len(cs.Questions), "question"), id, isAre(len(cs.Questions)))
	case CriterionNotMet:
		s = fmt.Sprintf("No control that exists addresses %s: %s %s missing or only planned. An auditor would report the criterion as not met and qualify the opinion.", id, gaps, isAre(len(cs.Gaps)))
	case CriterionAtRisk:
		others := len(cs.Questions) - len(cs.Gaps) - unanswered
		s = fmt.Sprintf("%s %s missing or only planned, while %s %s.", gaps, isAre(len(cs.Gaps)), plural(others, "other control"), addressAddresses(others, id))
		if cs.KeyGap {
			s += " A key control is among them: the auditor may find the criterion not met."
		} else {
			s += " The auditor will most likely still find it met."
		}
	default:
		s = fmt.Sprintf("Every control answered for %s is in place.", id)
	}
	if unanswered > 0 {
		s += fmt.Sprintf(" %s still to answer.", plural(unanswered, "question"))
	}
	return s
}

// opinion forecasts the auditor's opinion from the criteria: adverse when
// failures are pervasive, qualified when a criterion is not met or a key
// control is missing, else unqualified.
func opinion(criteria []CriterionStatus) (Opinion, string) {
	var notMet, keyAtRisk []string
	unknown := 0
	for _, c := range criteria {
		switch {
		case c.State == CriterionNotMet:
			notMet = append(notMet, c.Criterion.ID)
		case c.State == CriterionAtRisk && c.KeyGap:
			keyAtRisk = append(keyAtRisk, c.Criterion.ID)
		case c.State == CriterionNotAnswered:
			unknown++
		}
	}
	o, why := opinionOf(notMet, keyAtRisk)
	if unknown > 0 {
		why += fmt.Sprintf(" This holds for the answered criteria only: %d of the %d in scope %s nothing answered yet.", unknown, len(criteria), hasHave(unknown))
	}
	return o, why
}

func opinionOf(notMet, keyAtRisk []string) (Opinion, string) {
	switch {
	case len(notMet) >= adverseNotMetCriteria:
		return Adverse, fmt.Sprintf("%d criteria have no control in place (%s): failures this wide are pervasive, and an auditor would give an adverse opinion.", len(notMet), listSome(notMet, 8))
	case len(notMet) > 0:
		s := fmt.Sprintf("%s %s no control in place: an auditor would qualify the opinion for %s.", listWords(notMet), hasHave(len(notMet)), itThem(len(notMet)))
		if len(keyAtRisk) > 0 {
			s += fmt.Sprintf(" A key control is also missing for %s.", listWords(keyAtRisk))
		}
		return Qualified, s
	case len(keyAtRisk) > 0:
		return Qualified, fmt.Sprintf("A key control is missing for %s: an auditor may find %s not met and qualify the opinion.", listWords(keyAtRisk), itThem(len(keyAtRisk)))
	}
	return Unqualified, "Every criterion answered has a control in place: an auditor would most likely give an unqualified opinion, listing any exceptions found in testing."
}

// listSome lists up to n IDs and says how many more there are.
func listSome(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:n], ", "), len(ids)-n)
}

// verdict sums the forecast up in one word and a reason.
func verdict(f *Forecast) (Verdict, string) {
	if f.Applicable == 0 {
		return NotReady, "No question applies to this scope yet: check the categories in scope and the company profile."
	}
	left := f.Applicable - f.Answered
	if f.Answered < minToAnswer(f.Applicable) {
		return Incomplete, fmt.Sprintf("%d of %d questions are answered; answer %d more (at least %.0f%% of them) for a forecast an auditor would recognise.",
			f.Answered, f.Applicable, minToAnswer(f.Applicable)-f.Answered, 100*MinCoverage)
	}
	exp := fmt.Sprintf("%.1f", f.Expected)
	switch {
	case f.Opinion == Adverse:
		return NotReady, "The opinion is at risk of being adverse: put the missing controls in place before booking the audit."
	case f.Opinion == Qualified:
		return NotReady, "The opinion is at risk of being qualified: put the missing key controls in place before the audit, then close the likeliest exceptions."
	case f.Readiness >= ReadyReadiness && f.Expected <= readyMaxExpected && f.Answered >= int(math.Ceil(readyMinCoverage*float64(f.Applicable)-1e-9)) && len(f.AtRisk()) == 0:
		return Ready, fmt.Sprintf("Readiness is %.0f and about %s exceptions are expected: an auditor would most likely issue a clean report.", f.Readiness, exp)
	case f.Readiness >= NearlyReadyReadiness && f.Expected <= nearlyReadyMaxExpected:
		why := "close the highest-priority gaps before the audit"
		if left > 0 {
			why = fmt.Sprintf("answer the %d open questions and close the highest-priority gaps", left)
		}
		return NearlyReady, fmt.Sprintf("Readiness is %.0f and about %s exceptions are expected: %s.", f.Readiness, exp, why)
	case f.Readiness >= NearlyReadyReadiness:
		return NotReady, fmt.Sprintf("Readiness is %.0f, but about %s exceptions are expected: many small lapses add up, so fix the likeliest first.", f.Readiness, exp)
	default:
		return NotReady, fmt.Sprintf("Readiness is %.0f and about %s exceptions are expected: several controls are missing or cannot be evidenced yet.", f.Readiness, exp)
	}
}

// minToAnswer is how many of n questions must be answered for a verdict.
func minToAnswer(n int) int { return int(math.Ceil(MinCoverage*float64(n) - 1e-9)) }
