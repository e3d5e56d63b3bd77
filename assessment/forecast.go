package assessment

import (
	"math"
	"sort"
	"time"
)

// The forecast reasons as a SOC 2 auditor concludes (domain.md, "Populations,
// deviations and the opinion"), and keeps two outcomes apart:
//   - a criterion with no control that exists is not met: opinion risk
//     (unqualified, qualified, adverse), listed per criterion;
//   - a control that exists but slipped in occurrences the auditor samples is
//     a reportable exception, counted in Expected.
//
// Unanswered questions are unknown, not failed: every figure is over the
// answered questions, with the coverage beside it.

// Verdict is the one-word outcome of a forecast.
type Verdict string

// Verdicts, best first; Incomplete until enough is answered to say.
const (
	Ready       Verdict = "ready"
	NearlyReady Verdict = "nearly_ready"
	NotReady    Verdict = "not_ready"
	Incomplete  Verdict = "incomplete"
)

// Verdicts lists every verdict a forecast or a stored snapshot may carry; a
// snapshot with any other is refused.
var Verdicts = []Verdict{Ready, NearlyReady, NotReady, Incomplete}

// Label is the verdict in words.
func (v Verdict) Label() string {
	switch v {
	case Ready:
		return "Ready"
	case NearlyReady:
		return "Nearly ready"
	case Incomplete:
		return "Incomplete"
	default:
		return "Not ready"
	}
}

// Opinion is the auditor's opinion a forecast expects.
type Opinion string

// Opinions, best first.
const (
	Unqualified Opinion = "unqualified"
	Qualified   Opinion = "qualified"
	Adverse     Opinion = "adverse"
)

// Opinions lists every opinion a forecast or a snapshot may carry.
var Opinions = []Opinion{Unqualified, Qualified, Adverse}

// Label is the opinion in words a CEO reads.
func (o Opinion) Label() string {
	switch o {
	case Qualified:
		return "Qualified opinion risk"
	case Adverse:
		return "Adverse opinion risk"
	default:
		return "Unqualified (clean) opinion expected"
	}
}

// Finding is the kind of finding an auditor would record on a control.
type Finding string

// Findings: a design gap (the control is missing, planned or only partly in
// place), an operating deviation (it did not run every time), or an evidence
// deviation (it ran, but a sampled occurrence has no proof).
const (
	FindingDesign    Finding = "design"
	FindingOperating Finding = "operating"
	FindingEvidence  Finding = "evidence"
)

// Item is the forecast for one applicable question.
type Item struct {
	Question Question
	Answer   Answer
	// Answered means the answer is complete enough to forecast; Incomplete
	// names what a started answer still lacks ("evidence", "consistency").
	Answered   bool
	Incomplete string
	Finding    Finding // "" when the auditor would record nothing
	// Probability is the chance that the auditor records a finding on this
	// control: 1 for a control that does not exist.
	Probability float64
	// Counted means the finding would be a reportable exception in the tests
	// of controls: the control exists, a criterion requires it, and no linked
	// question of its group already carries the same lapse.
	Counted  bool
	LinkedTo string // the question of the same group that carries the finding
	// Sampling, when the control is tested over a period: the population
	// (Population "" for periodic and automated controls), its size N in the
	// period, the auditor's sample n and the misses k (estimated or counted).
	Population     PopulationKind
	PopulationSize int
	Assumed        bool // the population size is a default from the headcount
	Sample         int  // n as printed; 0 when not tested
	Misses         float64
	NotTested      bool // no occurrences in the period: nothing to sample
	Reason         string
}

// Severity orders items: impact × probability.
func (it Item) Severity() float64 { return float64(it.Question.Impact) * it.Probability }

// Exists reports whether the control is in place, fully or in part.
func (it Item) Exists() bool {
	return it.Answer.Status == Implemented || it.Answer.Status == Partial
}

// AreaScore is readiness for one area, over its answered questions.
type AreaScore struct {
	Area       string
	Name       string
	Readiness  float64 // meaningful only when Scored
	Answered   int
	Applicable int
	Expected   float64
}

