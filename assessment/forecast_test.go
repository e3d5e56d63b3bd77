package assessment

import (
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
)

func testBank(t testing.TB) *Bank {
	t.Helper()
	data, err := os.ReadFile("testdata/bank.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseBank(data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func newAssessment(rt ReportType, cats ...Category) *Assessment {
	return &Assessment{
		Company: "Acme",
		Scope:   Scope{ReportType: rt, Categories: cats, PeriodMonths: 6},
		Answers: map[string]Answer{},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestScoreItemFormula(t *testing.T) {
	b := testBank(t)
	tests := []struct {
		name     string
		question string
		rt       ReportType
		answer   Answer
		want     float64
		sample   int
	}{
		{"unanswered is certain", "AC-02", Type2, Answer{}, 1, 0},
		{"missing is certain", "AC-02", Type2, Answer{Status: Missing, Evidence: EvidenceComplete, Consistency: Always}, 1, 0},
		{"planned is certain", "AC-02", Type1, Answer{Status: Planned}, 1, 0},
		{"implemented, complete, always", "AC-02", Type2, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Always}, 0, 2},
		{"no evidence", "SO-04", Type1, Answer{Status: Implemented, Evidence: EvidenceNone}, 0.7, 0},
		{"evidence unanswered counts as none", "SO-04", Type1, Answer{Status: Implemented}, 0.7, 0},
		{"partial evidence", "SO-04", Type1, Answer{Status: Implemented, Evidence: EvidencePartial}, 0.3, 0},
		{"partial status and evidence", "SO-04", Type1, Answer{Status: Partial, Evidence: EvidencePartial}, 1 - 0.4*0.7, 0},
		// quarterly, mostly: 1 − 0.95² ≈ 9.75%, the design's "about 10%".
		{"quarterly mostly", "AC-02", Type2, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}, 1 - 0.95*0.95, 2},
		{"quarterly mostly in Type I ignores operation", "AC-02", Type1, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}, 0, 0},
		{"daily sometimes", "SO-01", Type2, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Sometimes}, 1 - math.Pow(0.8, 25), 25},
		{"weekly rarely, partial evidence", "SO-02", Type2, Answer{Status: Implemented, Evidence: EvidencePartial, Consistency: Rarely}, 1 - 0.7*math.Pow(0.5, 10), 10},
		{"per event, consistency unanswered counts as rarely", "AC-03", Type2, Answer{Status: Implemented, Evidence: EvidenceComplete}, 1 - math.Pow(0.5, 25), 25},
		{"automated control is a test of one", "AC-01", Type2, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}, 0.05, 1},
		{"a document does not operate", "SO-04", Type2, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Rarely}, 0, 0},
		{"annual in 6 months: one sample", "SO-05", Type2, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Sometimes}, 0.2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := b.Question(tt.question)
			a := newAssessment(tt.rt)
			it := scoreItem(q, tt.answer, a.Scope)
			if !near(it.Probability, tt.want) {
				t.Errorf("P = %.6f, want %.6f (D %.2f E %.2f O %.4f)", it.Probability, tt.want, it.Design, it.Evidence, it.Operating)
			}
			if it.Sample != tt.sample {
				t.Errorf("sample = %d, want %d", it.Sample, tt.sample)
			}
			if it.Reason == "" || !strings.HasSuffix(it.Reason, ".") {
				t.Errorf("reason %q is not a sentence", it.Reason)
			}
		})
	}
}

func TestReasonExplainsSampling(t *testing.T) {
	b := testBank(t)
	q, _ := b.Question("AC-02")
	it := scoreItem(q, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}, Scope{ReportType: Type2, PeriodMonths: 6})
	for _, want := range []string{"Access reviews", `"mostly"`, "samples 2 quarters", "10% chance"} {
		if !strings.Contains(it.Reason, want) {
			t.Errorf("reason %q does not mention %q", it.Reason, want)
		}
	}
}

func TestSampleSize(t *testing.T) {
	tests := []struct {
		f      Frequency
		months int
		want   int
	}{
		{Annual, 12, 1}, {Annual, 3, 1},
		{Quarterly, 12, 2}, {Quarterly, 3, 1},
		{Monthly, 12, 3}, {Monthly, 2, 2},
		{Weekly, 12, 10}, {Weekly, 1, 5},
		{Daily, 6, 25}, {Daily, 1, 22},
		{PerEvent, 1, 25}, {Continuous, 12, 1},
	}
	for _, tt := range tests {
		if got := SampleSize(tt.f, tt.months); got != tt.want {
			t.Errorf("SampleSize(%s, %d) = %d, want %d", tt.f, tt.months, got, tt.want)
		}
	}
}

