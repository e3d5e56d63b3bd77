package assessment

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Verdict is the one-word outcome of a forecast.
type Verdict string

// Verdicts, best first.
const (
	Ready       Verdict = "ready"
	NearlyReady Verdict = "nearly_ready"
	NotReady    Verdict = "not_ready"
)

// Label is the verdict in words.
func (v Verdict) Label() string {
	switch v {
	case Ready:
		return "Ready"
	case NearlyReady:
		return "Nearly ready"
	default:
		return "Not ready"
	}
}

// Item is the forecast for one applicable question.
type Item struct {
	Question    Question
	Answer      Answer
	Answered    bool
	Design      float64 // D: design or implementation gap
	Evidence    float64 // E: evidence gap
	Operating   float64 // O: at least one failing sample (Type II only)
	Sample      int     // n: occurrences the auditor would test (0 when O does not apply)
	Probability float64 // P = 1 − (1−D)(1−E)(1−O)
	Reason      string  // one sentence a founder understands
}

// Severity orders items: impact × probability.
func (it Item) Severity() float64 { return float64(it.Question.Impact) * it.Probability }

// AreaScore is readiness for one area.
type AreaScore struct {
	Area       string
	Name       string
	Readiness  float64
	Answered   int
	Applicable int
	Expected   float64
}

// Forecast is the predicted audit outcome of an assessment.
type Forecast struct {
	Readiness     float64 // 0–100, impact-weighted share of expected pass
	Answered      int
	Applicable    int
	Expected      float64 // ΣP: expected number of exceptions
	CleanChance   float64 // ΠP̄: chance of a report with no exceptions
	Verdict       Verdict
	VerdictReason string
	Areas         []AreaScore // in bank order; areas with nothing applicable are left out
	Items         []Item      // every applicable question, in bank order
}

