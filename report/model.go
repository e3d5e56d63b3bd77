// Package report writes what leaves the app: the remediation-plan PDF that
// leadership reads on paper, the paper questionnaire, and spreadsheets (XLSX
// and CSV) of answers and plan, which it can also read back. For the report,
// Build turns an assessment into a Model of plain, already formatted values;
// Render draws a Model with gofpdf to any writer (callers put it on
// disk with storage.WriteFileAtomic). The split keeps every decision about
// content testable as JSON.
package report

import (
	"fmt"
	"strings"
	"time"
)

// Paper is the page size of the PDF.
type Paper string

// The paper sizes Render knows.
const (
	A4     Paper = "a4"
	Letter Paper = "letter"
)

// ParsePaper reads a paper size name; the empty string means A4.
func ParsePaper(s string) (Paper, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "a4":
		return A4, nil
	case "letter", "us-letter", "usletter":
		return Letter, nil
	}
	return "", fmt.Errorf("unknown paper size %q (want a4 or letter)", s)
}

// Model is everything the PDF shows, computed and formatted, in the order the
// document shows it.
type Model struct {
	Title       string    `json:"title"`
	Company     string    `json:"company"`
	PreparedBy  string    `json:"prepared_by"`
	ReportType  string    `json:"report_type"` // "SOC 2 Type II"
	PeriodLabel string    `json:"period_label"`
	Period      string    `json:"period"` // "as of 1 Mar 2027" or "1 Sep 2026 to 1 Mar 2027, 6 months"
	Categories  string    `json:"categories"`
	Bank        string    `json:"bank"`
	Generated   string    `json:"generated"`    // the generation date as printed
	GeneratedAt time.Time `json:"generated_at"` // the PDF's creation date

	Materiality string `json:"materiality"` // the chance from which an exception counts as likely

	Summary    Summary      `json:"summary"`
	Method     []MethodPart `json:"method"`
	Samples    []SampleRow  `json:"samples"` // the populations the forecast sampled from
	Progress   *Progress    `json:"progress,omitempty"`
	Exceptions []Exception  `json:"exceptions"`
	Plan       Plan         `json:"plan"`
	Responses  []Response   `json:"responses,omitempty"`
	Mock       *MockSection `json:"mock,omitempty"` // the mock audit, once a list is imported
	Areas      []AreaDetail `json:"areas"`
	Coverage   []Criterion  `json:"coverage"`
}

// Summary is the one-page executive summary.
type Summary struct {
	Verdict string `json:"verdict"` // the verdict in words
	Level   string `json:"level"`   // ready, nearly_ready, not_ready or incomplete: picks the colour
	Reason  string `json:"reason"`
	// Opinion is the forecast opinion in words, with its reason and the
	// criteria behind it; it leads the summary.
	Opinion       string         `json:"opinion"`
	OpinionReason string         `json:"opinion_reason"`
	AtRisk        []CriterionRow `json:"at_risk"`
	ExpectedRange string         `json:"expected_range"` // "3–8"
	Recommend     string         `json:"recommend"`      // the report type and period to aim for
	Impact        string         `json:"impact"`         // what the forecast means for the business
	Coverage      string         `json:"coverage"`       // "Forecast over 93 of 110 questions answered."
	Readiness     string         `json:"readiness"`      // 0–100
	CleanChance   string         `json:"clean_chance"`
	Expected      string         `json:"expected"`
	Answered      string         `json:"answered"` // "120 of 150"
	Areas         []Bar          `json:"areas"`
	Top           []Exception    `json:"top"` // the five most serious likely exceptions
	More          int            `json:"more"`
	Effort        Effort         `json:"effort"`
	Deadline      string         `json:"deadline"` // one sentence on the time left
	// NothingApplies is set when no question applies, so there is nothing to
	// forecast.
	NothingApplies bool `json:"nothing_applies,omitempty"`
}

// MethodPart is one headed paragraph of the method-and-limits page.
type MethodPart struct {
	Heading string `json:"heading"`
	Text    string `json:"text"`
}

// SampleRow is one population: how many in the period, where the figure
// comes from, and the sample an auditor draws from it.
type SampleRow struct {
	Population string `json:"population"` // "Leavers"
	Given      string `json:"given"`      // "5 a year (given)", "about 3 a year (from 20 people)"
	InPeriod   string `json:"in_period"`
	Sample     string `json:"sample"`
}

