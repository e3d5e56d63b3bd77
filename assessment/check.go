package assessment

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// The checks below say what a valid assessment holds. The interchange reader
// and the database both use them, so that everything stored can be exported
// and read back. Messages name the field, as in "status: ...".

var (
	knownStatuses     = set(Statuses...)
	knownEvidence     = set(EvidenceLevels...)
	knownConsistency  = set(Consistencies...)
	knownPlanStatuses = set(PlanStatuses...)
	knownVerdicts     = set(Verdicts...)
	knownOpinions     = set(Opinions...)
)

// Check reports an answer whose values are not among the allowed ones. A
// not-applicable answer may lack its reason for a while: the questionnaire
// saves on every change, and the reason is typed after the status is chosen.
func (a Answer) Check() error {
	switch {
	case a.Status != "" && !knownStatuses[a.Status]:
		return fmt.Errorf("status: %q is not one of implemented, partial, planned, missing, not_applicable", a.Status)
	case a.Evidence != "" && !knownEvidence[a.Evidence]:
		return fmt.Errorf("evidence: %q is not one of complete, partial, none", a.Evidence)
	case a.Consistency != "" && !knownConsistency[a.Consistency]:
		return fmt.Errorf("consistency: %q is not one of always, mostly, sometimes, rarely", a.Consistency)
	case a.Missed.Known && (a.Missed.N < 0 || a.Missed.N > MaxCount):
		return fmt.Errorf("missed: %d is not a whole number from 0 to %d", a.Missed.N, MaxCount)
	}
	return checkLengths(
		textField{"na_reason", a.NAReason, MaxTextLength},
		textField{"owner", a.Owner, MaxNameLength},
		textField{"notes", a.Notes, MaxTextLength},
	)
}

// Check reports an evidence record whose reference is too long or whose date
// is outside the years an assessment can mean.
func (e EvidenceRecord) Check() error {
	if !e.Collected.IsZero() {
		if err := CheckYear(e.Collected); err != nil {
			return fmt.Errorf("collected: %w", err)
		}
	}
	return CheckLength("reference", e.Reference, MaxTextLength)
}

// Check reports a plan edit with an unknown status or an owner too long.
func (e PlanEdit) Check() error {
	if e.Status != "" && !knownPlanStatuses[e.Status] {
		return fmt.Errorf("status: %q is not one of todo, in_progress, done", e.Status)
	}
	return CheckLength("owner", e.Owner, MaxNameLength)
}

// Check reports a response with a text over its limit.
func (r Response) Check() error {
	return checkLengths(
		textField{"id", r.ID, MaxIDLength},
		textField{"question", r.Question, MaxIDLength},
		textField{"what_happened", r.WhatHappened, MaxTextLength},
		textField{"root_cause", r.RootCause, MaxTextLength},
		textField{"immediate_steps", r.ImmediateSteps, MaxTextLength},
		textField{"long_term_fix", r.LongTermFix, MaxTextLength},
		textField{"owner", r.Owner, MaxNameLength},
		textField{"management_response", r.ManagementResponse, MaxTextLength},
	)
}

// Check reports a snapshot no forecast could have made: a score outside its
// range or not a number, a negative count, an unknown verdict, no time.
func (s Snapshot) Check() error {
	switch {
	case s.Taken.IsZero():
		return errors.New("taken: missing")
	case !inRange(s.Readiness, 0, 100):
		return fmt.Errorf("readiness: %v is outside 0..100", s.Readiness)
	case !inRange(s.Expected, 0, MaxQuestions):
		return fmt.Errorf("expected_exceptions: %v is outside 0..%d", s.Expected, MaxQuestions)
	case !inRange(s.CleanChance, 0, 1):
		return fmt.Errorf("clean_report_probability: %v is outside 0..1", s.CleanChance)
	case !knownVerdicts[s.Verdict]:
		return fmt.Errorf("verdict: %q is not one of %s", s.Verdict, joinNames(Verdicts))
	case s.Opinion != "" && !knownOpinions[s.Opinion]: // older snapshots have none
		return fmt.Errorf("opinion: %q is not one of %s", s.Opinion, joinNames(Opinions))
	case s.Answered < 0 || s.Answered > MaxQuestions:
		return fmt.Errorf("answered: %d is outside 0..%d", s.Answered, MaxQuestions)
	case s.Applicable < 0 || s.Applicable > MaxQuestions:
		return fmt.Errorf("applicable: %d is outside 0..%d", s.Applicable, MaxQuestions)
	}
	if err := CheckLength("label", s.Label, MaxNameLength); err != nil {
		return err
	}
	if err := checkScores("areas", s.Areas, MaxAreas, 100); err != nil {
		return err
	}
	return checkScores("probabilities", s.Probabilities, MaxQuestions, 1)
}

