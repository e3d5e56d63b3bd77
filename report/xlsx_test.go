package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"soc2ready/assessment"
)

// smallBankYAML has recurring and one-off controls, an out-of-scope
// category, a profile condition that is off and a retired question.
const smallBankYAML = `
id: sheet-bank
version: "3"
areas:
  - {id: access, name: Access control}
  - {id: operations, name: System operations}
  - {id: availability, name: Availability & recovery}
  - {id: privacy, name: Privacy}
questions:
  - {id: AC-01, area: access, category: security, title: "Multi-factor authentication", prompt: "Is a second factor required to sign in?", help: h, evidence: e, criteria: [CC6.1], frequency: continuous, impact: 3, remediation: {action: Enforce MFA, steps: [Turn it on], effort: S, owner_role: CTO}}
  - {id: AC-02, area: access, category: security, title: "Access reviews", prompt: "Do you review who has access every quarter?", help: h, evidence: e, criteria: [CC6.2, CC6.3], frequency: quarterly, impact: 3, remediation: {action: Review access quarterly, steps: [Export users], effort: M, owner_role: CTO}}
  - {id: AC-03, area: access, category: security, title: "Leaver removal", prompt: "Is access removed when someone leaves?", help: h, evidence: e, criteria: [CC6.2], frequency: per_event, impact: 3, remediation: {action: Remove leavers within a day, steps: [Write a checklist], effort: S, owner_role: People lead}}
  - {id: AC-04, area: access, category: security, title: "Office badges", prompt: "Is the office locked with badges?", help: h, evidence: e, criteria: [CC6.4], frequency: continuous, impact: 1, applies_if: office, remediation: {action: Install badge readers, steps: [Buy readers], effort: L, owner_role: Office manager}}
  - {id: SO-01, area: operations, category: security, title: "Alert review", prompt: "Does someone review alerts every day?", help: h, evidence: e, criteria: [CC7.2], frequency: daily, impact: 2, remediation: {action: Review alerts daily, steps: [Name a reviewer], effort: S, owner_role: Engineering lead}}
  - {id: SO-02, area: operations, category: security, title: "Security policy", prompt: "Is there an approved security policy?", help: h, evidence: e, criteria: [CC5.3], frequency: once, impact: 1, remediation: {action: Write the policy, steps: [Use a template], effort: M, owner_role: CEO}}
  - {id: SO-03, area: operations, category: security, title: "Penetration test", prompt: "Do you have a yearly penetration test?", help: h, evidence: e, criteria: [CC4.1], frequency: annual, impact: 2, remediation: {action: Commission a pentest, steps: [Pick a firm], effort: L, owner_role: CTO}}
  - {id: SO-04, area: operations, category: security, title: "Data centre", prompt: "Do you run servers of your own?", help: h, evidence: e, criteria: [CC6.4], frequency: once, impact: 1, remediation: {action: Document it, steps: [Write it down], effort: S, owner_role: CTO}}
  - {id: AV-01, area: availability, category: availability, title: "Restore tests", prompt: "Do you test restoring backups?", help: h, evidence: e, criteria: [A1.3], frequency: quarterly, impact: 3, remediation: {action: Test a restore, steps: [Restore to staging], effort: M, owner_role: CTO}}
  - {id: AV-02, area: availability, category: availability, title: "Old capacity check", prompt: "Retired.", help: h, evidence: e, criteria: [A1.1], frequency: monthly, impact: 1, retired: true, remediation: {action: Nothing, steps: [Nothing], effort: S, owner_role: CTO}}
  - {id: PR-01, area: privacy, category: privacy, title: "Privacy notice", prompt: "Is there a privacy notice?", help: h, evidence: e, criteria: [P1.1], frequency: once, impact: 2, remediation: {action: Publish a notice, steps: [Write it], effort: S, owner_role: CEO}}
`

func smallBank(tb testing.TB) *assessment.Bank {
	tb.Helper()
	b, err := assessment.ParseBank([]byte(smallBankYAML))
	if err != nil {
		tb.Fatalf("small bank: %v", err)
	}
	return b
}

