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

// WritePlanCSV writes the remediation plan as CSV: one row per action, in
// priority order, probabilities as decimals (0–1), criteria space-separated,
// status todo, in_progress or done.
func WritePlanCSV(w io.Writer, p assessment.Plan) error {
	cw := csv.NewWriter(w)
	cw.Write(PlanCSVHeader)
	for _, act := range p.Actions {
		cw.Write([]string{
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
	cw.Write(AnswersCSVHeader)
	for _, r := range answerRows(b, a, assessment.Score(b, a)) {
		chance := ""
		if r.hasRisk {
			chance = strconv.FormatFloat(r.chance, 'f', -1, 64)
		}
		cw.Write([]string{
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