// CriterionRow is one criterion at risk: its ID, its state in words and why.
type CriterionRow struct {
	ID     string `json:"id"`
	State  string `json:"state"`
	Key    bool   `json:"key,omitempty"` // not met, or a key control missing: it drives the opinion
	Reason string `json:"reason"`
}

// Bar is one bar of the readiness chart.
type Bar struct {
	Name     string  `json:"name"`
	Value    float64 `json:"value"` // 0–100, the bar length
	Label    string  `json:"label"` // the number printed next to the bar
	Band     string  `json:"band"`  // ready, nearly_ready or not_ready: the bar's colour and pattern
	Answered string  `json:"answered"`
}

// Effort is the remaining remediation work.
type Effort struct {
	Small      int    `json:"small"`
	Medium     int    `json:"medium"`
	Large      int    `json:"large"`
	Open       int    `json:"open"`       // open remediation actions
	Unanswered int    `json:"unanswered"` // questions to answer first
	DaysLow    int    `json:"days_low"`
	DaysHigh   int    `json:"days_high"`
	Headline   string `json:"headline"`  // "34 open actions · roughly 120–380 person-days"
	Breakdown  string `json:"breakdown"` // "12 small (up to 2 days) · …"
}

// Progress compares now with the latest earlier snapshot.
type Progress struct {
	Since         string `json:"since"`
	Label         string `json:"label,omitempty"`
	ReadinessThen string `json:"readiness_then"`
	ReadinessNow  string `json:"readiness_now"`
	Change        string `json:"change"` // "+14", "−3" or "no change"
	ExpectedThen  string `json:"expected_then"`
	ExpectedNow   string `json:"expected_now"`
	AnsweredThen  string `json:"answered_then"`
	AnsweredNow   string `json:"answered_now"`
	Text          string `json:"text"`
}

// Exception is one likely exception.
type Exception struct {
	Rank        int     `json:"rank"`
	ID          string  `json:"id"`
	Title       string  `json:"title"`
	Area        string  `json:"area"`
	Probability float64 `json:"probability"`
	Chance      string  `json:"chance"` // "85%"
	Impact      string  `json:"impact"` // "High", "Medium" or "Low"
	Criteria    string  `json:"criteria"`
	Kind        string  `json:"kind"` // "Missing control", "Missed occurrences", "Proof missing", "Partly in place"
	Reason      string  `json:"reason"`
}

// Plan is the prioritised remediation plan and its timeline.
type Plan struct {
	Today         string    `json:"today"`
	Deadline      string    `json:"deadline"`
	DeadlineLabel string    `json:"deadline_label"` // what the deadline is
	Note          string    `json:"note"`
	Actions       []Action  `json:"actions"`
	Timeline      Timeline  `json:"timeline"`
	Critical      string    `json:"critical,omitempty"` // the critical path in a sentence
	Load          LoadTable `json:"load"`
}

// LoadTable is the open remediation work per owner per month, in person-days
// at most, by the month the work starts.
type LoadTable struct {
	Months []string  `json:"months"` // "Jan 2027"
	Rows   []LoadRow `json:"rows"`
}

// LoadRow is one owner's work per month; "" where there is none.
type LoadRow struct {
	Owner string   `json:"owner"`
	Days  []string `json:"days"`
}

// Action is one row of the plan table.
type Action struct {
	Priority int      `json:"priority"`
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Action   string   `json:"action"`
	Answer   bool     `json:"answer,omitempty"`  // an "answer this first" row
	Respond  bool     `json:"respond,omitempty"` // a management response to a lapse inside the period
	Steps    []string `json:"steps"`
	After    string   `json:"after,omitempty"`    // "SO-04, GP-01": actions to finish first
	Critical bool     `json:"critical,omitempty"` // on the longest chain of dependent work
	Owner    string   `json:"owner"`
	Due      string   `json:"due"`
	Late     bool     `json:"late,omitempty"`
	Effort   string   `json:"effort"`
	Criteria string   `json:"criteria"`
	Status   string   `json:"status"`
	Chance   string   `json:"chance"`
}