// sheetAssessment answers every applicable question but one, using every
// field of Answer, with text that spreadsheets like to mangle.
func sheetAssessment(b *assessment.Bank) *assessment.Assessment {
	changed := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	return &assessment.Assessment{
		Company:    "Acme Analytics GmbH",
		PreparedBy: "Jana Nováková",
		Profile:    assessment.Profile{Conditions: map[string]bool{"office": false}},
		Scope: assessment.Scope{
			ReportType:   assessment.Type2,
			Categories:   []assessment.Category{assessment.Availability},
			AuditDate:    day("2027-09-30"),
			PeriodMonths: 6,
		},
		Bank: b.Ref(),
		Answers: map[string]assessment.Answer{
			"AC-01": {Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Consistency: assessment.Always,
				Owner: "Zoë Łukasiewicz", Notes: "Enforced in Okta.\nChecked on 3 Nov: \"all users\".", Changed: changed},
			"AC-02": {Status: assessment.Partial, Evidence: assessment.EvidencePartial, Consistency: assessment.Mostly,
				Owner: "Анна Смирнова", Due: day("2027-01-15"), Flag: true, Changed: changed},
			"AC-03": {Status: assessment.Planned, Owner: "People lead", Due: day("2027-02-01"),
				Notes: "=SUM(A1:A2) is text, not a formula\r\nsecond line\ttab  ", Changed: changed},
			"SO-01": {Status: assessment.Missing, Flag: true, Notes: "東京オフィス 🚀"},
			"SO-02": {Status: assessment.Implemented, Evidence: assessment.EvidenceNone, Owner: "CEO"},
			"SO-04": {Status: assessment.NotApplicable, NAReason: "Everything runs on AWS; we own no servers."},
			"AV-01": {Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Consistency: assessment.Sometimes,
				Due: day("2026-12-31"), Notes: strings.Repeat("A long note. ", 200)},
			// SO-03 is not answered; AC-04 (office) and PR-01 (privacy) do not apply.
		},
	}
}

// writeBook returns the workbook of an assessment, written at clock.
func writeBook(tb testing.TB, b *assessment.Bank, a *assessment.Assessment) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, b, a, clock); err != nil {
		tb.Fatalf("WriteXLSX: %v", err)
	}
	return buf.Bytes()
}

func openBook(tb testing.TB, data []byte) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatalf("open workbook: %v", err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

func saveBook(tb testing.TB, f *excelize.File) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		tb.Fatalf("save workbook: %v", err)
	}
	return buf.Bytes()
}

// wantAnswers is what reading the workbook back must give: the answered,
// applicable questions, without their Changed time.
func wantAnswers(b *assessment.Bank, a *assessment.Assessment) map[string]assessment.Answer {
	want := map[string]assessment.Answer{}
	for id, ans := range a.Answers {
		q, _ := b.Question(id)
		if !a.Applies(q) || !ans.Answered() {
			continue
		}
		ans.Changed = time.Time{}
		want[id] = ans
	}
	return want
}

func TestXLSXRoundTrip(t *testing.T) {
	big := testBank(t)
	cases := []struct {
		name string
		bank *assessment.Bank
		make func(*assessment.Bank) *assessment.Assessment
	}{
		{"small", smallBank(t), sheetAssessment},
		{"realistic170", big, realistic},
		{"long170", big, long},
		{"allna170", big, allNA},
		{"empty170", big, empty},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.make(tc.bank)
			got, rowErrs, err := ReadAnswersXLSX(bytes.NewReader(writeBook(t, tc.bank, a)), tc.bank)
			if err != nil {
				t.Fatal(err)
			}
			if len(rowErrs) > 0 {
				t.Fatalf("row errors: %v", rowErrs)
			}
			want := wantAnswers(tc.bank, a)
			diffAnswers(t, got, want)
		})
	}
}

// sheetRow is the row of a question in the Answers sheet as written.
func sheetRow(b *assessment.Bank, a *assessment.Assessment, id string) int {
	row := 2
	for _, q := range b.Questions {
		if !a.Applies(q) {
			continue
		}
		if q.ID == id {
			return row
		}
		row++
	}
	panic("no row for " + id)
}

// colOf is the column letter of a header of the Answers sheet as written.
func colOf(header string) string {
	for i, h := range AnswersHeader {
		if h == header {
			name, _ := excelize.ColumnNumberToName(i + 1)
			return name
		}
	}
	panic("no column " + header)
}

