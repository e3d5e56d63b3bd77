// Package assessment is the domain of soc2ready: the question bank, a company's
// answers and scope, the exception forecast and the remediation plan. It knows
// nothing about files, databases, PDFs or widgets.
package assessment

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Category is a Trust Services Category. Security is always in scope.
type Category string

// The five Trust Services Categories.
const (
	Security            Category = "security"
	Availability        Category = "availability"
	Confidentiality     Category = "confidentiality"
	ProcessingIntegrity Category = "processing_integrity"
	Privacy             Category = "privacy"
)

// Categories lists every category in the order reports show them.
var Categories = []Category{Security, Availability, Confidentiality, ProcessingIntegrity, Privacy}

// Frequency says how often a control runs; it drives the auditor's sample size.
type Frequency string

// Control frequencies, from design.md.
const (
	Continuous Frequency = "continuous" // automated or a configuration
	PerEvent   Frequency = "per_event"  // each hire, leaver, change, incident
	Daily      Frequency = "daily"
	Weekly     Frequency = "weekly"
	Monthly    Frequency = "monthly"
	Quarterly  Frequency = "quarterly"
	Annual     Frequency = "annual"
	Once       Frequency = "once" // a document or a setup that exists or not
)

// Recurring reports whether the control operates repeatedly over an
// observation period, so that a Type II auditor samples its occurrences.
func (f Frequency) Recurring() bool { return f != Once && f != "" }

// Effort is the rough size of a remediation action.
type Effort string

// Effort sizes: S ≤ 2 days, M ≤ 2 weeks, L > 2 weeks.
const (
	EffortS Effort = "S"
	EffortM Effort = "M"
	EffortL Effort = "L"
)

// Remediation says how to close a gap found by a question.
type Remediation struct {
	Action    string   `yaml:"action" json:"action"`
	Steps     []string `yaml:"steps" json:"steps"`
	Effort    Effort   `yaml:"effort" json:"effort"`
	OwnerRole string   `yaml:"owner_role" json:"owner_role"`
}

// Question is one control the assessment asks about. Its ID is stable forever:
// answers are keyed by it.
type Question struct {
	ID          string      `yaml:"id" json:"id"`
	Area        string      `yaml:"area" json:"area"`
	Category    Category    `yaml:"category" json:"category"`
	Title       string      `yaml:"title" json:"title"`
	Prompt      string      `yaml:"prompt" json:"prompt"`
	Help        string      `yaml:"help" json:"help"`
	Evidence    string      `yaml:"evidence" json:"evidence"`
	Criteria    []string    `yaml:"criteria" json:"criteria"`
	Frequency   Frequency   `yaml:"frequency" json:"frequency"`
	Impact      int         `yaml:"impact" json:"impact"`
	Remediation Remediation `yaml:"remediation" json:"remediation"`
	// AppliesIf names a profile condition (see ProfileConditions), optionally
	// negated with a leading "!". Empty means the question always applies.
	AppliesIf string `yaml:"applies_if,omitempty" json:"applies_if,omitempty"`
	// Retired questions stay in the bank so old answers keep their meaning,
	// but new assessments do not ask them and the forecast ignores them.
	Retired bool `yaml:"retired,omitempty" json:"retired,omitempty"`
	// Population names the list a per-event or per-person control is
	// sampled from (leavers for access removal, headcount for training).
	Population PopulationKind `yaml:"population,omitempty" json:"population,omitempty"`
	// Practice is "required" (a criterion needs it; the default) or
	// "recommended" (good practice no criterion requires: it raises readiness
	// but never puts a criterion at risk nor counts as an exception).
	Practice Practice `yaml:"practice,omitempty" json:"practice"`
	// Group links questions that test one control from different angles, so
	// one lapse counts as one finding.
	Group string `yaml:"group,omitempty" json:"group,omitempty"`
	// ITGC marks a general IT control (change management, logical access to
	// production) that automated controls rely on.
	ITGC bool `yaml:"itgc,omitempty" json:"itgc,omitempty"`
	// SourceOf names the populations whose complete list this control keeps:
	// without the list the auditor cannot draw a sample.
	SourceOf []PopulationKind `yaml:"source_of,omitempty" json:"source_of,omitempty"`
	// Control is the control as an auditor writes it in a control matrix:
	// "The company requires multi-factor authentication for …". Optional in
	// custom banks; the title stands in for it.
	Control string `yaml:"control,omitempty" json:"control,omitempty"`
	// DependsOn lists the questions whose remediation must come first (a
	// policy before the training on it, the staff list before the sampled
	// leaver control); the bank's dependencies form no cycle.
	DependsOn []string `yaml:"depends_on,omitempty" json:"depends_on,omitempty"`
}

// ControlStatement is the control in the auditor's form, or its title.
func (q Question) ControlStatement() string {
	if q.Control != "" {
		return q.Control
	}
	return q.Title
}

// Practice says whether a criterion requires a control.
type Practice string

// Practices.
const (
	Required    Practice = "required"
	Recommended Practice = "recommended"
)

// Automated reports whether the control is a configuration or an automated
// control, which an auditor tests once if the IT general controls hold.
func (q Question) Automated() bool { return q.Frequency == Continuous }

// Area groups questions the way the questionnaire shows them.
type Area struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
}

// Bank is a versioned question bank.
type Bank struct {
	ID        string     `yaml:"id" json:"id"`
	Version   string     `yaml:"version" json:"version"`
	Areas     []Area     `yaml:"areas" json:"areas"`
	Questions []Question `yaml:"questions" json:"questions"`

	byID map[string]int
}

// ParseBank reads a bank from YAML (JSON is valid YAML too) and validates it.
// Unknown fields are errors, so that a typo in a custom bank is caught.
func ParseBank(data []byte) (*Bank, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var b Bank
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("read question bank: %w", err)
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	for i := range b.Questions {
		if b.Questions[i].Practice == "" {
			b.Questions[i].Practice = Required
		}
	}
	b.index()
	return &b, nil
}

func (b *Bank) index() {
	b.byID = make(map[string]int, len(b.Questions))
	for i, q := range b.Questions {
		b.byID[q.ID] = i
	}
}

// Question returns the question with the given ID. A bank from ParseBank
// looks it up in its index; one built by hand is searched (never indexed
// lazily, so concurrent readers never write).
func (b *Bank) Question(id string) (Question, bool) {
	if b.byID == nil {
		for _, q := range b.Questions {
			if q.ID == id {
				return q, true
			}
		}
		return Question{}, false
	}
	i, ok := b.byID[id]
	if !ok {
		return Question{}, false
	}
	return b.Questions[i], true
}

// AreaName returns the display name of an area ID, or the ID itself.
func (b *Bank) AreaName(id string) string {
	for _, a := range b.Areas {
		if a.ID == id {
			return a.Name
		}
	}
	return id
}

// Ref identifies a bank version; an assessment records the one it was made with.
func (b *Bank) Ref() BankRef { return BankRef{ID: b.ID, Version: b.Version} }

// BankRef names a bank and its version.
type BankRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}