// Exceptions returns the answered items with a material probability, most
// serious first (impact × P, then P, then question ID). Unanswered questions
// are not listed (see Unanswered), though Expected counts them: until answered
// they are assumed to fail.
func (f Forecast) Exceptions() []Item {
	var out []Item
	for _, it := range f.Items {
		if it.Answered && it.Probability >= MaterialProbability {
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

// Unanswered returns the applicable questions not answered yet, in bank order.
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

// Score forecasts the audit outcome of an assessment against a bank. It is
// deterministic: the same inputs give the same forecast.
func Score(b *Bank, a *Assessment) Forecast {
	var f Forecast
	f.CleanChance = 1
	areaIdx := map[string]int{}
	for _, ar := range b.Areas {
		areaIdx[ar.ID] = len(f.Areas)
		f.Areas = append(f.Areas, AreaScore{Area: ar.ID, Name: ar.Name})
	}
	areaWeight := make([]float64, len(f.Areas))
	areaPass := make([]float64, len(f.Areas))
	var weight, pass float64
	for _, q := range b.Questions {
		if !a.Applies(q) {
			continue
		}
		ans := a.Answers[q.ID]
		if ans.Status == NotApplicable {
			continue // counts for nothing, by design
		}
		it := scoreItem(q, ans, a.Scope)
		f.Items = append(f.Items, it)
		f.Applicable++
		w := float64(q.Impact)
		weight += w
		pass += w * (1 - it.Probability)
		f.Expected += it.Probability
		f.CleanChance *= 1 - it.Probability
		i, ok := areaIdx[q.Area]
		if !ok {
			continue
		}
		as := &f.Areas[i]
		as.Applicable++
		as.Expected += it.Probability
		areaWeight[i] += w
		areaPass[i] += w * (1 - it.Probability)
		if it.Answered {
			f.Answered++
			as.Answered++
		}
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
	f.Verdict, f.VerdictReason = verdict(&f)
	return f
}

// readiness is the weighted pass share as 0–100, rounded to one decimal so that
// printed and compared values agree. With nothing applicable there is nothing
// to show an auditor, so it is 0.
func readiness(pass, weight float64) float64 {
	if weight == 0 {
		return 0
	}
	return math.Round(1000*pass/weight) / 10
}

// scoreItem applies the model of design.md to one answered or unanswered question.
func scoreItem(q Question, ans Answer, s Scope) Item {
	it := Item{Question: q, Answer: ans, Answered: ans.Answered()}
	if !it.Answered {
		it.Design, it.Probability = 1, 1
		it.Reason = "Not answered yet: until it is, assume an auditor would find nothing to test."
		return it
	}
	it.Design = designGap[ans.Status]
	if ans.Status == Implemented || ans.Status == Partial {
		it.Evidence = evidenceGap[ans.Evidence]
		if s.ReportType == Type2 && q.Frequency.Recurring() {
			it.Sample = SampleSize(q.Frequency, s.Months())
			it.Operating = 1 - math.Pow(1-deviationRate[ans.Consistency], float64(it.Sample))
		}
	}
	it.Probability = 1 - (1-it.Design)*(1-it.Evidence)*(1-it.Operating)
	it.Reason = reason(it, s)
	return it
}

// SampleSize is how many occurrences of a control an auditor would test in a
// Type II period of the given months: the usual sample for its frequency,
// capped by how many times the control can have run.
func SampleSize(f Frequency, months int) int {
	n := sampleSize[f]
	if per, ok := occurrencesPerYear[f]; ok {
		occ := int(math.Ceil(per * float64(months) / 12))
		if occ < 1 {
			occ = 1
		}
		if occ < n {
			n = occ
		}
	}
	return n
}

// pct writes a probability for a sentence; it never rounds an uncertain
// outcome to "0%" or "100%".
func pct(p float64) string {
	v := math.Round(p * 100)
	switch {
	case v == 0 && p > 0:
		return "under 1%"
	case v == 100 && p < 1:
		return "over 99%"
	}
	return fmt.Sprintf("%.0f%%", v)
}

// reason explains the largest contributor to P in one sentence.
func reason(it Item, s Scope) string {
	if it.Question.Title == "" {
		it.Question.Title = it.Question.ID
	}
	title := lowerFirst(it.Question.Title)
	switch it.Answer.Status {
	case Missing:
		return fmt.Sprintf("There is no %s yet: an auditor records this as an exception for certain.", title)
	case Planned:
		return fmt.Sprintf("%s is only planned: until it runs, an auditor has nothing to test.", it.Question.Title)
	}
	if it.Probability == 0 {
		return fmt.Sprintf("%s is in place with complete evidence: no exception expected.", it.Question.Title)
	}
	var parts []string
	if it.Answer.Status == Partial {
		parts = append(parts, "it is only partly in place, and the auditor tests it as described")
	}
	switch it.Answer.Evidence {
	case EvidenceNone, "":
		parts = append(parts, "there is no evidence to show, and an untestable control is an exception")
	case EvidencePartial:
		parts = append(parts, "evidence exists for only some occurrences")
	}
	if it.Sample > 0 && it.Operating > 0 {
		cons := string(it.Answer.Consistency)
		if cons == "" {
			cons = "not yet rated"
		}
		parts = append(parts, fmt.Sprintf("it ran %q: an auditor samples %s over %d months, with %s chance that one was missed",
			cons, samples(it.Question.Frequency, it.Sample), s.Months(), pct(it.Operating)))
	}
	return fmt.Sprintf("%s: %s (%s chance of an exception).", it.Question.Title, strings.Join(parts, "; "), pct(it.Probability))
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

func samples(f Frequency, n int) string {
	unit := map[Frequency]string{Annual: "year", Quarterly: "quarter", Monthly: "month", Weekly: "week", Daily: "day"}[f]
	switch {
	case f == Continuous:
		return "one test of the automated setting"
	case f == PerEvent && n == 1:
		return "1 occurrence"
	case f == PerEvent:
		return fmt.Sprintf("%d occurrences", n)
	case n == 1:
		return "1 " + unit
	default:
		return fmt.Sprintf("%d %ss", n, unit)
	}
}

func verdict(f *Forecast) (Verdict, string) {
	if f.Applicable == 0 {
		return NotReady, "No question applies to this scope yet: check the categories in scope and the company profile."
	}
	unanswered := f.Applicable - f.Answered
	share := float64(unanswered) / float64(f.Applicable)
	exp := fmt.Sprintf("%.1f", f.Expected)
	switch {
	case share > maxUnansweredShare:
		return NotReady, fmt.Sprintf("%d of %d questions are still unanswered: answer them to get a reliable forecast.", unanswered, f.Applicable)
	case f.Readiness >= ReadyReadiness && f.Expected <= readyMaxExpected && unanswered == 0:
		return Ready, fmt.Sprintf("Readiness is %.0f and about %s exceptions are expected: an auditor would most likely issue a clean report.", f.Readiness, exp)
	case f.Readiness >= NearlyReadyReadiness && f.Expected <= nearlyReadyMaxExpected:
		return NearlyReady, fmt.Sprintf("Readiness is %.0f but about %s exceptions are expected: close the highest-priority gaps before the audit.", f.Readiness, exp)
	case f.Readiness >= NearlyReadyReadiness:
		return NotReady, fmt.Sprintf("Readiness is %.0f, but about %s exceptions are expected: many small gaps add up, so close the likeliest first.", f.Readiness, exp)
	default:
		return NotReady, fmt.Sprintf("Readiness is %.0f and about %s exceptions are expected: several controls are missing or cannot be evidenced yet.", f.Readiness, exp)
	}
}

// Snapshot records the forecast's scores for the history, with each question's
// probability so two snapshots can be compared question by question.
func (f Forecast) Snapshot(at time.Time, label string) Snapshot {
	snap := Snapshot{
		Taken: at, Label: label, Readiness: f.Readiness, Expected: f.Expected,
		CleanChance: f.CleanChance, Verdict: f.Verdict, Answered: f.Answered, Applicable: f.Applicable,
		Areas: map[string]float64{}, Probabilities: map[string]float64{},
	}
	for _, a := range f.Areas {
		snap.Areas[a.Area] = a.Readiness
	}
	for _, it := range f.Items {
		snap.Probabilities[it.Question.ID] = it.Probability
	}
	return snap
}