// checkScores checks a snapshot's map of scores, each in 0..top, keyed by
// IDs; it names the first bad key in ID order, so the message is stable.
func checkScores(field string, m map[string]float64, most int, top float64) error {
	if err := CheckCount(field, len(m), most, "entries"); err != nil {
		return err
	}
	for _, k := range sortedKeys(m) {
		if err := CheckLength(field+" key", k, MaxIDLength); err != nil {
			return err
		}
		if v := m[k]; !inRange(v, 0, top) {
			return fmt.Errorf("%s.%s: %v is outside 0..%v", field, k, v, top)
		}
	}
	return nil
}

// inRange reports whether v is a number in lo..hi (NaN and ±Inf are not).
func inRange(v, lo, hi float64) bool {
	return !math.IsNaN(v) && v >= lo && v <= hi
}

// joinNames lists names as "a, b, c".
func joinNames[T ~string](xs []T) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = string(x)
	}
	return strings.Join(q, ", ")
}

// Check reports an unknown report type or category, or a period out of range.
func (s Scope) Check() error {
	if s.ReportType != Type1 && s.ReportType != Type2 {
		return fmt.Errorf("report_type: %q is not type1 or type2", s.ReportType)
	}
	seen := map[Category]bool{}
	for i, c := range s.Categories {
		switch {
		case !knownCategories[c]:
			return fmt.Errorf("categories[%d]: unknown category %q", i, c)
		case seen[c]:
			return fmt.Errorf("categories[%d]: %q is listed twice", i, c)
		}
		seen[c] = true
	}
	if s.PeriodMonths < 0 || s.PeriodMonths > 24 {
		return fmt.Errorf("period_months: %d is outside 0..24", s.PeriodMonths)
	}
	// a Type II period ends on the audit date, so it cannot start later
	if s.ReportType == Type2 && !s.AuditDate.IsZero() && !s.PeriodStart.IsZero() && s.AuditDate.Before(s.PeriodStart.Time) {
		return fmt.Errorf("audit_date: %s is before period_start %s", s.AuditDate, s.PeriodStart)
	}
	return nil
}

// Check reports an unknown profile condition.
func (p Profile) Check() error {
	for key := range p.Conditions {
		if !knownCondition(key) {
			return fmt.Errorf("unknown condition %q", key)
		}
	}
	for _, k := range PopulationKinds {
		if c := p.Population.Get(k); c.Known && (c.N < 0 || c.N > MaxCount) {
			return fmt.Errorf("population.%s: %d is not a whole number from 0 to %d", k, c.N, MaxCount)
		}
	}
	return nil
}

// CheckDetails checks what describes the assessment: company, scope, profile.
func (a *Assessment) CheckDetails() error {
	if strings.TrimSpace(a.Company) == "" {
		return errors.New("company: is empty")
	}
	if err := checkLengths(
		textField{"company", a.Company, MaxNameLength},
		textField{"prepared_by", a.PreparedBy, MaxNameLength},
	); err != nil {
		return err
	}
	if err := a.Scope.Check(); err != nil {
		return fmt.Errorf("scope.%w", err)
	}
	if err := a.Profile.Check(); err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	return nil
}

func knownCondition(key string) bool {
	for _, c := range ProfileConditions {
		if c.Key == key {
			return true
		}
	}
	return false
}
