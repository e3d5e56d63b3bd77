package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"soc2ready/assessment"
	"soc2ready/report"
)

// editSheet changes cells of the Answers sheet of the workbook at path, as
// a client filling it in does: edits maps a question ID to header → value.
func editSheet(t testing.TB, path string, edits map[string]map[string]string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(report.AnswersSheet)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i + 1
	}
	for id, cells := range edits {
		row := 0
		for i, r := range rows {
			if len(r) > 0 && r[0] == id {
				row = i + 1
			}
		}
		if row == 0 {
			t.Fatalf("no row for %s in the sheet", id)
		}
		for header, v := range cells {
			if col[header] == 0 {
				t.Fatalf("no column %q in the sheet", header)
			}
			cell, _ := excelize.CoordinatesToCellName(col[header], row)
			if err := f.SetCellValue(report.AnswersSheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
}

// exportSheet writes the open assessment's workbook and returns its path.
func (h *harness) exportSheet(w *workspace) string {
	h.t.Helper()
	path := filepath.Join(h.t.TempDir(), "answers.xlsx")
	h.u.exportSpreadsheetTo(w.s.copyAssessment(), path)
	h.wait()
	if _, err := os.Stat(path); err != nil {
		h.t.Fatalf("no workbook: %v\n%s", err, h.overlayText())
	}
	h.dismissDialogs()
	return path
}

// TestSpreadsheetRoundTrip: the workbook exported from the Plan tab comes
// back with a client's changes; only the changed answers get a new time,
// and the open screens show them.
func TestSpreadsheetRoundTrip(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabPlan)
	id := w.s.a.ID
	path := filepath.Join(t.TempDir(), "answers.xlsx")
	h.u.exportSpreadsheetTo(w.s.copyAssessment(), path)
	h.wait()
	data, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(data, []byte("PK")) {
		t.Fatalf("no workbook: %v\n%s", err, h.overlayText())
	}
	if got := h.overlayText(); !strings.Contains(got, "Spreadsheet exported") || !strings.Contains(got, "Saved to\n"+path) {
		t.Errorf("no offer to open it:\n%s", got)
	}
	h.dismissDialogs()

	before := h.get(id).Answers
	unchanged := before["AC-03"]
	editSheet(t, path, map[string]map[string]string{
		"AC-02": {"Status": "No", "Evidence": "", "Consistency": "", "Notes": "gone since the move"},
		"DP-01": {"Notes": "checked with legal"},
	})
	w.selectTab(tabQuestionnaire)
	w.questionnaire.showQuestionID("AC-02")
	readiness := w.s.forecast.Readiness
	h.u.importSpreadsheetPath(path)
	h.wait()
	if got := h.overlayText(); !strings.Contains(got, "Answers imported") || !strings.Contains(got, "2 answers changed") {
		t.Fatalf("after the import:\n%s", got)
	}
	after := h.get(id).Answers
	if got := after["AC-02"]; got.Status != assessment.Missing || got.Notes != "gone since the move" || !got.Changed.Equal(testNow) {
		t.Errorf("AC-02 = %+v", got)
	}
	if got := after["DP-01"]; got.Notes != "checked with legal" || !got.Changed.Equal(testNow) {
		t.Errorf("DP-01 = %+v", got)
	}
	if got := after["AC-03"]; got != unchanged {
		t.Errorf("an unchanged answer was rewritten: %+v, was %+v", got, unchanged)
	}
	// The open assessment shows it at once.
	if w.s.a.Answers["AC-02"].Status != assessment.Missing || w.s.forecast.Readiness >= readiness {
		t.Errorf("the session has AC-02 %q and readiness %.1f (was %.1f)", w.s.a.Answers["AC-02"].Status, w.s.forecast.Readiness, readiness)
	}
	if w.questionnaire.notes.Text != "gone since the move" || !w.questionnaire.status.choices[3].selected {
		t.Errorf("the questionnaire shows notes %q", w.questionnaire.notes.Text)
	}

	// Importing the same sheet again changes nothing.
	h.dismissDialogs()
	h.u.importSpreadsheetPath(path)
	h.wait()
	if got := h.overlayText(); !strings.Contains(got, "No answers changed") {
		t.Errorf("the second import says:\n%s", got)
	}
}

// TestSpreadsheetImportProblems: a sheet with bad rows lists every problem
// by row, and nothing changes; a file that is no workbook says so.
func TestSpreadsheetImportProblems(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabPlan)
	id := w.s.a.ID
	path := h.exportSheet(w)
	editSheet(t, path, map[string]map[string]string{
		"AC-01": {"Status": "sort of"},
		"AC-06": {"Status": "No"}, // a good row: not imported either
		"DP-01": {"Evidence": "lots", "Due": "next week"},
	})
	before := h.get(id)
	h.u.importSpreadsheetPath(path)
	h.wait()
	got := h.overlayText()
	for _, want := range []string{"The answers were not imported", "answers.xlsx has 3 problems, so nothing was imported",
		"(AC-01)", `Status: "sort of"`, "(DP-01)", "Evidence:", "Due:"} {
		if !strings.Contains(got, want) {
			t.Errorf("the dialog does not say %q:\n%s", want, got)
		}
	}
	h.fitsOverlay("the row problems", minWindowSize)
	after := h.get(id)
	if after.Answers["AC-06"] != before.Answers["AC-06"] || !after.Updated.Equal(before.Updated) {
		t.Error("the assessment changed")
	}
	if w.s.a.Answers["AC-06"] != before.Answers["AC-06"] {
		t.Error("the open assessment changed")
	}

	for name, data := range map[string][]byte{
		"text.xlsx":  []byte("ID,Status\nAC-01,implemented\n"),
		"empty.xlsx": nil,
	} {
		h.dismissDialogs()
		h.u.importSpreadsheetPath(writeFile(t, name, data))
		h.wait()
		if got := h.overlayText(); !strings.Contains(got, "Importing answers failed") || !strings.Contains(got, "nothing was changed") {
			t.Errorf("%s: the dialog says:\n%s", name, got)
		}
	}
}