// randomAnswer draws any answer, including the unanswered one.
func randomAnswer(r *rand.Rand) Answer {
	statuses := []Status{"", Missing, Planned, Partial, Implemented}
	evidence := []EvidenceLevel{"", EvidenceNone, EvidencePartial, EvidenceComplete}
	cons := []Consistency{"", Rarely, Sometimes, Mostly, Always}
	return Answer{
		Status:      statuses[r.IntN(len(statuses))],
		Evidence:    evidence[r.IntN(len(evidence))],
		Consistency: cons[r.IntN(len(cons))],
	}
}

// improve moves one field of an answer one step better, if it can.
func improve(r *rand.Rand, a Answer) (Answer, bool) {
	statuses := []Status{"", Missing, Planned, Partial, Implemented}
	evidence := []EvidenceLevel{"", EvidenceNone, EvidencePartial, EvidenceComplete}
	cons := []Consistency{"", Rarely, Sometimes, Mostly, Always}
	step := func(xs []string, v string) (string, bool) {
		for i, x := range xs {
			if x == v && i+1 < len(xs) {
				return xs[i+1+r.IntN(len(xs)-i-1)], true
			}
		}
		return v, false
	}
	strs := func(n int, f func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	var ok bool
	var s string
	switch r.IntN(3) {
	case 0:
		s, ok = step(strs(len(statuses), func(i int) string { return string(statuses[i]) }), string(a.Status))
		a.Status = Status(s)
	case 1:
		s, ok = step(strs(len(evidence), func(i int) string { return string(evidence[i]) }), string(a.Evidence))
		a.Evidence = EvidenceLevel(s)
	default:
		s, ok = step(strs(len(cons), func(i int) string { return string(cons[i]) }), string(a.Consistency))
		a.Consistency = Consistency(s)
	}
	return a, ok
}

func randomAssessment(r *rand.Rand, b *Bank, rt ReportType) *Assessment {
	a := newAssessment(rt, Availability)
	a.Scope.PeriodMonths = 1 + r.IntN(12)
	for _, q := range b.Questions {
		a.Answers[q.ID] = randomAnswer(r)
	}
	return a
}

func probabilities(f Forecast) map[string]float64 {
	m := map[string]float64{}
	for _, it := range f.Items {
		m[it.Question.ID] = it.Probability
	}
	return m
}

// Improving any answer never lowers readiness and never raises any P.
func TestPropertyImprovingNeverHurts(t *testing.T) {
	b := testBank(t)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		rt := []ReportType{Type1, Type2}[r.IntN(2)]
		a := randomAssessment(r, b, rt)
		before := Score(b, a)
		q := b.Questions[r.IntN(len(b.Questions))]
		better, ok := improve(r, a.Answers[q.ID])
		if !ok {
			continue
		}
		old := a.Answers[q.ID]
		a.Answers[q.ID] = better
		after := Score(b, a)
		if after.Readiness < before.Readiness {
			t.Fatalf("%s %+v → %+v lowered readiness %.1f → %.1f", q.ID, old, better, before.Readiness, after.Readiness)
		}
		if after.Expected > before.Expected+1e-12 || after.CleanChance < before.CleanChance-1e-12 {
			t.Fatalf("%s %+v → %+v made the forecast worse", q.ID, old, better)
		}
		pb, pa := probabilities(before), probabilities(after)
		for id, p := range pa {
			if p > pb[id]+1e-12 {
				t.Fatalf("%s %+v → %+v raised P(%s) %.4f → %.4f", q.ID, old, better, id, pb[id], p)
			}
		}
		for i, ar := range after.Areas {
			if ar.Readiness < before.Areas[i].Readiness {
				t.Fatalf("%s improvement lowered area %s readiness", q.ID, ar.Area)
			}
		}
	}
}

// Higher frequency with the same imperfect consistency never lowers P.
func TestPropertyFrequencyNeverLowersP(t *testing.T) {
	order := []Frequency{Annual, Quarterly, Monthly, Weekly, Daily}
	for _, c := range []Consistency{Mostly, Sometimes, Rarely} {
		for months := 1; months <= 12; months++ {
			prev := -1.0
			for _, f := range order {
				q := Question{ID: "X", Title: "Control", Frequency: f, Impact: 2}
				it := scoreItem(q, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: c}, Scope{ReportType: Type2, PeriodMonths: months})
				if it.Probability < prev {
					t.Errorf("%s, %d months: %s gives P %.4f, lower than the less frequent control's %.4f", c, months, f, it.Probability, prev)
				}
				prev = it.Probability
			}
		}
	}
}

