package assessment

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reasons are one plain sentence per item, in the words a founder uses and an
// auditor accepts. Each is built from whole clauses, so that it reads as
// correct English for any title in any bank.

func reasonUnanswered(q Question) string {
	return fmt.Sprintf("%s is not answered yet: it is unknown, and left out of the figures until it is.", q.Title)
}

func reasonIncomplete(q Question, part string) string {
	if part == "evidence" {
		return fmt.Sprintf("%s: say whether you can show proof (complete, partial or none) to forecast it.", q.Title)
	}
	return fmt.Sprintf("%s: say how reliably it ran over the period, or how many occurrences were missed, to forecast it.", q.Title)
}

func linkedSentence(lead Question) string {
	return fmt.Sprintf("It tests the same control as %s (%s), which carries the finding: one lapse, one exception.", lead.ID, lead.Title)
}

// reason explains an answered item's forecast in one or two sentences.
func (ctx scoring) reason(it Item) string {
	q, ans := it.Question, it.Answer
	crit := listWords(q.Criteria)
	switch {
	case (ans.Status == Missing || ans.Status == Planned) && q.Practice == Recommended:
		return fmt.Sprintf("%s is a recommended practice that no criterion requires: doing it raises readiness, and an auditor does not report its absence.", q.Title)
	case ans.Status == Missing:
		return fmt.Sprintf("%s: no control is in place, so %s %s at risk of being reported as not met (a design gap, not a sampled exception).", q.Title, crit, isAre(len(q.Criteria)))
	case ans.Status == Planned:
		return fmt.Sprintf("%s is only planned: until it runs there is nothing to test, so %s %s at risk of being reported as not met.", q.Title, crit, isAre(len(q.Criteria)))
	case it.NotTested:
		s := fmt.Sprintf("%s: no %s in the period%s, so the auditor has nothing to sample and reports \u201cno occurrences\u201d, not an exception.", q.Title, it.Population.Noun(), assumedNote(it))
		if it.Probability > 0 {
			s += " It is only partly in place, a design gap to close."
		}
		return s
	}
	if _, ok := ctx.noList[it.Population]; ok && it.Population != "" && it.Sample > 0 && ctx.scope.ReportType == Type2 {
		return fmt.Sprintf("%s: there is no complete list of %s to sample from (%s is missing or planned), so the auditor cannot draw a sample and records an exception.", q.Title, it.Population.Noun(), ctx.noList[it.Population])
	}
	if f, ok := ctx.mock[q.ID]; ok && f.failed != "" && ctx.scope.ReportType == Type2 {
		return fmt.Sprintf("%s: your mock audit found a deviation in the auditor's sample (%s): an auditor testing a sample this size finds it for certain, unless it is fixed and performed again with proof before the period starts.", q.Title, f.failed)
	}
	if it.Probability == 0 {
		if ctx.scope.ReportType == Type2 && q.Frequency.Recurring() {
			return fmt.Sprintf("%s is in place, ran every time and has complete evidence: no exception expected.", q.Title)
		}
		return fmt.Sprintf("%s is in place with complete evidence: no exception expected.", q.Title)
	}
	tail := ""
	if q.Practice == Recommended {
		tail = " It is a recommended practice, so a lapse here is advice, not a reportable exception."
	}
	if ctx.scope.ReportType != Type2 || !q.Frequency.Recurring() {
		return oneInstanceReason(it) + tail
	}
	return fmt.Sprintf("%s: %s; %s: %s chance of an exception.%s", q.Title, missesClause(it), ctx.sampleClause(it), Percent(it.Probability), tail)
}

func oneInstanceReason(it Item) string {
	q, ans := it.Question, it.Answer
	switch {
	case ans.Evidence == EvidenceNone:
		return fmt.Sprintf("%s: there is no proof to show, so the auditor cannot confirm it is in place: an exception for certain.", q.Title)
	case ans.Status == Partial:
		return fmt.Sprintf("%s is only partly in place: the auditor tests it as described, %s chance of an exception.", q.Title, Percent(it.Probability))
	default:
		return fmt.Sprintf("%s: proof exists for only some occurrences; the auditor asks for one, %s chance it is one without proof.", q.Title, Percent(it.Probability))
	}
}