// rewriteAnswers replaces the Answers sheet by fn of its cells, numbers as
// numbers (as a spreadsheet would save them).
func rewriteAnswers(f *excelize.File, fn func([][]string) [][]string) error {
	rows, err := f.GetRows(AnswersSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	rows = fn(rows)
	if err := f.DeleteSheet(AnswersSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(AnswersSheet); err != nil {
		return err
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, v := range r {
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				cells[j] = x
			} else {
				cells[j] = v
			}
		}
		if err := f.SetSheetRow(AnswersSheet, "A"+strconv.Itoa(i+1), &cells); err != nil {
			return err
		}
	}
	return nil
}

// dropColumn deletes a column of the Answers sheet (excelize's RemoveCol
// fails on the first column of a filtered range).
func dropColumn(i int) func(*excelize.File) error {
	return func(f *excelize.File) error {
		return rewriteAnswers(f, func(rows [][]string) [][]string {
			for n, r := range rows {
				if i < len(r) {
					rows[n] = slices.Delete(r, i, i+1)
				}
			}
			return rows
		})
	}
}

func TestReadAnswersXLSXEdits(t *testing.T) {
	b := smallBank(t)
	a := sheetAssessment(b)
	book := writeBook(t, b, a)
	row := func(id string) int { return sheetRow(b, a, id) }
	cell := func(header, id string) string { return colOf(header) + strconv.Itoa(row(id)) }
	set := func(header, id string, v any) func(*excelize.File) error {
		return func(f *excelize.File) error { return f.SetCellValue(AnswersSheet, cell(header, id), v) }
	}
	last := row("AV-01")
	appendRow := func(vals ...string) func(*excelize.File) error {
		return func(f *excelize.File) error {
			cells := make([]any, len(vals))
			for i, v := range vals {
				cells[i] = v
			}
			return f.SetSheetRow(AnswersSheet, "A"+strconv.Itoa(last+1), &cells)
		}
	}
	const statusProblem = " is not one of implemented, partial, planned, missing, not_applicable"

	cases := []struct {
		name  string
		edits []func(*excelize.File) error
		// change is applied to the expected answers; nil keeps them.
		change  func(map[string]assessment.Answer)
		rowErrs []RowError
		fatal   string // a substring of the fatal error
	}{
		{name: "unchanged"},
		{
			name:  "status changed, display words and spaces",
			edits: []func(*excelize.File) error{set("Status", "SO-01", "  Partly in place "), set("Status", "AC-03", "IMPLEMENTED"), set("Status", "SO-02", "N/A"), set("Status", "AC-01", "Not applicable")},
			change: func(m map[string]assessment.Answer) {
				setStatus(m, "SO-01", assessment.Partial)
				setStatus(m, "AC-03", assessment.Implemented)
				setStatus(m, "SO-02", assessment.NotApplicable)
				setStatus(m, "AC-01", assessment.NotApplicable)
			},
		},
		{
			name:  "other values case-insensitive",
			edits: []func(*excelize.File) error{set("Evidence", "AC-01", "Partial"), set("Consistency", "AC-01", " MOSTLY"), set("Unsure", "AC-01", "Yes"), set("Unsure", "AC-02", "")},
			change: func(m map[string]assessment.Answer) {
				edit(m, "AC-01", func(x *assessment.Answer) { x.Evidence, x.Consistency, x.Flag = "partial", "mostly", true })
				edit(m, "AC-02", func(x *assessment.Answer) { x.Flag = false })
			},
		},
		{
			name:    "bad status",
			edits:   []func(*excelize.File) error{set("Status", "AC-02", "done")},
			change:  func(m map[string]assessment.Answer) { delete(m, "AC-02") },
			rowErrs: []RowError{{Row: row("AC-02"), Question: "AC-02", Column: "Status", Problem: `"done"` + statusProblem}},
		},
		{
			name:   "every problem of a row",
			edits:  []func(*excelize.File) error{set("Evidence", "AC-01", "lots"), set("Consistency", "AC-01", "usually"), set("Unsure", "AC-01", "maybe"), set("Due", "AC-01", "31/01/2027")},
			change: func(m map[string]assessment.Answer) { delete(m, "AC-01") },
			rowErrs: []RowError{
				{Row: 2, Question: "AC-01", Column: "Evidence", Problem: `"lots" is not one of complete, partial, none`},
				{Row: 2, Question: "AC-01", Column: "Consistency", Problem: `"usually" is not one of always, mostly, sometimes, rarely`},
				{Row: 2, Question: "AC-01", Column: "Due", Problem: `"31/01/2027" is not a date: type it as YYYY-MM-DD`},
				{Row: 2, Question: "AC-01", Column: "Unsure", Problem: `"maybe" is not yes or blank`},
			},
		},
		{
			name:   "texts over their limits (issue 13)",
			edits:  []func(*excelize.File) error{set("Notes", "AC-01", strings.Repeat("n", assessment.MaxTextLength+1)), set("Owner", "AC-01", strings.Repeat("ö", assessment.MaxNameLength+1))},
			change: func(m map[string]assessment.Answer) { delete(m, "AC-01") },
			rowErrs: []RowError{
				{Row: 2, Question: "AC-01", Column: "Owner", Problem: "501 characters, at most 500"},
				{Row: 2, Question: "AC-01", Column: "Notes", Problem: "20001 characters, at most 20000"},
			},
		},
		{
			name:   "dates outside the years (issue 13)",
			edits:  []func(*excelize.File) error{set("Due", "AC-01", "0001-01-01"), set("Due", "AC-02", 500000)},
			change: func(m map[string]assessment.Answer) { delete(m, "AC-01"); delete(m, "AC-02") },
			rowErrs: []RowError{
				{Row: 2, Question: "AC-01", Column: "Due", Problem: "date 0001-01-01 is outside the years 1900..2999"},
				{Row: row("AC-02"), Question: "AC-02", Column: "Due", Problem: "date 3268-12-12 is outside the years 1900..2999"},
			},
		},
		{
			name:  "date as text",
			edits: []func(*excelize.File) error{set("Due", "SO-01", "2027-03-04")},
			change: func(m map[string]assessment.Answer) {
				edit(m, "SO-01", func(x *assessment.Answer) { x.Due = day("2027-03-04") })
			},
		},
		{
			name:  "date cell typed by a client",
			edits: []func(*excelize.File) error{set("Due", "SO-01", time.Date(2027, 5, 6, 0, 0, 0, 0, time.UTC))},
			change: func(m map[string]assessment.Answer) {
				edit(m, "SO-01", func(x *assessment.Answer) { x.Due = day("2027-05-06") })
			},
		},
		{
			name:    "a number that is no date",
			edits:   []func(*excelize.File) error{set("Due", "SO-01", -3)},
			change:  func(m map[string]assessment.Answer) { delete(m, "SO-01") },
			rowErrs: []RowError{{Row: row("SO-01"), Question: "SO-01", Column: "Due", Problem: `"-3" is not a date`}},
		},
		{
			// the question goes back to unanswered, but its owner and notes stay
			name:   "blank status is not answered",
			edits:  []func(*excelize.File) error{set("Status", "AC-01", "")},
			change: func(m map[string]assessment.Answer) { a := m["AC-01"]; a.Status = ""; m["AC-01"] = a },
		},
		{
			name:    "a bad date on an unanswered row is still reported",
			edits:   []func(*excelize.File) error{set("Due", "SO-03", "soon")},
			rowErrs: []RowError{{Row: row("SO-03"), Question: "SO-03", Column: "Due", Problem: `"soon" is not a date: type it as YYYY-MM-DD`}},
		},
		{
			name:   "answering an unanswered question, lower-case ID",
			edits:  []func(*excelize.File) error{set("ID", "SO-03", "so-03"), set("Status", "SO-03", "missing")},
			change: func(m map[string]assessment.Answer) { m["SO-03"] = assessment.Answer{Status: assessment.Missing} },
		},
		{
			name:    "unknown ID",
			edits:   []func(*excelize.File) error{appendRow("ZZ-99", "", "", "", "implemented")},
			rowErrs: []RowError{{Row: last + 1, Question: "ZZ-99", Column: "ID", Problem: `"ZZ-99" is not a question of bank sheet-bank 3`}},
		},
		{
			name:    "answer without ID",
			edits:   []func(*excelize.File) error{appendRow("", "", "", "", "implemented")},
			rowErrs: []RowError{{Row: last + 1, Column: "ID", Problem: "is empty: the answer cannot be matched to a question"}},
		},
		{
			name:    "a question twice",
			edits:   []func(*excelize.File) error{appendRow("AC-02", "", "", "", "missing")},
			change:  func(m map[string]assessment.Answer) { delete(m, "AC-02") },
			rowErrs: []RowError{{Row: last + 1, Question: "AC-02", Column: "ID", Problem: "AC-02 is also on row 3: keep one row per question"}},
		},
		{
			name: "reordered and extra columns",
			edits: []func(*excelize.File) error{func(f *excelize.File) error {
				return rewriteAnswers(f, func(rows [][]string) [][]string {
					out := make([][]string, len(rows))
					for i, r := range rows {
						r = append(r, make([]string, len(AnswersHeader)-len(r))...)
						extra := "Reviewed by CFO"
						if i > 0 {
							extra = "ok"
						}
						out[i] = append([]string{extra}, r...)
						slices.Reverse(out[i][1:])
					}
					return out
				})
			}},
		},
		{
			name: "header moved down and headers renamed",
			edits: []func(*excelize.File) error{
				func(f *excelize.File) error { return f.InsertRows(AnswersSheet, 1, 2) },
				func(f *excelize.File) error {
					return f.SetCellValue(AnswersSheet, "A1", "Acme: answers for the auditor")
				},
				func(f *excelize.File) error {
					return f.SetCellValue(AnswersSheet, colOf("N/A reason")+"3", "na_reason")
				},
				func(f *excelize.File) error { return f.SetCellValue(AnswersSheet, colOf("Status")+"3", " STATUS ") },
				func(f *excelize.File) error {
					return f.SetCellValue(AnswersSheet, colOf("Status")+strconv.Itoa(row("AC-02")+2), "bad")
				},
			},
			change:  func(m map[string]assessment.Answer) { delete(m, "AC-02") },
			rowErrs: []RowError{{Row: row("AC-02") + 2, Question: "AC-02", Column: "Status", Problem: `"bad"` + statusProblem}},
		},
		{
			name:  "sheet renamed",
			edits: []func(*excelize.File) error{func(f *excelize.File) error { return f.SetSheetName(AnswersSheet, "Antworten") }},
		},
		{
			name:  "Status column deleted",
			edits: []func(*excelize.File) error{dropColumn(4)},
			fatal: `sheet "Answers": column Status is missing`,
		},
		{
			name:  "ID column deleted",
			edits: []func(*excelize.File) error{dropColumn(0)},
			fatal: `sheet "Answers": column ID is missing`,
		},
		{
			name:  "two Status columns",
			edits: []func(*excelize.File) error{func(f *excelize.File) error { return f.SetCellValue(AnswersSheet, "P1", "status") }},
			fatal: "column Status appears twice (columns E and P)",
		},
		{
			name: "too many rows",
			edits: []func(*excelize.File) error{func(f *excelize.File) error {
				return f.SetCellValue(AnswersSheet, fmt.Sprintf("A%d", MaxXLSXRows+2), "AC-01")
			}},
			fatal: "more than 10000 question rows",
		},
		{
			name: "no Answers sheet",
			edits: []func(*excelize.File) error{
				dropColumn(0),
				func(f *excelize.File) error { return f.SetSheetName(AnswersSheet, "Mine") },
			},
			fatal: `the workbook has no sheet named "Answers" (it has "Plan", "About", "Mine")`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := openBook(t, book)
			for _, e := range tc.edits {
				if err := e(f); err != nil {
					t.Fatalf("edit: %v", err)
				}
			}
			got, rowErrs, err := ReadAnswersXLSX(bytes.NewReader(saveBook(t, f)), b)
			if tc.fatal != "" {
				if err == nil || !strings.Contains(err.Error(), tc.fatal) {
					t.Fatalf("error %v, want one containing %q", err, tc.fatal)
				}
				if got != nil || rowErrs != nil {
					t.Errorf("a fatal error returned answers %v and row errors %v", got, rowErrs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rowErrs, tc.rowErrs) {
				t.Errorf("row errors\n got %#v\nwant %#v", rowErrs, tc.rowErrs)
			}
			want := wantAnswers(b, a)
			if tc.change != nil {
				tc.change(want)
			}
			diffAnswers(t, got, want)
		})
	}
}

// diffAnswers reports the questions whose answers differ.
func diffAnswers(t *testing.T, got, want map[string]assessment.Answer) {
	t.Helper()
	for id, w := range want {
		if g, ok := got[id]; !ok {
			t.Errorf("%s: missing, want %+v", id, w)
		} else if !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\n got %+v\nwant %+v", id, g, w)
		}
	}
	for id, g := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("%s: unexpected answer %+v", id, g)
		}
	}
}

