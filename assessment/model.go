package assessment

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Status says whether a control exists.
type Status string

// Answer statuses, worst first.
const (
	Missing       Status = "missing"
	Planned       Status = "planned"
	Partial       Status = "partial"
	Implemented   Status = "implemented"
	NotApplicable Status = "not_applicable" // needs a reason: auditors ask for it
)

// Statuses lists the statuses in the order the questionnaire offers them.
var Statuses = []Status{Implemented, Partial, Planned, Missing, NotApplicable}

// EvidenceLevel says whether proof exists for every occurrence of a control.
type EvidenceLevel string

// Evidence levels, worst first.
const (
	EvidenceNone     EvidenceLevel = "none"
	EvidencePartial  EvidenceLevel = "partial"
	EvidenceComplete EvidenceLevel = "complete"
)

// EvidenceLevels lists the levels in the order the questionnaire offers them.
var EvidenceLevels = []EvidenceLevel{EvidenceComplete, EvidencePartial, EvidenceNone}

// Consistency says how reliably a recurring control actually ran over the
// observation period.
type Consistency string

// Consistency levels, worst first.
const (
	Rarely    Consistency = "rarely"
	Sometimes Consistency = "sometimes"
	Mostly    Consistency = "mostly"
	Always    Consistency = "always"
)

// Consistencies lists the levels in the order the questionnaire offers them.
var Consistencies = []Consistency{Always, Mostly, Sometimes, Rarely}

// Answer is what the company says about one question. The zero value is
// "not answered".
type Answer struct {
	Status      Status        `json:"status,omitempty"`
	Evidence    EvidenceLevel `json:"evidence,omitempty"`
	Consistency Consistency   `json:"consistency,omitempty"`
	NAReason    string        `json:"na_reason,omitempty"`
	Owner       string        `json:"owner,omitempty"`
	Due         Date          `json:"due,omitzero"`
	Notes       string        `json:"notes,omitempty"`
	Flag        bool          `json:"flag,omitempty"` // "ask again / unsure"
	// Missed is how many occurrences in the period were missed or lack
	// proof, when the company counted them; it replaces the estimate that
	// Consistency gives.
	Missed Count `json:"missed,omitzero"`
	// Changed is when the answer last changed; merges keep the newest.
	Changed time.Time `json:"changed,omitzero"`
}

// Answered reports whether the question has a status.
func (a Answer) Answered() bool { return a.Status != "" }

// empty reports whether the answer says nothing, whenever it changed.
func (a Answer) empty() bool {
	a.Changed = time.Time{}
	return a == Answer{}
}

// Summary is the answer's values in one word, as in
// "implemented/complete/mostly", or "no answer".
func (a Answer) Summary() string {
	var parts []string
	for _, v := range []string{string(a.Status), string(a.Evidence), string(a.Consistency)} {
		if v != "" {
			parts = append(parts, v)
		}
	}
	if a.Missed.Known {
		parts = append(parts, fmt.Sprintf("%d missed", a.Missed.N))
	}
	if len(parts) == 0 {
		return "no answer"
	}
	return strings.Join(parts, "/")
}

// ReportType is the kind of SOC 2 report the company is preparing for.
type ReportType string

// Report types.
const (
	Type1 ReportType = "type1" // design and implementation as of one date
	Type2 ReportType = "type2" // operating effectiveness over a period
)

// Scope says what the audit will cover and when.
type Scope struct {
	ReportType ReportType `json:"report_type"`
	Categories []Category `json:"categories"`
	// AuditDate is the "as of" date of a Type I report, or the last day of a
	// Type II observation period.
	AuditDate Date `json:"audit_date,omitzero"`
	// PeriodStart is the first day of a Type II observation period. When it is
	// zero it is derived from AuditDate and PeriodMonths.
	PeriodStart  Date `json:"period_start,omitzero"`
	PeriodMonths int  `json:"period_months,omitempty"`
}

// InScope reports whether a category is covered; Security always is.
func (s Scope) InScope(c Category) bool {
	if c == Security {
		return true
	}
	for _, x := range s.Categories {
		if x == c {
			return true
		}
	}
	return false
}

