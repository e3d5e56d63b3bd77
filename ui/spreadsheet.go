package ui

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"time"

	"fyne.io/fyne/v2/dialog"

	"soc2ready/assessment"
	"soc2ready/report"
	store "soc2ready/storage"
)

// Spreadsheets. "Export spreadsheet (XLSX)…" writes the answers (to fill in
// offline) and the plan; "Import answers from spreadsheet…" reads the
// Answers sheet back into the same assessment: every row is checked first,
// and if any has a problem, all are listed and nothing changes. Otherwise
// the answers that differ are saved in one transaction; the others keep
// the time they last changed (merges rely on it). Both act on the
// assessment open, else on the one selected on Home.

// errSpreadsheet marks a workbook that could not be read at all.
var errSpreadsheet = errors.New("read the spreadsheet")

// exportSpreadsheet asks where to write the workbook.
func (u *App) exportSpreadsheet() {
	a, ok := u.targetAssessment("Cannot export a spreadsheet")
	if !ok {
		return
	}
	saveDialog(u, fileSafe(a.Company)+" answers and plan.xlsx", ".xlsx", func(path string) { u.exportSpreadsheetTo(a, path) })
}

// exportSpreadsheetTo writes a's workbook to path off the UI goroutine and
// offers to open it.
func (u *App) exportSpreadsheetTo(a *assessment.Assessment, path string) {
	u.preparedBy(a)
	bank, now := u.bank, u.opts.Now()
	u.runLong("Writing the spreadsheet…", func() error {
		return store.WriteFileAtomic(path, func(w io.Writer) error { return report.WriteXLSX(w, bank, a, now) })
	}, func() { u.offerToOpen("Spreadsheet exported", path) })
}

// exportAnswersCSV asks where to write the answers as CSV.
func (u *App) exportAnswersCSV() {
	a, ok := u.targetAssessment("Cannot export the answers")
	if !ok {
		return
	}
	saveDialog(u, fileSafe(a.Company)+" answers.csv", ".csv", func(path string) { u.exportAnswersCSVTo(a, path) })
}

// exportAnswersCSVTo writes a's answers as CSV to path off the UI goroutine.
func (u *App) exportAnswersCSVTo(a *assessment.Assessment, path string) {
	bank := u.bank
	u.runLong("Writing the CSV…", func() error {
		return store.WriteFileAtomic(path, func(w io.Writer) error { return report.WriteAnswersCSV(w, bank, a) })
	}, func() { u.offerToOpen("Answers exported", path) })
}

// preparedBy fills in who prepared an export from the settings, as the PDF
// report does.
func (u *App) preparedBy(a *assessment.Assessment) {
	if a.PreparedBy == "" {
		a.PreparedBy = u.fy.Preferences().String(prefConsultant)
	}
}

// importSpreadsheet asks for a filled-in workbook and imports its answers.
func (u *App) importSpreadsheet() {
	if _, ok := u.target(); !ok {
		dialog.ShowInformation("Import answers from spreadsheet", "Select the assessment to import into in the list first, or open it.", u.win)
		return
	}
	openDialog(u, []string{".xlsx"}, func(path string) { u.importSpreadsheetPath(path) })
}

// importSpreadsheetPath reads the answers in the workbook at path into the
// target assessment, off the UI goroutine: all rows or none.
func (u *App) importSpreadsheetPath(path string) {
	const title = "Cannot import the answers"
	a, ok := u.targetAssessment(title)
	if !ok {
		return
	}
	st, bank, now := u.store, u.bank, u.opts.Now().UTC()
	var answers, changed map[string]assessment.Answer
	var rowErrs []report.RowError
	u.runLong("Importing answers…", func() error {
		f, err := store.OpenInput(path)
		if err != nil {
			return err
		}
		defer f.Close()
		answers, rowErrs, err = report.ReadAnswersXLSX(f, bank)
		if errors.Is(err, report.ErrNotXLSX) {
			return err
		}
		if err != nil {
			return fmt.Errorf("%w: %w", errSpreadsheet, err)
		}
		if len(rowErrs) > 0 {
			return nil
		}
		changed = changedAnswers(a.Answers, answers, now)
		if len(changed) == 0 {
			return nil
		}
		return st.SaveAnswers(a.ID, changed)
	}, func() {
		if len(rowErrs) > 0 {
			intro := fmt.Sprintf("%s has %s, so nothing was imported. Fix these cells in the spreadsheet, save it, and import it again.",
				filepath.Base(path), plural(len(rowErrs), "problem", "problems"))
			u.showProblems("The answers were not imported", intro, rowProblems(rowErrs))
			return
		}
		u.answersImported(a.ID, changed)
		msg := fmt.Sprintf("%s changed, %d unchanged.", plural(len(changed), "answer", "answers"), len(answers)-len(changed))
		if len(changed) == 0 {
			msg = fmt.Sprintf("No answers changed: the spreadsheet's %s are what the assessment already says.", plural(len(answers), "answer", "answers"))
		}
		dialog.ShowInformation("Answers imported", msg, u.win)
	})
}

// changedAnswers returns the answers that differ from the old ones (when
// they last changed aside), stamped with now.
func changedAnswers(old, answers map[string]assessment.Answer, now time.Time) map[string]assessment.Answer {
	changed := map[string]assessment.Answer{}
	for id, ans := range answers {
		was := old[id]
		was.Changed = time.Time{}
		ans.Changed = time.Time{}
		if was != ans {
			ans.Changed = now
			changed[id] = ans
		}
	}
	return changed
}

// answersImported shows answers just saved: in the open assessment, or on
// Home, where the readiness of the row changes.
func (u *App) answersImported(id string, changed map[string]assessment.Answer) {
	if w := u.workspace; w != nil && w.s.a.ID == id {
		w.s.answersSaved(changed)
		w.answersChanged()
		return
	}
	if u.home != nil && len(changed) > 0 {
		u.ShowHome()
		u.home.selectID(id)
	}
}

// rowProblems groups a sheet's problems by row, in row order.
func rowProblems(errs []report.RowError) []problemGroup {
	sorted := append([]report.RowError(nil), errs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Row < sorted[j].Row })
	var groups []problemGroup
	for _, e := range sorted {
		heading := fmt.Sprintf("Row %d", e.Row)
		if e.Question != "" {
			heading += " (" + e.Question + ")"
		}
		line := e.Problem
		if e.Column != "" {
			line = e.Column + ": " + e.Problem
		}
		if n := len(groups); n > 0 && groups[n-1].heading == heading {
			groups[n-1].lines = append(groups[n-1].lines, line)
			continue
		}
		groups = append(groups, problemGroup{heading: heading, lines: []string{line}})
	}
	return groups
}