func setStatus(m map[string]assessment.Answer, id string, s assessment.Status) {
	edit(m, id, func(x *assessment.Answer) { x.Status = s })
}

func edit(m map[string]assessment.Answer, id string, fn func(*assessment.Answer)) {
	x := m[id]
	fn(&x)
	m[id] = x
}

func TestRowErrorMessage(t *testing.T) {
	for _, tc := range []struct {
		e    RowError
		want string
	}{
		{RowError{14, "AC-10", "Status", `"done" is not one of implemented, partial, planned, missing, not_applicable`},
			`row 14 (AC-10): Status: "done" is not one of implemented, partial, planned, missing, not_applicable`},
		{RowError{3, "", "ID", "is empty"}, "row 3: ID: is empty"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

// sheetXML returns a part of the workbook package.
func sheetXML(t *testing.T, book []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestXLSXLayout(t *testing.T) {
	b := smallBank(t)
	a := sheetAssessment(b)
	book := writeBook(t, b, a)
	f := openBook(t, book)

	if got, want := f.GetSheetList(), []string{AnswersSheet, PlanSheet, AboutSheet}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the Answers sheet", f.GetActiveSheetIndex())
	}
	rows, err := f.GetRows(AnswersSheet)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], AnswersHeader) {
		t.Errorf("header %q", rows[0])
	}
	// One row per applicable question, in bank order: not AC-04 (office),
	// AV-02 (retired) or PR-01 (privacy is out of scope).
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[0])
	}
	if want := []string{"AC-01", "AC-02", "AC-03", "SO-01", "SO-02", "SO-03", "SO-04", "AV-01"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("rows %v, want %v", ids, want)
	}
	// Formatted values as a client sees them.
	for ref, want := range map[string]string{
		"A3": "AC-02", "B3": "Access control", "C3": "Access reviews", "D3": "Do you review who has access every quarter?",
		"E3": "partial", "F3": "partial", "G3": "mostly", "I3": "Анна Смирнова", "J3": "2027-01-15", "L3": "yes",
		"M3": "CC6.2, CC6.3",
		"G6": "", // SO-02 is one-off: no consistency
		"H8": "Everything runs on AWS; we own no servers.",
		"N2": "0%", "N5": "100%", "N8": "", // SO-04 is not applicable: no chance
	} {
		if got, _ := f.GetCellValue(AnswersSheet, ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	if typ, _ := f.GetCellType(AnswersSheet, "J3"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("Due is a %v cell, want a date (number) cell", typ)
	}
	if got, _ := f.GetCellValue(AnswersSheet, "J3", excelize.Options{RawCellValue: true}); got != "46402" {
		t.Errorf("J3 raw %q, want the serial 46402", got)
	}
	if got, _ := f.GetCellValue(AnswersSheet, "K4"); got != a.Answers["AC-03"].Notes {
		t.Errorf("a note that looks like a formula became %q", got)
	}
	if formula, _ := f.GetCellFormula(AnswersSheet, "K4"); formula != "" {
		t.Errorf("K4 has formula %q", formula)
	}

	answersXML := sheetXML(t, book, "xl/worksheets/sheet1.xml")
	style := func(sheet, ref string) *excelize.Style {
		id, err := f.GetCellStyle(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, sheet := range []string{AnswersSheet, PlanSheet} {
		if s := style(sheet, "A1"); s.Font == nil || !s.Font.Bold {
			t.Errorf("%s: header not bold", sheet)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want the top row frozen", sheet, panes)
		}
	}
	if !strings.Contains(answersXML, `<autoFilter ref="$A$1:$N$9"`) {
		t.Errorf("Answers: no filter on A1:N9")
	}
	if planXML := sheetXML(t, book, "xl/worksheets/sheet2.xml"); !strings.Contains(planXML, `<autoFilter ref="$A$1:$I$`) {
		t.Errorf("Plan: no filter")
	}
	if s := style(AnswersSheet, "D2"); s.Alignment == nil || !s.Alignment.WrapText {
		t.Errorf("Question is not wrapped")
	}
	if s := style(AnswersSheet, "K2"); s.Alignment == nil || !s.Alignment.WrapText {
		t.Errorf("Notes are not wrapped")
	}
	if s := style(AnswersSheet, "N2"); s.NumFmt != 9 || s.Fill.Pattern != 1 {
		t.Errorf("Chance of exception: style %+v, want a grey percentage", s)
	}
	if s := style(AnswersSheet, "G6"); s.Fill.Pattern != 1 {
		t.Errorf("consistency of a one-off control is not greyed")
	}
	// Rows are as tall as their longest wrapped text (spreadsheets do not
	// size them on opening), but not fixed: they still grow when edited.
	for row, want := range map[int]float64{1: 30, 2: 30, 3: 15, 9: 409} {
		if got, _ := f.GetRowHeight(AnswersSheet, row); got != want {
			t.Errorf("row %d height %v, want %v", row, got, want)
		}
	}
	if strings.Contains(answersXML, "customHeight") {
		t.Error("row heights are marked custom: they would not grow when a client types")
	}
	for col, want := range map[string]float64{"A": 9, "D": 48, "K": 45, "J": 12} {
		if got, _ := f.GetColWidth(AnswersSheet, col); got != want {
			t.Errorf("column %s width %v, want %v", col, got, want)
		}
	}

	dvs, err := f.GetDataValidations(AnswersSheet)
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		lists[dv.Sqref] = dv.Type + " " + dv.Formula1
		if dv.ErrorStyle == nil || *dv.ErrorStyle != "stop" || !dv.ShowErrorMessage {
			t.Errorf("%s: a wrong value is not refused", dv.Sqref)
		}
	}
	for sqref, want := range map[string]string{
		"E2:E10001": `list "implemented,partial,planned,missing,not_applicable"`,
		"F2:F10001": `list "complete,partial,none"`,
		"G2:G10001": `list "always,mostly,sometimes,rarely"`,
		"L2:L10001": `list "yes"`,
		"J2:J10001": `date 36526`,
	} {
		if lists[sqref] != want {
			t.Errorf("validation of %s: %q, want %q", sqref, lists[sqref], want)
		}
	}

	// The plan: one row per action, probabilities as percentages.
	plan := assessment.BuildPlan(assessment.Score(b, a), a, assessment.DateOf(clock))
	prow, err := f.GetRows(PlanSheet)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Priority", "Question", "Action", "Owner", "Due", "Effort", "Probability", "Status", "Criteria"}; !reflect.DeepEqual(prow[0], want) {
		t.Errorf("plan header %q", prow[0])
	}
	if len(prow)-1 != len(plan.Actions) || len(plan.Actions) == 0 {
		t.Fatalf("plan has %d rows, want %d", len(prow)-1, len(plan.Actions))
	}
	act := plan.Actions[0]
	wantRow := []string{"1", act.Question.ID, act.Action, act.Owner, act.Due.String(), string(act.Effort), fmt.Sprintf("%.0f%%", 100*act.Probability), "To do", strings.Join(act.Question.Criteria, ", ")}
	if !reflect.DeepEqual(prow[1], wantRow) {
		t.Errorf("plan row 1 %q, want %q", prow[1], wantRow)
	}

	about, err := f.GetRows(AboutSheet)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, r := range about {
		text.WriteString(strings.Join(r, " ") + "\n")
	}
	for _, want := range []string{"Company Acme Analytics GmbH", "Question bank sheet-bank 3", "Generated 2026-11-27", "SOC 2 Type II", "How to fill the Answers sheet"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("About sheet lacks %q:\n%s", want, text.String())
		}
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2026-11-27T10:30:00Z" || props.Modified != props.Created || props.Creator != "soc2ready" {
		t.Errorf("doc props %+v", props)
	}
}

