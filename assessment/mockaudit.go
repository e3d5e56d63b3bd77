package assessment

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// A mock audit tests the auditor's sample before the auditor does: the
// company's own lists (leavers from HR, changes from git, vendors from
// finance) are imported as populations, the sample an auditor would draw is
// drawn from the items inside the period, reproducibly from a recorded seed,
// and each sampled item is marked pass or fail. A failure is a deviation
// found: the forecast takes it as an exception for certain.

// ListItem is one occurrence of a population: an identifier and its date.
type ListItem struct {
	ID   string `json:"id"`
	Date Date   `json:"date"`
}

// PopulationList is a list the company imported for one population.
type PopulationList struct {
	Source   string     `json:"source,omitempty"` // the file it came from
	Imported time.Time  `json:"imported,omitzero"`
	Items    []ListItem `json:"items"`
}

// InPeriod returns the items dated inside the scope's period (Type II), or
// on or before the audit date within a year (Type I), in date order. The
// items must be sorted (SortItems): the period is found by binary search and
// returned as a part of the list, not a copy, since the forecast asks for it
// on every change and a list may hold 100,000 changes.
func (l PopulationList) InPeriod(s Scope) []ListItem {
	from, to := s.Start(), s.End()
	if s.ReportType != Type2 && !to.IsZero() {
		from = to.AddMonths(-12).AddDays(1)
	}
	lo, hi := 0, len(l.Items)
	if !from.IsZero() {
		lo = sort.Search(len(l.Items), func(i int) bool { return !l.Items[i].Date.Before(from.Time) })
	}
	if !to.IsZero() {
		hi = sort.Search(len(l.Items), func(i int) bool { return l.Items[i].Date.After(to.Time) })
	}
	if lo >= hi {
		return nil
	}
	return l.Items[lo:hi:hi]
}

// SortItems puts a list's items in date order, then by ID, as InPeriod
// needs them; every list made or read is sorted once.
func SortItems(items []ListItem) {
	less := func(i, j int) bool {
		if !items[i].Date.Equal(items[j].Date.Time) {
			return items[i].Date.Before(items[j].Date.Time)
		}
		return items[i].ID < items[j].ID
	}
	if !sort.SliceIsSorted(items, less) { // a stored list is, and costs one pass
		sort.Slice(items, less)
	}
}

// RowError is a problem in one row of an imported list (row 1 is the header).
type RowError struct {
	Row     int
	Problem string
}

func (e RowError) Error() string { return fmt.Sprintf("row %d: %s", e.Row, e.Problem) }

// MaxListRows bounds one list: a small company's year of changes fits many
// times over.
const MaxListRows = 200_000

// The column names a list's identifier and date are looked for under, in
// order, when the user names none (lower case, compared trimmed).
var (
	idColumns   = []string{"id", "identifier", "email", "user", "username", "employee", "name", "ticket", "key", "change", "commit", "sha", "hash", "vendor", "incident", "number"}
	dateColumns = []string{"date", "left", "leaving date", "last day", "end date", "termination date", "start date", "joined", "hire date", "merged", "merged at", "deployed", "deployed at", "created", "created at", "opened", "reported", "timestamp", "time"}
)