// TestSpreadsheetImportFromHome: the answers go into the assessment selected
// on Home, whose readiness is shown again.
func TestSpreadsheetImportFromHome(t *testing.T) {
	h := newHarness(t)
	id := h.create("Sheet Client Ltd")
	h.create("Another Ltd")
	h.u.OpenAssessment(id, tabPlan)
	path := h.exportSheet(h.u.workspace)
	h.shortcut(shortcutHome)
	editSheet(t, path, map[string]map[string]string{
		"AC-01": {"Status": "Yes", "Evidence": "Yes, all of it", "Consistency": "Always"},
		"AC-02": {"Status": "Partly", "Evidence": "Yes, all of it", "Consistency": "Mostly"},
	})
	h.u.home.selectID(id)
	if h.u.home.buttons[btnImportAnswers].Disabled() {
		t.Error("Import answers from spreadsheet… is disabled with a row selected")
	}
	h.u.importSpreadsheetPath(path)
	h.wait()
	if got := h.overlayText(); !strings.Contains(got, "2 answers changed") {
		t.Fatalf("the import says:\n%s", got)
	}
	if got := h.get(id).Answers; len(got) != 2 || got["AC-02"].Status != assessment.Partial {
		t.Errorf("stored answers %+v", got)
	}
	r, ok := h.u.home.current()
	if !ok || r.ID != id || r.Answered != 2 {
		t.Errorf("Home selects %+v, want the assessment with 2 answers", r)
	}
}

// TestExportAnswersCSV writes the answers as CSV with the documented header.
func TestExportAnswersCSV(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabPlan)
	path := filepath.Join(t.TempDir(), "answers.csv")
	h.u.exportAnswersCSVTo(w.s.copyAssessment(), path)
	h.wait()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no CSV: %v\n%s", err, h.overlayText())
	}
	if header := strings.Join(report.AnswersCSVHeader, ","); !strings.HasPrefix(string(data), header+"\n") {
		t.Errorf("the CSV starts with %q", strings.SplitN(string(data), "\n", 2)[0])
	}
	if !strings.Contains(h.overlayText(), "Answers exported") {
		t.Errorf("no offer to open it:\n%s", h.overlayText())
	}
}