func TestWriteXLSXDeterministic(t *testing.T) {
	b := testBank(t)
	a := realistic(b)
	first := writeBook(t, b, a)
	for range 3 {
		if again := writeBook(t, b, a); !bytes.Equal(first, again) {
			t.Fatal("two workbooks written at the same clock differ")
		}
	}
	var later bytes.Buffer
	if err := WriteXLSX(&later, b, a, clock.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first, later.Bytes()) {
		t.Error("the clock does not reach the file")
	}
}

// zipOf builds a zip archive; a declared size other than 0 is written as
// every entry's uncompressed size (as a zip bomb's header would say).
func zipOf(t testing.TB, files map[string]string, declared uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if declared > 0 {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, CompressedSize64: uint64(len(files[name])), UncompressedSize64: declared})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(w, files[name]); err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, files[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wideBook is a small file whose every row has a cell in the last column,
// so that reading it naively allocates gigabytes.
func wideBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", AnswersSheet); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter(AnswersSheet)
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"ID", "Status"}); err != nil {
		t.Fatal(err)
	}
	for r := 2; r <= MaxXLSXRows+1; r++ {
		if err := sw.SetRow(fmt.Sprintf("XFD%d", r), []any{"x"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	return saveBook(t, f)
}

func TestReadAnswersXLSXNotAWorkbook(t *testing.T) {
	b := smallBank(t)
	book := writeBook(t, b, sheetAssessment(b))
	var csvOut bytes.Buffer
	if err := WriteAnswersCSV(&csvOut, b, sheetAssessment(b)); err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	cases := []struct {
		name    string
		data    []byte
		want    string
		notXLSX bool
	}{
		{"empty", nil, "the file is empty", false},
		{"random bytes", random, "neither a spreadsheet nor a text file", true},
		{"a CSV", csvOut.Bytes(), "it is a text file (a CSV?)", true},
		{"an old .xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, random...), "old .xls workbook", true},
		{"truncated workbook", book[:len(book)/2], "it cannot be opened", true},
		{"random bytes after a zip signature", append([]byte("PK\x03\x04"), random...), "it cannot be opened", true},
		{"a zip that is no workbook", zipOf(t, map[string]string{"hello.txt": "hello"}, 0), "it cannot be opened", true},
		{"a zip bomb", zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "xl/worksheets/sheet1.xml": "<worksheet/>"}, 1<<40), "unpacks to more than 64 MiB", false},
		{"rows 16384 columns wide", wideBook(t), "too large to read (its rows span 2015234 cells; at most 2000000)", false},
		{"too large", append([]byte("PK\x03\x04"), make([]byte, MaxXLSXSize)...), "larger than 16 MiB", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, rowErrs, err := ReadAnswersXLSX(bytes.NewReader(tc.data), b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "read answers from workbook: ") {
				t.Errorf("error %q does not say what failed", err)
			}
			if errors.Is(err, ErrNotXLSX) != tc.notXLSX {
				t.Errorf("errors.Is(%v, ErrNotXLSX) = %v", err, !tc.notXLSX)
			}
			if got != nil || rowErrs != nil {
				t.Error("answers returned with an error")
			}
		})
	}
	if _, _, err := ReadAnswersXLSX(bytes.NewReader(book), nil); err == nil {
		t.Error("no error without a bank")
	}
}