// ParseList reads a CSV list with a header row: each row an item with an
// identifier and a date, in the columns named (or found by their header
// names). Dates may be ISO (2027-03-01, with or without a time), day first
// (01/03/2027, 01.03.2027), month first (03/01/2027, when the file's dates
// show it), or written out (1 Mar 2027, Mar 1, 2027). Every bad row and every
// repeated identifier is reported; the list is returned only when there is
// none.
func ParseList(data []byte, idCol, dateCol string) ([]ListItem, []RowError, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("read the header row: %w", err)
	}
	idIdx, err := column(header, idCol, idColumns, "identifier", "--id-column")
	if err != nil {
		return nil, nil, err
	}
	dateIdx, err := column(header, dateCol, dateColumns, "date", "--date-column")
	if err != nil {
		return nil, nil, err
	}
	type raw struct {
		row      int
		id, date string
	}
	var rows []raw
	var errs []RowError
	for n := 2; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, RowError{n, err.Error()})
			continue
		}
		if len(rows) >= MaxListRows {
			return nil, nil, fmt.Errorf("more than %d rows: a list this long is not a small company's", MaxListRows)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		get := func(i int) string {
			if i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		rows = append(rows, raw{n, get(idIdx), get(dateIdx)})
	}
	dates := make([]string, len(rows))
	for i, x := range rows {
		dates[i] = x.date
	}
	monthFirst := monthFirstDates(dates)
	seen := map[string]int{}
	var items []ListItem
	for _, x := range rows {
		switch {
		case x.id == "":
			errs = append(errs, RowError{x.row, "the identifier is empty"})
			continue
		case seen[x.id] > 0:
			errs = append(errs, RowError{x.row, fmt.Sprintf("%q is listed twice (first on row %d)", x.id, seen[x.id])})
			continue
		}
		seen[x.id] = x.row
		if err := CheckLength("identifier", x.id, MaxNameLength); err != nil {
			errs = append(errs, RowError{x.row, err.Error()})
			continue
		}
		d, err := parseListDate(x.date, monthFirst)
		if err != nil {
			errs = append(errs, RowError{x.row, err.Error()})
			continue
		}
		items = append(items, ListItem{ID: x.id, Date: d})
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	if len(items) == 0 {
		return nil, nil, errors.New("the list has no rows")
	}
	SortItems(items)
	return items, nil, nil
}

// column finds a column by the name given, or by the first known name.
func column(header []string, named string, known []string, what, flag string) (int, error) {
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = strings.ToLower(strings.TrimSpace(h))
	}
	if named != "" {
		for i, h := range norm {
			if h == strings.ToLower(strings.TrimSpace(named)) {
				return i, nil
			}
		}
		return 0, fmt.Errorf("no column %q in the header (%s)", named, strings.Join(header, ", "))
	}
	for _, k := range known {
		for i, h := range norm {
			if h == k {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("no %s column found in the header (%s): name it with %s", what, strings.Join(header, ", "), flag)
}

// monthFirstDates decides how a file writes n/n/yyyy dates: month first only
// when some date can only be read that way (13/01 is day first; 01/13 month
// first); day first otherwise, as most of the world writes them.
func monthFirstDates(dates []string) bool {
	for _, s := range dates {
		var a, b, y int
		if n, _ := fmt.Sscanf(s, "%d/%d/%d", &a, &b, &y); n == 3 {
			if a > 12 {
				return false
			}
			if b > 12 {
				return true
			}
		}
	}
	return false
}

var listDateLayouts = []string{
	"2006-01-02", time.RFC3339, "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04",
	"2006/01/02", "02.01.2006", "2.1.2006", "2 Jan 2006", "02 Jan 2006", "2 January 2006", "Jan 2, 2006", "January 2, 2006",
}

// parseListDate reads one date of a list.
func parseListDate(s string, monthFirst bool) (Date, error) {
	if s == "" {
		return Date{}, errors.New("the date is empty")
	}
	layouts := listDateLayouts
	if monthFirst {
		layouts = append(layouts, "01/02/2006", "1/2/2006")
	} else {
		layouts = append(layouts, "02/01/2006", "2/1/2006")
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			d := DateOf(t)
			if err := CheckYear(d); err != nil {
				return Date{}, err
			}
			return d, nil
		}
	}
	return Date{}, fmt.Errorf("%q is not a date (write 2027-03-01, 01/03/2027 or 1 Mar 2027)", s)
}

// MockAudit is the company's own test of the auditor's sample: the seed it
// was drawn with, and the result of each sampled item, per question.
type MockAudit struct {
	Seed    uint64                             `json:"seed,omitempty"`
	Results map[string]map[string]SampleResult `json:"results,omitempty"`
}

// IsZero reports a mock audit that was never started.
func (m MockAudit) IsZero() bool { return m.Seed == 0 && len(m.Results) == 0 }

// SampleResult is the test of one sampled item.
type SampleResult struct {
	Result   string    `json:"result"` // pass or fail
	Note     string    `json:"note,omitempty"`
	Evidence string    `json:"evidence,omitempty"` // a path or a link
	Recorded time.Time `json:"recorded,omitzero"`
}

// Sample results.
const (
	ResultPass = "pass"
	ResultFail = "fail"
)

// Check reports a result that is neither pass nor fail, or a text too long.
func (r SampleResult) Check() error {
	if r.Result != ResultPass && r.Result != ResultFail {
		return fmt.Errorf("result: %q is not pass or fail", r.Result)
	}
	return checkLengths(textField{"note", r.Note, MaxTextLength}, textField{"evidence", r.Evidence, MaxTextLength})
}

// DefaultSeed draws the sample until the company records a seed of its own.
const DefaultSeed = 1

// Sample is the auditor's sample of one control, drawn from its list.
type Sample struct {
	Question   Question
	Population PopulationKind
	InPeriod   int // items of the list inside the period
	Items      []SampledItem
}

// SampledItem is one drawn item with its result, if recorded.
type SampledItem struct {
	ListItem
	Result SampleResult
}

// DrawSamples draws, for every applicable control whose population has a
// list, the sample an auditor would draw (PopulationSample of the items in
// the period), without repeats, reproducibly: the same seed, list and period
// draw the same items. Each control gets its own stream, so adding a list
// does not change another control's sample.
func DrawSamples(b *Bank, a *Assessment) []Sample {
	seed := a.Mock.Seed
	if seed == 0 {
		seed = DefaultSeed
	}
	var out []Sample
	for _, q := range b.Questions {
		l, ok := a.Lists[q.Population]
		if !ok || q.Population == "" || !a.Applies(q) || a.Answers[q.ID].Status == NotApplicable {
			continue
		}
		items := l.InPeriod(a.Scope)
		n := PopulationSample(len(items))
		// linked questions test one control: the auditor draws one sample
		stream := q.ID
		if q.Group != "" {
			stream = "group:" + q.Group
		}
		h := fnv.New64a()
		h.Write([]byte(stream))
		rng := rand.New(rand.NewPCG(seed, h.Sum64()))
		perm := rng.Perm(len(items))[:n]
		sort.Ints(perm) // in date order, as an auditor lists them
		s := Sample{Question: q, Population: q.Population, InPeriod: len(items)}
		for _, i := range perm {
			s.Items = append(s.Items, SampledItem{ListItem: items[i], Result: a.Mock.Results[q.ID][items[i].ID]})
		}
		out = append(out, s)
	}
	return out
}

// mockFindings is, per question, what the mock audit found: the first failed
// item, or "" with all drawn items passed.
type mockFinding struct {
	failed string // the ID of a failed item
	passed int    // items tested and passed
	drawn  int
}

func mockFindings(b *Bank, a *Assessment) map[string]mockFinding {
	out := map[string]mockFinding{}
	if len(a.Mock.Results) == 0 {
		return out
	}
	for _, s := range DrawSamples(b, a) {
		f := mockFinding{drawn: len(s.Items)}
		for _, it := range s.Items {
			switch it.Result.Result {
			case ResultFail:
				if f.failed == "" {
					f.failed = it.ID
				}
			case ResultPass:
				f.passed++
			}
		}
		if f.failed != "" || f.passed > 0 {
			out[s.Question.ID] = f
		}
	}
	return out
}

// observed applies a mock audit's result to a control tested over the
// period: a failure in the auditor's sample size is an exception for
// certain; a whole sample passed leaves misses only among the untested
// occurrences.
func (f mockFinding) observed(it *Item) {
	switch {
	case f.failed != "":
		it.Probability, it.Finding = 1, FindingOperating
	case f.passed == f.drawn && it.PopulationSize > 0:
		left := float64(it.PopulationSize-f.drawn) / float64(it.PopulationSize)
		it.Misses *= math.Max(0, left)
		it.Probability = catchChance(it.PopulationSize, it.Misses, populationSample(it.PopulationSize))
	}
}

// check reports a result for a question the bank lacks, or a bad result.
func (m MockAudit) check(b *Bank, made BankRef) error {
	if err := CheckCount("results", len(m.Results), MaxQuestions, "questions"); err != nil {
		return err
	}
	for _, q := range sortedKeys(m.Results) {
		if _, ok := b.Question(q); !ok {
			return fmt.Errorf("results.%s: %w", q, unknownQuestion(made, b))
		}
		items := m.Results[q]
		if err := CheckCount("results."+q, len(items), MaxListRows, "items"); err != nil {
			return err
		}
		for _, id := range sortedKeys(items) {
			if err := items[id].Check(); err != nil {
				return fmt.Errorf("results.%s.%s.%w", q, id, err)
			}
		}
	}
	return nil
}
