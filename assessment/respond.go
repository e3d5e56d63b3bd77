package assessment

import "fmt"

// DraftResponse drafts the management response to a forecast exception, in
// the form a SOC 2 report prints next to it: what happened, the immediate
// steps, the long-term fix and management's response. The root cause is left
// to the company: only it knows why the control slipped. The draft is a
// starting point, edited before anything is printed as final.
func DraftResponse(it Item) Response {
	q := it.Question
	owner := it.Answer.Owner
	if owner == "" {
		owner = q.Remediation.OwnerRole
	}
	r := Response{Question: q.ID, Owner: it.Answer.Owner}
	r.WhatHappened = fmt.Sprintf("%s: %s in the period.", q.Title, missesClause(it))
	if it.Answer.Missed.Known && it.PopulationSize > 0 {
		k := min(it.Answer.Missed.N, it.PopulationSize)
		r.WhatHappened = fmt.Sprintf("%s: %d of %s in the period %s missed or %s proof.", q.Title, k, unitCount(it, it.PopulationSize), wasWere(k), lackLacks(k))
	}
	fix := "From now on the control has a named owner (%s), a recurring ticket for each occurrence and a check at each month end that every occurrence ran with proof."
	if it.Finding == FindingEvidence {
		r.ImmediateSteps = "Gathered the records that exist for the period and, where none could be produced, performed the control again and kept the evidence."
		fix = "From now on the evidence of each occurrence is filed as it happens by a named owner (%s), with a check at each month end that nothing is missing."
	} else {
		r.ImmediateSteps = "Performed the missed occurrences as soon as the lapse was found, and kept the evidence."
	}
	r.LongTermFix = fmt.Sprintf(fix, owner)
	r.ManagementResponse = fmt.Sprintf("Management agrees with the exception: the %s did not operate as described for every occurrence in the period. Management %s %s Management considers that the other controls addressing %s operated effectively throughout the period.",
		lowerFirst(q.Title), lowerFirst(r.ImmediateSteps), r.LongTermFix, listWords(q.Criteria))
	return r
}