func FuzzReadAnswersXLSX(f *testing.F) {
	b := smallBank(f)
	book := writeBook(f, b, sheetAssessment(b))
	f.Add(book)
	f.Add([]byte{})
	f.Add([]byte("id,status\nAC-01,implemented\n"))
	f.Add(book[:len(book)/3])
	f.Add([]byte("PK\x03\x04garbage"))
	// issue 13: a cell with a control character; a long note
	parts := bookParts(f, book)
	parts["xl/sharedStrings.xml"] = strings.Replace(parts["xl/sharedStrings.xml"], "Enforced in Okta", "Enforced\x01in Okta", 1)
	f.Add(zipOf(f, parts, 0))
	long := sheetAssessment(b)
	ans := long.Answers["AC-01"]
	ans.Notes = strings.Repeat("n", assessment.MaxTextLength+1)
	long.Answers["AC-01"] = ans
	f.Add(writeBook(f, b, long))
	f.Add(writeBook(f, b, hostileAssessment(b))) // formulas and neutralised-looking text
	f.Fuzz(func(t *testing.T, data []byte) {
		got, rowErrs, err := ReadAnswersXLSX(bytes.NewReader(data), b)
		if errors.Is(err, errPanic) {
			t.Fatalf("the spreadsheet library panicked: %v", err)
		}
		if err != nil {
			return
		}
		for id, ans := range got {
			if _, ok := b.Question(id); !ok {
				t.Errorf("answer to unknown question %q", id)
			}
			if !ans.Answered() || ans.Check() != nil {
				t.Errorf("%s: invalid answer %+v returned", id, ans)
			}
		}
		for _, e := range rowErrs {
			if e.Row < 2 || e.Problem == "" {
				t.Errorf("row error %+v", e)
			}
		}
	})
}