// Type II is never more optimistic than Type I for the same answers.
func TestPropertyType2NeverMoreOptimistic(t *testing.T) {
	b := testBank(t)
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		a1 := randomAssessment(r, b, Type1)
		a2 := *a1
		a2.Scope.ReportType = Type2
		f1, f2 := Score(b, a1), Score(b, &a2)
		if f2.Readiness > f1.Readiness || f2.Expected < f1.Expected-1e-12 {
			t.Fatalf("Type II readiness %.1f > Type I %.1f", f2.Readiness, f1.Readiness)
		}
		p1 := probabilities(f1)
		for id, p := range probabilities(f2) {
			if p < p1[id]-1e-12 {
				t.Fatalf("P(%s) Type II %.4f < Type I %.4f", id, p, p1[id])
			}
		}
	}
}

// Not-applicable answers, out-of-scope categories, profile conditions and
// retired questions count for nothing.
func TestNotApplicableCountsForNothing(t *testing.T) {
	b := testBank(t)
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 500; i++ {
		a := randomAssessment(r, b, Type2)
		base := Score(b, a)
		tests := []struct {
			name   string
			change func(a *Assessment)
			gone   string
		}{
			{"not applicable", func(a *Assessment) {
				a.Answers["SO-02"] = Answer{Status: NotApplicable, NAReason: "no servers", Evidence: EvidenceNone}
			}, "SO-02"},
			{"profile condition off", func(a *Assessment) { a.Profile = Profile{"employees": false} }, "AC-03"},
			{"category out of scope", func(a *Assessment) { a.Scope.Categories = nil }, "AV-01"},
		}
		for _, tt := range tests {
			c := *a
			c.Answers = map[string]Answer{}
			for k, v := range a.Answers {
				c.Answers[k] = v
			}
			tt.change(&c)
			got := Score(b, &c)
			if _, ok := got.Item(tt.gone); ok {
				t.Fatalf("%s: %s still forecast", tt.name, tt.gone)
			}
			// Removing the question by hand must give the same forecast.
			trimmed := &Bank{ID: b.ID, Version: b.Version, Areas: b.Areas}
			for _, q := range b.Questions {
				if q.ID != tt.gone {
					trimmed.Questions = append(trimmed.Questions, q)
				}
			}
			want := Score(trimmed, a)
			if tt.name == "category out of scope" {
				want = got // the whole category leaves; compare counts below instead
				if got.Applicable != base.Applicable-1 {
					t.Fatalf("%s: applicable %d, want %d", tt.name, got.Applicable, base.Applicable-1)
				}
			}
			if got.Readiness != want.Readiness || got.Applicable != want.Applicable || !near(got.Expected, want.Expected) {
				t.Fatalf("%s: forecast %.1f/%d differs from the bank without %s: %.1f/%d", tt.name, got.Readiness, got.Applicable, tt.gone, want.Readiness, want.Applicable)
			}
		}
		if _, ok := base.Item("AV-02"); ok {
			t.Fatal("a retired question was forecast")
		}
	}
}

func TestDeterministic(t *testing.T) {
	b := testBank(t)
	r := rand.New(rand.NewPCG(7, 8))
	a := randomAssessment(r, b, Type2)
	first := Score(b, a)
	for i := 0; i < 20; i++ {
		if got := Score(b, a); !reflect.DeepEqual(got, first) {
			t.Fatal("two scores of the same assessment differ")
		}
		if !reflect.DeepEqual(first.Exceptions(), Score(b, a).Exceptions()) {
			t.Fatal("exception order is not stable")
		}
	}
}

func TestVerdict(t *testing.T) {
	b := testBank(t)
	all := func(ans Answer) *Assessment {
		a := newAssessment(Type2, Availability)
		for _, q := range b.Questions {
			a.Answers[q.ID] = ans
		}
		return a
	}
	perfect := Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Always}
	tests := []struct {
		name string
		a    *Assessment
		want Verdict
		says string
	}{
		{"nothing answered", newAssessment(Type2), NotReady, "unanswered"},
		{"everything perfect", all(perfect), Ready, "clean report"},
		{"mostly everywhere", all(Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}), NearlyReady, "highest-priority gaps"},
		{"nothing in place", all(Answer{Status: Missing}), NotReady, "missing"},
		{"nothing applies", &Assessment{Company: "A", Scope: Scope{ReportType: Type1}, Profile: Profile{}, Answers: func() map[string]Answer {
			m := map[string]Answer{}
			for _, q := range b.Questions {
				m[q.ID] = Answer{Status: NotApplicable, NAReason: "n/a"}
			}
			return m
		}()}, NotReady, "No question applies"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Score(b, tt.a)
			if f.Verdict != tt.want {
				t.Errorf("verdict %s (%s), want %s", f.Verdict, f.VerdictReason, tt.want)
			}
			if !strings.Contains(f.VerdictReason, tt.says) {
				t.Errorf("reason %q does not say %q", f.VerdictReason, tt.says)
			}
		})
	}
}
