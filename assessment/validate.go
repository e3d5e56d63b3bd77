package assessment

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
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
	tooLong := func(q, field, text string, most int) {
		if err := CheckLength(field, text, most); err != nil {
			var le *LimitError
			errors.As(err, &le)
			bad(q, field, "%d characters, at most %d", le.Got, le.Max)
		}
	}
	tooMany := func(q, field string, n, most int, unit string) {
		if n > most {
			bad(q, field, "%d %s, at most %d", n, unit, most)
		}
	}
	tooLong("", "id", b.ID, MaxIDLength)
	tooLong("", "version", b.Version, MaxIDLength)
	tooMany("", "areas", len(b.Areas), MaxAreas, "areas")
	tooMany("", "questions", len(b.Questions), MaxQuestions, "questions")
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
		tooLong("", fmt.Sprintf("areas[%d].id", i), a.ID, MaxIDLength)
		tooLong("", fmt.Sprintf("areas[%d].name", i), a.Name, MaxNameLength)
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
		tooLong(id, "id", q.ID, MaxIDLength)
		tooLong(id, "title", q.Title, MaxNameLength)
		tooLong(id, "remediation.owner_role", q.Remediation.OwnerRole, MaxNameLength)
		tooLong(id, "group", q.Group, MaxIDLength)
		tooLong(id, "control", q.Control, MaxTextLength)
		for field, text := range map[string]string{"prompt": q.Prompt, "help": q.Help, "evidence": q.Evidence, "remediation.action": q.Remediation.Action} {
			tooLong(id, field, text, MaxTextLength)
		}
		tooMany(id, "criteria", len(q.Criteria), MaxListItems, "criteria")
		tooMany(id, "remediation.steps", len(q.Remediation.Steps), MaxListItems, "steps")
		tooMany(id, "depends_on", len(q.DependsOn), MaxListItems, "questions")
		for j, step := range q.Remediation.Steps {
			tooLong(id, fmt.Sprintf("remediation.steps[%d]", j), step, MaxTextLength)
		}
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

// ErrBankYAML is wrapped by the errors of checkBankYAML.
var ErrBankYAML = errors.New("read question bank")

// checkBankYAML looks at a bank's YAML before it is decoded, for what
// decoding would hide: an alias (each is expanded in full, so 2,000 aliases
// of a 1 MB string decode to 2 GB), a second document (ignored), and a
// number with a fraction where a whole one is wanted (impact: 2.5 would read
// as 2). Parsing into nodes expands nothing, so a hostile bank is refused in
// the time it takes to read it. Banks are written by hand and need none of
// these.
func checkBankYAML(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("%w: %w", ErrBankYAML, err)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		return fmt.Errorf("%w: line %d: a second YAML document; a bank is one document (remove the ---)", ErrBankYAML, extra.Line)
	case !errors.Is(err, io.EOF):
		return fmt.Errorf("%w: %w", ErrBankYAML, err)
	}
	var walk func(n *yaml.Node) error
	walk = func(n *yaml.Node) error {
		if n.Kind == yaml.AliasNode {
			return fmt.Errorf("%w: line %d: alias *%s: a bank may not use YAML aliases; write the text out", ErrBankYAML, n.Line, n.Value)
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "impact" && v.Kind == yaml.ScalarNode && v.ShortTag() != "!!int" {
					return fmt.Errorf("%w: line %d: impact: %s is not a whole number 1, 2 or 3", ErrBankYAML, v.Line, v.Value)
				}
			}
		}
		for _, c := range n.Content {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(&doc)
}