func TestWriteAnswersCSV(t *testing.T) {
	b := smallBank(t)
	a := sheetAssessment(b)
	var buf bytes.Buffer
	if err := WriteAnswersCSV(&buf, b, a); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"id", "area", "title", "question", "status", "evidence", "consistency", "na_reason", "owner", "due", "notes", "unsure", "criteria", "probability"}; !reflect.DeepEqual(records[0], want) {
		t.Errorf("header %q", records[0])
	}
	if len(records[0]) != len(AnswersHeader) {
		t.Errorf("the CSV has %d columns, the sheet %d", len(records[0]), len(AnswersHeader))
	}
	if len(records) != 1+8 {
		t.Errorf("%d rows, want 8 applicable questions", len(records)-1)
	}
	fc := assessment.Score(b, a)
	it, _ := fc.Item("AC-02")
	want := []string{"AC-02", "Access control", "Access reviews", "Do you review who has access every quarter?",
		"partial", "partial", "mostly", "", "Анна Смирнова", "2027-01-15", "", "yes", "CC6.2 CC6.3",
		strconv.FormatFloat(round4(it.Probability), 'f', -1, 64)}
	if !reflect.DeepEqual(records[2], want) {
		t.Errorf("AC-02 row\n got %q\nwant %q", records[2], want)
	}
	if records[7][13] != "" || records[7][4] != "not_applicable" {
		t.Errorf("a not-applicable row: %q", records[7])
	}
	if records[5][6] != "" {
		t.Errorf("a one-off control has consistency %q", records[5][6])
	}
}