// Scored reports whether the area has an answer to score; an area nobody has
// answered has no score, not 0.
func (a AreaScore) Scored() bool { return a.Answered > 0 }

// Forecast is the predicted audit outcome of an assessment.
type Forecast struct {
	Readiness  float64 // 0–100 over answered questions, impact-weighted
	Answered   int
	Applicable int
	Coverage   float64 // Answered / Applicable
	// Expected is the expected number of reportable exceptions, with the
	// 10th–90th percentile range and the chance of none.
	Expected      float64
	ExpectedRange [2]int
	CleanChance   float64
	Opinion       Opinion
	OpinionReason string
	Criteria      []CriterionStatus // every criterion in scope, in report order
	Verdict       Verdict
	VerdictReason string
	Areas         []AreaScore // in bank order; areas with nothing applicable are left out
	Items         []Item      // every applicable question, in bank order
	// ITGCGaps are the IT general controls that are missing or planned, so
	// automated controls cannot be relied on.
	ITGCGaps []string
}

// Exceptions returns the answered items with a material probability of a
// finding, most serious first (impact × P, then P, then question ID): design
// gaps as well as likely exceptions, each with its Finding kind.
func (f Forecast) Exceptions() []Item {
	var out []Item
	for _, it := range f.Items {
		if it.Answered && it.LinkedTo == "" && it.Probability >= MaterialProbability {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Severity() != b.Severity() {
			return a.Severity() > b.Severity()
		}
		if a.Probability != b.Probability {
			return a.Probability > b.Probability
		}
		return a.Question.ID < b.Question.ID
	})
	return out
}

// Unanswered returns the applicable questions not fully answered yet, in bank
// order: those with no answer and those whose answer lacks a part.
func (f Forecast) Unanswered() []Item {
	var out []Item
	for _, it := range f.Items {
		if !it.Answered {
			out = append(out, it)
		}
	}
	return out
}

