package assessment

import (
	"errors"
	"fmt"
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
	}
	return nil
}

// Check reports a plan edit with an unknown status.
func (e PlanEdit) Check() error {
	if e.Status != "" && !knownPlanStatuses[e.Status] {
		return fmt.Errorf("status: %q is not one of todo, in_progress, done", e.Status)
	}
	return nil
}

// Check reports an unknown report type or category, or a period out of range.
func (s Scope) Check() error {
	if s.ReportType != Type1 && s.ReportType != Type2 {
		return fmt.Errorf("report_type: %q is not type1 or type2", s.ReportType)
	}
	for i, c := range s.Categories {
		if !knownCategories[c] {
			return fmt.Errorf("categories[%d]: unknown category %q", i, c)
		}
	}
	if s.PeriodMonths < 0 || s.PeriodMonths > 24 {
		return fmt.Errorf("period_months: %d is outside 0..24", s.PeriodMonths)
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
	return nil
}

// CheckDetails checks what describes the assessment: company, scope, profile.
func (a *Assessment) CheckDetails() error {
	if strings.TrimSpace(a.Company) == "" {
		return errors.New("company: is empty")
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