// missesClause says what failed, counted or estimated.
func missesClause(it Item) string {
	ans := it.Answer
	s := answerShares(ans, true)
	automated := it.Question.Automated() && it.PopulationSize == 1
	switch {
	case ans.Evidence == EvidenceNone:
		return "there is no proof for any occurrence, so every sampled one is an exception"
	case ans.Missed.Known && it.Misses == float64(min(ans.Missed.N, it.PopulationSize)) && automated:
		return fmt.Sprintf("it lapsed in the period (%s counted)", plural(ans.Missed.N, "lapse"))
	case ans.Missed.Known && it.Misses == float64(min(ans.Missed.N, it.PopulationSize)):
		k := min(ans.Missed.N, it.PopulationSize)
		return fmt.Sprintf("%d of %s %s missed or %s proof", k, unitCount(it, it.PopulationSize), wasWere(k), lackLacks(k))
	case s.status >= s.evidence && s.status >= s.runs:
		return "it covers only part of what it should, so about half of the occurrences fail as described"
	case s.evidence >= s.runs:
		return fmt.Sprintf("proof is missing for a few occurrences (about 1 in %.0f)", 1/evidenceMissShare[EvidencePartial])
	case automated:
		return fmt.Sprintf("it ran \u201c%s\u201d: the setting was off about %.0f%% of the time", ans.Consistency, 100*s.runs)
	case it.Misses < 1:
		return fmt.Sprintf("it ran \u201c%s\u201d: perhaps one of %s was missed", ans.Consistency, unitCount(it, it.PopulationSize))
	default:
		k := int(math.Round(it.Misses))
		return fmt.Sprintf("it ran \u201c%s\u201d: about %d of %s %s missed", ans.Consistency, k, unitCount(it, it.PopulationSize), wasWere(k))
	}
}

// sampleClause says what the auditor tests.
func (ctx scoring) sampleClause(it Item) string {
	q := it.Question
	switch {
	case it.Population != "" || q.Frequency == PerEvent:
		noun := it.Population.Noun()
		if it.Population == "" {
			noun = "occurrences"
		}
		if it.PopulationSize == 1 && it.Population != "" {
			noun = it.Population.Singular()
		}
		return fmt.Sprintf("the auditor tests %d of %d %s%s", it.Sample, it.PopulationSize, noun, assumedNote(it))
	case q.Automated() && len(ctx.itgcGaps) == 0:
		return "it is automated, so the auditor tests it once"
	case q.Automated():
		return fmt.Sprintf("it is automated, but %s %s missing, so the auditor cannot rely on a test of one and tests %d of %s",
			listWords(ctx.itgcGaps), isAre(len(ctx.itgcGaps)), it.Sample, unitCount(it, it.PopulationSize))
	case it.PopulationSize == 1:
		return "the auditor tests the one run within the period"
	default:
		return fmt.Sprintf("the auditor tests %d of %s", it.Sample, unitCount(it, it.PopulationSize))
	}
}

// unitCount writes n occurrences of the item's population or calendar unit
// ("4 quarters", "1 leaver").
func unitCount(it Item, n int) string {
	if it.Population != "" {
		if n == 1 {
			return "1 " + it.Population.Singular()
		}
		return fmt.Sprintf("%d %s", n, it.Population.Noun())
	}
	unit := map[Frequency]string{Annual: "year", Quarterly: "quarter", Monthly: "month", Weekly: "week", Daily: "day", Continuous: "month", PerEvent: "occurrence"}[it.Question.Frequency]
	return plural(n, unit)
}

func assumedNote(it Item) string {
	switch {
	case !it.Assumed:
		return ""
	case it.Population == "":
		return " (assuming about one a month)"
	}
	return " (an estimate: give your own numbers in the scope)"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

func lackLacks(n int) string {
	if n == 1 {
		return "lacks"
	}
	return "lack"
}

func hasHave(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// addressAddresses writes "addresses CC6.1" after one control, "address"
// after several.
func addressAddresses(n int, id string) string {
	if n == 1 {
		return "addresses " + id
	}
	return "address " + id
}

// listWords joins IDs as "A", "A and B", "A, B and C".
func listWords(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// lowerFirst lower-cases the first letter for use inside a sentence, rune-safe
// for any script, but leaves acronyms ("MFA for admins") as they are.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// SampleWords says in a few words what the auditor would test, for tables:
// "3 of 5 leavers", "2 of 4 quarters", "a test of one", "the one run in the
// period", "not tested: no leavers in the period", or "" when nothing is
// tested (a missing control, an unanswered question).
func (it Item) SampleWords() string {
	switch {
	case it.NotTested && it.Population != "":
		return "not tested: no " + it.Population.Noun() + " in the period"
	case it.Sample == 0:
		return ""
	case it.PopulationSize <= 1 && it.Question.Automated():
		return "a test of one"
	case it.PopulationSize <= 1 && it.Population == "":
		return "the one run in the period"
	case it.Population == "" && it.Question.Frequency == PerEvent:
		return fmt.Sprintf("%d of about %d", it.Sample, it.PopulationSize)
	}
	return fmt.Sprintf("%d of %s", it.Sample, unitCount(it, it.PopulationSize))
}

// FindingWords names the kind of finding in two or three words, the same in
// the app, the PDF and the CLI: "Missing control", "Recommended practice",
// "Proof missing", "Partly in place" or "Missed occurrences".
func (it Item) FindingWords() string {
	switch {
	case !it.Exists() && it.Question.Practice == Recommended:
		return "Recommended practice"
	case !it.Exists():
		return "Missing control"
	case it.Finding == FindingEvidence:
		return "Proof missing"
	case it.Finding == FindingDesign:
		return "Partly in place"
	}
	return "Missed occurrences"
}