// Summary says what the audit covers in a few words, as in
// "Type II · 6 months from 2027-03-01 · security, availability".
func (s Scope) Summary() string {
	var when string
	switch {
	case s.ReportType == Type2 && !s.Start().IsZero():
		when = fmt.Sprintf("Type II · %d months from %s", s.Months(), s.Start())
	case s.ReportType == Type2:
		when = fmt.Sprintf("Type II · %d months", s.Months())
	case !s.AuditDate.IsZero():
		when = "Type I · as of " + s.AuditDate.String()
	default:
		when = "Type I"
	}
	var cats []string
	for _, c := range Categories {
		if s.InScope(c) {
			cats = append(cats, string(c))
		}
	}
	return when + " · " + strings.Join(cats, ", ")
}

// Deadline is the date by which controls must be operating: the audit date for
// Type I, the start of the observation period for Type II.
func (s Scope) Deadline() Date {
	if s.ReportType == Type2 {
		return s.Start()
	}
	return s.AuditDate
}

// Start is the Type II observation-period start (or the Type I audit date).
func (s Scope) Start() Date {
	if s.ReportType != Type2 {
		return s.AuditDate
	}
	if !s.PeriodStart.IsZero() {
		return s.PeriodStart
	}
	if s.AuditDate.IsZero() {
		return Date{}
	}
	return s.AuditDate.AddDays(1).AddMonths(-s.Months())
}

// End is the last day of a Type II observation period (or the Type I audit
// date); zero when no date is set.
func (s Scope) End() Date {
	if s.ReportType != Type2 || !s.AuditDate.IsZero() {
		return s.AuditDate
	}
	if s.PeriodStart.IsZero() {
		return Date{}
	}
	return s.PeriodStart.AddMonths(s.Months()).AddDays(-1)
}

// Months is the observation period length, defaulting to 6 for a first Type II.
func (s Scope) Months() int {
	if s.PeriodMonths > 0 {
		return s.PeriodMonths
	}
	return DefaultPeriodMonths
}

// Profile describes the company: the conditions that switch questions off
// and the sizes of the populations an auditor samples from. A condition that
// is not set counts as true, so nothing is hidden by default. In files it is
// one object: each condition a key, and "population" beside them.
type Profile struct {
	Conditions map[string]bool
	Population Population
}

// ProfileConditions are the names a question's applies_if may use, with the
// question the new-assessment screen asks for each.
var ProfileConditions = []ProfileCondition{
	{"employees", "Do you have staff beyond the founders (employees or contractors)?"},
	{"office", "Do you have a physical office that the company controls?"},
	{"personal_data", "Do you collect or store personal data about individuals?"},
	{"develops_software", "Do you build and deploy your own software?"},
	{"own_infrastructure", "Do you run your own servers or data center (not only cloud services)?"},
	{"company_devices", "Does the company issue laptops or other devices to staff?"},
}

// ProfileCondition is one company-profile condition.
type ProfileCondition struct {
	Key      string
	Question string
}

// Holds reports whether a profile condition is true (unset means true).
func (p Profile) Holds(key string) bool {
	v, ok := p.Conditions[key]
	return !ok || v
}

// Response records how the company answers an exception, forecast or real:
// the text that goes into the SOC 2 report next to it.
type Response struct {
	ID                 string    `json:"id"`
	Question           string    `json:"question"`
	WhatHappened       string    `json:"what_happened"`
	RootCause          string    `json:"root_cause"`
	ImmediateSteps     string    `json:"immediate_steps"`
	LongTermFix        string    `json:"long_term_fix"`
	Owner              string    `json:"owner,omitempty"`
	ManagementResponse string    `json:"management_response"`
	Updated            time.Time `json:"updated,omitzero"`
}

// EvidenceRecord says that the evidence for one control was collected, when,
// and where it is kept (a file path or a link). The zero value means nothing
// is collected yet.
type EvidenceRecord struct {
	Collected Date      `json:"collected,omitzero"`
	Reference string    `json:"reference,omitempty"`
	Changed   time.Time `json:"changed,omitzero"`
}

