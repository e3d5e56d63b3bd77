package assessment

import "math"

// scoring holds what one item's forecast depends on beyond its own answer:
// the scope, the company's populations, and the controls the auditor relies
// on before testing others (IT general controls, population lists).
type scoring struct {
	scope   Scope
	profile Profile
	// itgcGaps are IT general controls that are missing or planned: an
	// automated control then cannot be tested once and relied on.
	itgcGaps []string
	// noList maps a population to the control that should keep its list,
	// when that control is missing or planned: no sample can be drawn.
	noList map[PopulationKind]string
	// lists counts the items of each imported list inside the period, and
	// mock is what the company's own test of the sample found.
	lists map[PopulationKind]int
	mock  map[string]mockFinding
}

func newScoring(b *Bank, a *Assessment) scoring {
	ctx := scoring{scope: a.Scope, profile: a.Profile, noList: map[PopulationKind]string{},
		lists: map[PopulationKind]int{}, mock: mockFindings(b, a)}
	for k, l := range a.Lists {
		ctx.lists[k] = len(l.InPeriod(a.Scope))
	}
	for _, q := range b.Questions {
		if !a.Applies(q) {
			continue
		}
		st := a.Answers[q.ID].Status
		if st != Missing && st != Planned {
			continue
		}
		if q.ITGC {
			ctx.itgcGaps = append(ctx.itgcGaps, q.ID)
		}
		for _, k := range q.SourceOf {
			if _, imported := a.Lists[k]; imported {
				continue // the company has the list: it imported it
			}
			if _, ok := ctx.noList[k]; !ok {
				ctx.noList[k] = q.ID
			}
		}
	}
	return ctx
}

// scoreItem forecasts one question.
func (ctx scoring) scoreItem(q Question, ans Answer) Item {
	it := Item{Question: q, Answer: ans}
	if ans.Status == "" {
		it.Reason = reasonUnanswered(q)
		return it
	}
	if it.Incomplete = ctx.missingPart(q, ans); it.Incomplete != "" {
		it.Reason = reasonIncomplete(q, it.Incomplete)
		return it
	}
	it.Answered = true
	switch {
	case ans.Status == Missing || ans.Status == Planned:
		it.Probability, it.Finding = 1, FindingDesign
	case ctx.scope.ReportType != Type2 || !q.Frequency.Recurring():
		ctx.oneInstance(&it)
	default:
		ctx.overPeriod(&it)
	}
	it.Counted = it.Probability > 0 && it.Exists() && !it.NotTested && q.Practice != Recommended
	it.Reason = ctx.reason(it)
	return it
}

// missingPart names what an answer to an existing control still lacks: the
// evidence level, and for a recurring control in a Type II period how
// reliably it ran (or how many occurrences were missed).
func (ctx scoring) missingPart(q Question, ans Answer) string {
	if ans.Status != Implemented && ans.Status != Partial {
		return ""
	}
	if ans.Evidence == "" {
		return "evidence"
	}
	if ctx.scope.ReportType == Type2 && q.Frequency.Recurring() && ans.Consistency == "" && !ans.Missed.Known {
		return "consistency"
	}
	return ""
}

// shares are the shares of occurrences that fail for each reason.
type shares struct{ status, evidence, runs float64 }

func (s shares) max() float64 { return math.Max(s.status, math.Max(s.evidence, s.runs)) }

// finding names the largest cause; evidence wins a tie, since "no proof" is
// what the auditor writes down.
func (s shares) finding(counted bool) Finding {
	switch {
	case s.max() == 0:
		return ""
	case s.evidence >= s.status && s.evidence >= s.runs:
		return FindingEvidence
	case s.status >= s.runs && !counted:
		return FindingDesign
	default:
		return FindingOperating
	}
}

func answerShares(ans Answer, withRuns bool) shares {
	s := shares{evidence: evidenceMissShare[ans.Evidence]}
	if ans.Status == Partial {
		s.status = partialMissShare
	}
	if withRuns {
		s.runs = missShare[ans.Consistency]
	}
	return s
}

// oneInstance is a Type I test of design and implementation, or a document
// that exists or not: one instance is enough evidence, so P is the share of
// instances that would fail. A per-event control whose population is empty
// (no leavers in a year) can be checked for design only.
func (ctx scoring) oneInstance(it *Item) {
	s := answerShares(it.Answer, false)
	if k := it.Question.Population; k != "" {
		n, assumed := ctx.inPeriod(k)
		it.Population, it.PopulationSize, it.Assumed = k, n, assumed
		if n == 0 {
			it.NotTested = true
			s.evidence = 0
		}
	}
	it.Probability = s.max()
	if !it.NotTested {
		it.Sample = 1
	}
	it.Finding = s.finding(false)
}