func BenchmarkWriteXLSX170(b *testing.B) {
	bank := testBank(b)
	a := realistic(bank)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, bank, a, clock); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "file-bytes")
}

func BenchmarkReadAnswersXLSX170(b *testing.B) {
	bank := testBank(b)
	book := writeBook(b, bank, realistic(bank))
	for b.Loop() {
		got, rowErrs, err := ReadAnswersXLSX(bytes.NewReader(book), bank)
		if err != nil || len(rowErrs) > 0 || len(got) == 0 {
			b.Fatal(err, rowErrs)
		}
	}
	b.ReportMetric(float64(len(book)), "file-bytes")
}

// bookParts returns every part of a workbook package by name.
func bookParts(t testing.TB, book []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(data)
	}
	return parts
}

// TestReadAnswersXLSXBadCharacters: a cell holding what XML forbids
// (control characters, invalid UTF-8) made the library stop reading its row
// silently, so owner and notes read as empty and the row still imported. The
// workbook is now refused, naming the cell (issue 13).
func TestReadAnswersXLSXBadCharacters(t *testing.T) {
	b := smallBank(t)
	parts := bookParts(t, writeBook(t, b, sheetAssessment(b)))
	const sheet = "xl/worksheets/sheet1.xml"
	const owner = `<c r="I2" s="3" t="s"><v>7</v></c>`
	const notes = `<c r="K2" s="3" t="s"><v>8</v></c>`
	if !strings.Contains(parts[sheet], owner) || !strings.Contains(parts[sheet], notes) {
		t.Fatalf("AC-01's owner or notes cell is not where the test expects:\n%s", parts[sheet][:2000])
	}
	tests := []struct {
		name, part, old, new, want string
	}{
		{"control character inline", sheet, notes, `<c r="K2" s="3" t="inlineStr"><is><t>note` + "\x01" + `x</t></is></c>`, "cell K2 holds the character U+0001"},
		{"invalid UTF-8 inline", sheet, notes, `<c r="K2" s="3" t="inlineStr"><is><t>note` + "\xff" + `x</t></is></c>`, "cell K2 holds invalid UTF-8"},
		{"character reference", sheet, owner, `<c r="I2" s="3" t="str"><v>own&#1;er</v></c>`, "cell I2 holds the character U+0001"},
		{"hex character reference", sheet, owner, `<c r="I2" s="3" t="str"><v>own&#x1B;er</v></c>`, "cell I2 holds the character U+001B"},
		{"shared string", "xl/sharedStrings.xml", "Enforced in Okta", "Enforced\x02 in Okta", "xl/sharedStrings.xml line 2 holds the character U+0002"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			edited := maps.Clone(parts)
			edited[tc.part] = strings.Replace(parts[tc.part], tc.old, tc.new, 1)
			got, rowErrs, err := ReadAnswersXLSX(bytes.NewReader(zipOf(t, edited, 0)), b)
			if !errors.Is(err, ErrBadText) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v (answers %+v, row errors %v), want an error naming %q", err, got, rowErrs, tc.want)
			}
		})
	}
	// the same cells with plain text read back exactly
	edited := maps.Clone(parts)
	edited[sheet] = strings.Replace(strings.Replace(parts[sheet], notes, `<c r="K2" s="3" t="inlineStr"><is><t>note&#9;x&amp;y</t></is></c>`, 1),
		owner, `<c r="I2" s="3" t="str"><v>Zoë</v></c>`, 1)
	got, rowErrs, err := ReadAnswersXLSX(bytes.NewReader(zipOf(t, edited, 0)), b)
	if err != nil || len(rowErrs) > 0 || got["AC-01"].Notes != "note\tx&y" || got["AC-01"].Owner != "Zoë" {
		t.Errorf("plain cells: %v %v, AC-01 %+v", err, rowErrs, got["AC-01"])
	}
}