// Timeline places the open actions between today and the deadline. Days
// count from Start; Span is the width of the axis in days.
type Timeline struct {
	Start       string        `json:"start"`
	End         string        `json:"end"`
	Span        int           `json:"span"`
	Today       int           `json:"today"`
	Deadline    int           `json:"deadline"` // -1 without a deadline
	Months      []Month       `json:"months"`
	Groups      []MonthGroups `json:"groups"`
	HiddenDone  int           `json:"hidden_done"`
	Description string        `json:"description"`
}

// Month is one band of the timeline axis.
type Month struct {
	Long  string `json:"long"`  // "Feb 2027"
	Short string `json:"short"` // "Feb"
	From  int    `json:"from"`
	To    int    `json:"to"`
}

// MonthGroups holds the target dates that fall in one month.
type MonthGroups struct {
	Month string     `json:"month"` // "February 2027"
	Count int        `json:"count"`
	Dates []DueGroup `json:"dates"`
}

// DueGroup is every open action with the same target date.
type DueGroup struct {
	Due        string `json:"due"`
	Day        int    `json:"day"`
	Count      int    `json:"count"`
	Priorities string `json:"priorities"` // "#1–5, #9"
	Effort     string `json:"effort"`     // "3 S, 2 M"
	Late       bool   `json:"late,omitempty"`
	Overdue    bool   `json:"overdue,omitempty"`
}

// Response is an exception response recorded by the user.
type Response struct {
	Question           string `json:"question"` // "AC-04 Quarterly access review"
	WhatHappened       string `json:"what_happened"`
	RootCause          string `json:"root_cause"`
	ImmediateSteps     string `json:"immediate_steps"`
	LongTermFix        string `json:"long_term_fix"`
	Owner              string `json:"owner"`
	ManagementResponse string `json:"management_response"`
	// Draft marks a response the report drafted for a lapse inside the
	// period that the company has not written yet.
	Draft bool `json:"draft,omitempty"`
}

// MockSection is the mock audit: the seed and each control's sample with
// its results.
type MockSection struct {
	Seed    uint64       `json:"seed"`
	Samples []MockSample `json:"samples"`
	Failed  int          `json:"failed"`
	Open    int          `json:"open"` // items not tested yet
}

// MockSample is one control's drawn sample.
type MockSample struct {
	ID    string     `json:"id"`
	Title string     `json:"title"`
	Owner string     `json:"owner"`
	Drawn string     `json:"drawn"` // "3 of 8 leavers in the period"
	Items []MockItem `json:"items"`
}

// MockItem is one sampled item and its test.
type MockItem struct {
	ID     string `json:"id"`
	Date   string `json:"date"`
	Result string `json:"result"` // "Pass", "Fail" or ""
	Note   string `json:"note,omitempty"`
}

// AreaDetail lists the answers of one area.
type AreaDetail struct {
	Name          string    `json:"name"`
	Summary       string    `json:"summary"` // "Readiness 72 · 12 of 14 answered"
	Questions     []Answer  `json:"questions"`
	NotApplicable []Omitted `json:"not_applicable,omitempty"`
}

// Answer is one applicable question with its answer: a row of the control
// matrix.
type Answer struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Statement   string `json:"statement"` // the control in the auditor's form
	Runs        string `json:"runs"`      // "per leaver", "quarterly", "automated"
	Sample      string `json:"sample"`    // "3 of 5 leavers", "" when nothing is tested
	Criteria    string `json:"criteria"`
	Status      string `json:"status"`
	Evidence    string `json:"evidence"`
	Consistency string `json:"consistency,omitempty"`
	Due         string `json:"due,omitempty"`
	Flagged     bool   `json:"flagged,omitempty"`
	Chance      string `json:"chance"`
	Owner       string `json:"owner"`
	Notes       string `json:"notes,omitempty"`
}

// Omitted is a question that does not apply, with the reason.
type Omitted struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Reason string `json:"reason"`
}

// Criterion is one row of the criteria matrix.
type Criterion struct {
	ID        string    `json:"id"`
	Subject   string    `json:"subject"`
	State     string    `json:"state"`  // "Met", "At risk", "Not met", "Not answered"
	Effect    string    `json:"effect"` // what it means for the opinion
	Questions []Covered `json:"questions"`
}

// Covered is a question that tests a criterion, and its state.
type Covered struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	State string `json:"state"` // "in place", "gap (85%)", "not answered", …
}