// overPeriod is a Type II test of operating effectiveness: the auditor draws
// n of the N occurrences in the period, and P is the exact chance that the
// sample holds at least one of the k missed or unproven ones.
func (ctx scoring) overPeriod(it *Item) {
	q, ans := it.Question, it.Answer
	s := answerShares(ans, true)
	var n float64
	switch k := q.Population; {
	case k != "":
		it.Population = k
		it.PopulationSize, it.Assumed = ctx.inPeriod(k)
		n = populationSample(it.PopulationSize)
	case q.Frequency == PerEvent:
		// Events the profile does not count (privacy requests, customer
		// notices) are assumed to happen about monthly.
		it.PopulationSize = int(math.Ceil(defaultEventsPerYear*float64(ctx.scope.Months())/12 - 1e-9))
		it.Assumed = true
		n = populationSample(it.PopulationSize)
	case q.Automated() && len(ctx.itgcGaps) == 0:
		it.PopulationSize, n = 1, 1
	case q.Automated():
		// Without change management and access controls around it the
		// auditor cannot rely on a test of one and tests across the period.
		it.PopulationSize = ctx.scope.Months()
		n = math.Min(widenedSample, float64(it.PopulationSize))
	default:
		per := occurrencesPerYear[q.Frequency]
		it.PopulationSize = max(1, int(math.Ceil(per*float64(ctx.scope.Months())/12-1e-9)))
		n = math.Min(float64(periodicSample[q.Frequency]), float64(it.PopulationSize))
	}
	N := it.PopulationSize
	if N == 0 {
		// Nothing happened in the period: no operating test, no exception;
		// a partly built control is still a design gap.
		it.NotTested = true
		it.Probability = s.status
		it.Finding = shares{status: s.status}.finding(false)
		return
	}
	it.Sample = int(math.Ceil(n - 1e-9))
	if _, ok := ctx.noList[it.Population]; ok && it.Population != "" {
		it.Misses, it.Probability, it.Finding = float64(N), 1, FindingEvidence
		return
	}
	k := s.max() * float64(N)
	if ans.Missed.Known {
		// A counted miss replaces the estimate from the consistency word;
		// a control with no proof at all, or built for only part of the
		// scope, still fails where that says.
		k = math.Max(float64(min(ans.Missed.N, N)), math.Max(s.evidence, s.status)*float64(N))
		s.runs = float64(min(ans.Missed.N, N)) / float64(N)
	}
	it.Misses = k
	it.Probability = catchChance(N, k, n)
	it.Finding = s.finding(true)
	if f, ok := ctx.mock[q.ID]; ok {
		f.observed(it)
	}
	if it.Probability == 0 {
		it.Finding = ""
	}
}

// inPeriod is a population's size in the period: the imported list's items
// inside it when there is a list, else the company's figure or the default.
func (ctx scoring) inPeriod(k PopulationKind) (int, bool) {
	if n, ok := ctx.lists[k]; ok {
		return n, false
	}
	return ctx.profile.InPeriod(k, ctx.scope)
}

// populationSample is the auditor's sample from N occurrences (see the
// constants): all of 3 or fewer, else 10% between 3 and 25, unrounded.
func populationSample(N int) float64 {
	if float64(N) <= populationSampleMin {
		return float64(N)
	}
	return math.Min(populationSampleMax, math.Max(populationSampleMin, populationSampleShare*float64(N)))
}

// PopulationSample is the sample an auditor draws from N occurrences, rounded
// up as it is printed and drawn.
func PopulationSample(N int) int { return int(math.Ceil(populationSample(N) - 1e-9)) }

// catchChance is the chance that a sample of n of N occurrences holds at least
// one of k bad ones: 1 − C(N−k, n)/C(N, n). An estimated k may be fractional;
// the chance is then the mix of the chances at ⌊k⌋ and ⌈k⌉.
func catchChance(N int, k, n float64) float64 {
	if N <= 0 || k <= 0 || n <= 0 {
		return 0
	}
	k = math.Min(k, float64(N))
	lo := math.Floor(k)
	p := hypergeometricHit(N, int(lo), n)
	if f := k - lo; f > 0 {
		p = (1-f)*p + f*hypergeometricHit(N, int(lo)+1, n)
	}
	return p
}

// hypergeometricHit is 1 − C(N−k, n)/C(N, n), written as the product
// Π_{i<k} (N−n−i)/(N−i) so that n may be fractional (the smoothed 10% rule).
func hypergeometricHit(N, k int, n float64) float64 {
	if k <= 0 {
		return 0
	}
	none := 1.0
	for i := 0; i < k && none > 1e-15; i++ {
		left := float64(N) - n - float64(i)
		if left <= 0 {
			return 1
		}
		none *= left / float64(N-i)
	}
	return 1 - none
}
