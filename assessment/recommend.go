package assessment

import "fmt"

// Recommendation is the report type and period a readiness consultant would
// advise for this company today: fix the criteria at risk first (or start with
// a Type I), then a Type II period once the controls have run.
type Recommendation struct {
	ReportType ReportType
	Start      Date // the Type I date, or the first day of the Type II period
	Months     int  // the Type II period; 0 for a Type I
	Text       string
}

// Recommend advises a report type and period from the forecast and the plan:
// the controls are ready once the open remediation actions are done (their
// latest target date, never before today) plus the safety margin.
func Recommend(f Forecast, p Plan, today Date) Recommendation {
	ready := today
	for _, a := range p.Actions {
		if a.Kind == KindRemediate && a.Status != PlanDone && a.Due.After(ready.Time) {
			ready = a.Due
		}
	}
	ready = ready.AddDays(safetyMarginDays)
	switch {
	case f.Verdict == Incomplete:
		return Recommendation{Text: "Answer the remaining questions first: the report type and period follow from the whole picture."}
	case f.Opinion != Unqualified:
		return Recommendation{
			ReportType: Type1, Start: ready,
			Text: fmt.Sprintf("Put the missing controls in place first (%s at risk). Then a Type I as of %s shows the design is complete; a Type II period of %d months can start the same day, once each control has run once with proof.",
				criteriaWord(len(f.AtRisk())), ready, firstPeriodMonths),
		}
	case f.Expected > nearlyReadyMaxExpected:
		return Recommendation{
			ReportType: Type2, Start: ready, Months: shortPeriodMonths,
			Text: fmt.Sprintf("Close the likeliest exceptions first, then start a short Type II period of %d months on %s: fewer occurrences mean smaller samples while the controls settle.",
				shortPeriodMonths, ready),
		}
	}
	return Recommendation{
		ReportType: Type2, Start: ready, Months: firstPeriodMonths,
		Text: fmt.Sprintf("A Type II period of %d months can start on %s: keep the evidence of every occurrence from its first day.", firstPeriodMonths, ready),
	}
}

func criteriaWord(n int) string {
	if n == 1 {
		return "1 criterion"
	}
	return fmt.Sprintf("%d criteria", n)
}