// IsZero reports an empty record: nothing collected, no reference.
func (e EvidenceRecord) IsZero() bool { return e.Collected.IsZero() && e.Reference == "" }

// PlanStatus is the progress of a remediation action.
type PlanStatus string

// Plan statuses.
const (
	PlanTodo       PlanStatus = "todo"
	PlanInProgress PlanStatus = "in_progress"
	PlanDone       PlanStatus = "done"
)

// PlanStatuses lists the plan statuses in display order.
var PlanStatuses = []PlanStatus{PlanTodo, PlanInProgress, PlanDone}

// PlanEdit is what the user changed on a plan row; empty fields keep the
// computed value.
type PlanEdit struct {
	Owner  string     `json:"owner,omitempty"`
	Due    Date       `json:"due,omitzero"`
	Status PlanStatus `json:"status,omitempty"`
}

// Snapshot is a point in an assessment's history of scores.
type Snapshot struct {
	Taken       time.Time          `json:"taken"`
	Label       string             `json:"label,omitempty"`
	Readiness   float64            `json:"readiness"`
	Expected    float64            `json:"expected_exceptions"`
	CleanChance float64            `json:"clean_report_probability"`
	Verdict     Verdict            `json:"verdict"`
	Opinion     Opinion            `json:"opinion,omitempty"`
	Answered    int                `json:"answered"`
	Applicable  int                `json:"applicable"`
	Areas       map[string]float64 `json:"areas,omitempty"`
	// Probabilities holds each applicable question's P(exception), so two
	// snapshots can say which likely exceptions appeared or disappeared.
	Probabilities map[string]float64 `json:"probabilities,omitempty"`
}

// Assessment is one company's readiness assessment.
type Assessment struct {
	ID         string              `json:"id,omitempty"`
	Company    string              `json:"company"`
	PreparedBy string              `json:"prepared_by,omitempty"`
	Profile    Profile             `json:"profile,omitzero"`
	Scope      Scope               `json:"scope"`
	Bank       BankRef             `json:"bank"`
	Answers    map[string]Answer   `json:"answers"`
	Plan       map[string]PlanEdit `json:"plan,omitempty"`
	Responses  []Response          `json:"responses,omitempty"`
	// Evidence records, per question, what has been collected for the
	// auditor's evidence request: a reference, never the file itself.
	Evidence map[string]EvidenceRecord `json:"evidence,omitempty"`
	// Lists are the populations the company imported (leavers from HR,
	// changes from git): the forecast counts them instead of estimating, and
	// the mock audit draws its samples from them.
	Lists   map[PopulationKind]PopulationList `json:"lists,omitempty"`
	Mock    MockAudit                         `json:"mock_audit,omitzero"`
	History []Snapshot                        `json:"history,omitempty"`
	Created time.Time                         `json:"created,omitzero"`
	Updated time.Time                         `json:"updated,omitzero"`
}

// SameCompany reports whether two company names name the same company:
// equal but for case and surrounding spaces.
func SameCompany(x, y string) bool {
	return strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(y))
}

// Applies reports whether a question counts for this assessment: not retired,
// its category in scope and its profile condition met.
func (a *Assessment) Applies(q Question) bool {
	if q.Retired || !a.Scope.InScope(q.Category) {
		return false
	}
	if q.AppliesIf == "" {
		return true
	}
	key, negated := q.AppliesIf, false
	if key[0] == '!' {
		key, negated = key[1:], true
	}
	return a.Profile.Holds(key) != negated
}

// Date is a calendar day without a time zone, written as YYYY-MM-DD.
type Date struct{ time.Time }

// DateLayout is how dates are written in files and on screen.
const DateLayout = "2006-01-02"

// ParseDate reads a YYYY-MM-DD date; the empty string is the zero date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// String returns YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return Date{d.AddDate(0, 0, n)} }

// AddMonths returns the date n months later.
func (d Date) AddMonths(n int) Date { return Date{d.AddDate(0, n, 0)} }

// MarshalJSON writes "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "YYYY-MM-DD" or "".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be a string YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