// Item returns the forecast item of a question.
func (f Forecast) Item(id string) (Item, bool) {
	for _, it := range f.Items {
		if it.Question.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// AtRisk returns the criteria not met or at risk, in report order.
func (f Forecast) AtRisk() []CriterionStatus {
	var out []CriterionStatus
	for _, c := range f.Criteria {
		if c.State == CriterionNotMet || c.State == CriterionAtRisk {
			out = append(out, c)
		}
	}
	return out
}

// Score forecasts the audit outcome of an assessment against a bank. It is
// deterministic: the same inputs give the same forecast.
func Score(b *Bank, a *Assessment) Forecast {
	f := Forecast{Items: make([]Item, 0, len(b.Questions))}
	ctx := newScoring(b, a)
	f.ITGCGaps = ctx.itgcGaps
	for _, q := range b.Questions {
		if !a.Applies(q) || a.Answers[q.ID].Status == NotApplicable {
			continue // counts for nothing, by design
		}
		f.Items = append(f.Items, ctx.scoreItem(q, a.Answers[q.ID]))
	}
	linkGroups(f.Items)
	f.Applicable = len(f.Items)
	f.scoreAreas(b)
	f.Criteria = criteriaStatus(f.Items, a.Scope)
	f.Opinion, f.OpinionReason = opinion(f.Criteria)
	var counted []float64
	for _, it := range f.Items {
		if it.Counted {
			counted = append(counted, it.Probability)
		}
	}
	f.Expected, f.CleanChance, f.ExpectedRange = exceptionsDistribution(counted)
	if f.Applicable > 0 {
		f.Coverage = float64(f.Answered) / float64(f.Applicable)
	}
	f.Verdict, f.VerdictReason = verdict(&f)
	return f
}

// scoreAreas sums readiness overall and per area, over answered items only.
func (f *Forecast) scoreAreas(b *Bank) {
	areaIdx := map[string]int{}
	for _, ar := range b.Areas {
		areaIdx[ar.ID] = len(f.Areas)
		f.Areas = append(f.Areas, AreaScore{Area: ar.ID, Name: ar.Name})
	}
	areaWeight := make([]float64, len(f.Areas))
	areaPass := make([]float64, len(f.Areas))
	var weight, pass float64
	for _, it := range f.Items {
		i, inArea := areaIdx[it.Question.Area]
		if inArea {
			f.Areas[i].Applicable++
		}
		if !it.Answered {
			continue
		}
		f.Answered++
		w := float64(it.Question.Impact)
		weight += w
		pass += w * (1 - it.Probability)
		if !inArea {
			continue
		}
		as := &f.Areas[i]
		as.Answered++
		if it.Counted {
			as.Expected += it.Probability
		}
		areaWeight[i] += w
		areaPass[i] += w * (1 - it.Probability)
	}
	f.Readiness = readiness(pass, weight)
	kept := f.Areas[:0]
	for i, as := range f.Areas {
		if as.Applicable == 0 {
			continue
		}
		as.Readiness = readiness(areaPass[i], areaWeight[i])
		kept = append(kept, as)
	}
	f.Areas = kept
}

// readiness is the weighted pass share as 0–100, rounded to one decimal so that
// printed and compared values agree. With nothing answered there is nothing
// to show an auditor, so it is 0.
func readiness(pass, weight float64) float64 {
	if weight == 0 {
		return 0
	}
	return math.Round(1000*pass/weight) / 10
}

// linkGroups makes one lapse one finding: of the counted items of a group, the
// likeliest carries the finding and the others point to it.
func linkGroups(items []Item) {
	lead := map[string]int{}
	for i, it := range items {
		g := it.Question.Group
		if g == "" || !it.Counted {
			continue
		}
		j, ok := lead[g]
		if !ok || it.Probability > items[j].Probability {
			lead[g] = i
		}
	}
	for i := range items {
		it := &items[i]
		j, ok := lead[it.Question.Group]
		if !ok || !it.Counted || i == j {
			continue
		}
		it.Counted = false
		it.LinkedTo = items[j].Question.ID
		it.Reason += " " + linkedSentence(items[j].Question)
	}
}

// exceptionsDistribution is the Poisson-binomial distribution of the number
// of reportable exceptions: its mean, the chance of none, and its 10th and
// 90th percentiles.
func exceptionsDistribution(ps []float64) (mean, none float64, p1090 [2]int) {
	// dist[k] is the chance of exactly k exceptions among the controls so
	// far; each control updates it in place, from the top down.
	dist := make([]float64, len(ps)+1)
	dist[0] = 1
	for i, p := range ps {
		mean += p
		for k := i + 1; k > 0; k-- {
			dist[k] = dist[k]*(1-p) + dist[k-1]*p
		}
		dist[0] *= 1 - p
	}
	cum, lo, hi := 0.0, -1, -1
	for k, d := range dist {
		cum += d
		if lo < 0 && cum >= 0.10-1e-12 {
			lo = k
		}
		if hi < 0 && cum >= 0.90-1e-12 {
			hi = k
		}
	}
	if hi < 0 {
		hi = len(dist) - 1
	}
	return mean, dist[0], [2]int{lo, hi}
}

// Snapshot records the forecast's scores for the history, with each question's
// probability so two snapshots can be compared question by question.
func (f Forecast) Snapshot(at time.Time, label string) Snapshot {
	snap := Snapshot{
		Taken: at, Label: label, Readiness: f.Readiness, Expected: f.Expected,
		CleanChance: f.CleanChance, Verdict: f.Verdict, Opinion: f.Opinion,
		Answered: f.Answered, Applicable: f.Applicable,
		Areas: map[string]float64{}, Probabilities: map[string]float64{},
	}
	for _, a := range f.Areas {
		if a.Scored() {
			snap.Areas[a.Area] = a.Readiness
		}
	}
	for _, it := range f.Items {
		if it.Answered {
			snap.Probabilities[it.Question.ID] = it.Probability
		}
	}
	return snap
}
