package assessment

import (
	"fmt"
	"strings"
)

// FieldError is one problem in a bank, naming the question and field.
type FieldError struct {
	Question string // question ID, or "" for the bank itself
	Field    string
	Problem  string
}

func (e FieldError) Error() string {
	if e.Question == "" {
		return fmt.Sprintf("bank: %s: %s", e.Field, e.Problem)
	}
	return fmt.Sprintf("question %s: %s: %s", e.Question, e.Field, e.Problem)
}

// ValidationError lists every problem found in a bank, so a consultant fixing a
// custom bank sees them all at once.
type ValidationError struct {
	Problems []FieldError
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return fmt.Sprintf("question bank has %d problem(s):\n  %s", len(e.Problems), strings.Join(lines, "\n  "))
}

var (
	knownFrequencies = set(Continuous, PerEvent, Daily, Weekly, Monthly, Quarterly, Annual, Once)
	knownEfforts     = set(EffortS, EffortM, EffortL)
	knownCategories  = set(Categories...)
)

func set[T comparable](xs ...T) map[T]bool {
	m := make(map[T]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// Validate checks the whole bank and returns a *ValidationError listing every
// problem, or nil.
func (b *Bank) Validate() error {
	var errs []FieldError
	bad := func(q, field, format string, args ...any) {
		errs = append(errs, FieldError{q, field, fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(b.ID) == "" {
		bad("", "id", "is empty")
	}
	if strings.TrimSpace(b.Version) == "" {
		bad("", "version", "is empty")
	}
	areas := map[string]bool{}
	for i, a := range b.Areas {
		switch {
		case strings.TrimSpace(a.ID) == "":
			bad("", fmt.Sprintf("areas[%d].id", i), "is empty")
		case areas[a.ID]:
			bad("", fmt.Sprintf("areas[%d].id", i), "duplicate area %q", a.ID)
		}
		if strings.TrimSpace(a.Name) == "" {
			bad("", fmt.Sprintf("areas[%d].name", i), "is empty")
		}
		areas[a.ID] = true
	}
	if len(b.Questions) == 0 {
		bad("", "questions", "the bank has no questions")
	}
	conditions := map[string]bool{}
	for _, c := range ProfileConditions {
		conditions[c.Key] = true
	}
	seen := map[string]bool{}
	for i, q := range b.Questions {
		id := q.ID
		if strings.TrimSpace(id) == "" {
			id = fmt.Sprintf("#%d", i+1)
			bad(id, "id", "is empty")
		} else if seen[id] {
			bad(id, "id", "duplicate question ID")
		}
		seen[q.ID] = true
		if !areas[q.Area] {
			bad(id, "area", "unknown area %q", q.Area)
		}
		if !knownCategories[q.Category] {
			bad(id, "category", "unknown category %q (want one of security, availability, confidentiality, processing_integrity, privacy)", q.Category)
		}
		for field, text := range map[string]string{"title": q.Title, "prompt": q.Prompt, "help": q.Help, "evidence": q.Evidence, "remediation.action": q.Remediation.Action, "remediation.owner_role": q.Remediation.OwnerRole} {
			if strings.TrimSpace(text) == "" {
				bad(id, field, "is empty")
			}
		}
		if len(q.Criteria) == 0 {
			bad(id, "criteria", "lists no criterion")
		}
		for _, c := range q.Criteria {
			crit, ok := LookupCriterion(c)
			switch {
			case !ok:
				bad(id, "criteria", "unknown criterion %q", c)
			case crit.Category != Security && knownCategories[q.Category] && crit.Category != q.Category:
				bad(id, "criteria", "criterion %s belongs to %s, not %s", c, crit.Category, q.Category)
			}
		}
		if !knownFrequencies[q.Frequency] {
			bad(id, "frequency", "unknown frequency %q", q.Frequency)
		}
		if q.Impact < 1 || q.Impact > 3 {
			bad(id, "impact", "%d is outside 1..3", q.Impact)
		}
		if !knownEfforts[q.Remediation.Effort] {
			bad(id, "remediation.effort", "unknown effort %q (want S, M or L)", q.Remediation.Effort)
		}
		if len(q.Remediation.Steps) == 0 {
			bad(id, "remediation.steps", "lists no step")
		}
		for j, s := range q.Remediation.Steps {
			if strings.TrimSpace(s) == "" {
				bad(id, fmt.Sprintf("remediation.steps[%d]", j), "is empty")
			}
		}
		if c := strings.TrimPrefix(q.AppliesIf, "!"); q.AppliesIf != "" && !conditions[c] {
			bad(id, "applies_if", "unknown profile condition %q", q.AppliesIf)
		}
		switch {
		case q.Population != "" && !knownPopulations[q.Population]:
			bad(id, "population", "unknown population %q (want one of headcount, joiners, leavers, changes, vendors, incidents)", q.Population)
		case q.Population != "" && !q.Frequency.Recurring() || q.Population != "" && q.Frequency == Continuous:
			bad(id, "population", "a %s control is not sampled from a population", q.Frequency)
		}
		if q.Practice != "" && q.Practice != Required && q.Practice != Recommended {
			bad(id, "practice", "unknown practice %q (want required or recommended)", q.Practice)
		}
		if q.Group != "" && strings.TrimSpace(q.Group) != q.Group {
			bad(id, "group", "%q has spaces around it", q.Group)
		}
		for j, k := range q.SourceOf {
			if !knownPopulations[k] {
				bad(id, fmt.Sprintf("source_of[%d]", j), "unknown population %q", k)
			}
		}
	}
	errs = append(errs, b.dependencyErrors(seen)...)
	if len(errs) == 0 {
		return nil
	}
	sortFieldErrors(errs)
	return &ValidationError{Problems: errs}
}

// sortFieldErrors keeps the order of questions but sorts fields inside one
// question, since map iteration above is random and output must be stable.
func sortFieldErrors(errs []FieldError) {
	for i := 1; i < len(errs); i++ {
		for j := i; j > 0 && errs[j-1].Question == errs[j].Question && errs[j-1].Field > errs[j].Field; j-- {
			errs[j-1], errs[j] = errs[j], errs[j-1]
		}
	}
}

// dependencyErrors checks depends_on: every ID exists, none is the question
// itself, and the dependencies form no cycle (the plan is ordered by them).
func (b *Bank) dependencyErrors(known map[string]bool) []FieldError {
	var errs []FieldError
	deps := map[string][]string{}
	for _, q := range b.Questions {
		for j, d := range q.DependsOn {
			field := fmt.Sprintf("depends_on[%d]", j)
			switch {
			case d == q.ID:
				errs = append(errs, FieldError{q.ID, field, "a question cannot depend on itself"})
			case !known[d]:
				errs = append(errs, FieldError{q.ID, field, fmt.Sprintf("unknown question %q", d)})
			default:
				deps[q.ID] = append(deps[q.ID], d)
			}
		}
	}
	// Depth-first search; a grey node met again closes a cycle.
	const (
		white = iota
		grey
		black
	)
	colour := map[string]int{}
	var path []string
	var visit func(id string) []string
	visit = func(id string) []string {
		colour[id] = grey
		path = append(path, id)
		for _, d := range deps[id] {
			switch colour[d] {
			case grey:
				i := len(path) - 1
				for path[i] != d {
					i--
				}
				return append(append([]string(nil), path[i:]...), d)
			case white:
				if c := visit(d); c != nil {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		colour[id] = black
		return nil
	}
	for _, q := range b.Questions {
		if colour[q.ID] == white {
			if cycle := visit(q.ID); cycle != nil {
				errs = append(errs, FieldError{cycle[0], "depends_on", "dependencies form a cycle: " + strings.Join(cycle, " → ")})
				break
			}
		}
	}
	return errs
}
