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

// binomial is C(n, k) by the textbook formula, to check the product form.
func binomial(n, k int) float64 {
	if k < 0 || k > n {
		return 0
	}
	r := 1.0
	for i := 1; i <= k; i++ {
		r = r * float64(n-k+i) / float64(i)
	}
	return r
}

func TestCatchChance(t *testing.T) {
	tests := []struct {
		name string
		N    int
		k, n float64
		want float64
	}{
		{"quarterly missed once in a year: 2 of 4 quarters tested", 4, 1, 2, 0.5},
		{"monthly missed once in six months: 3 tested", 6, 1, 3, 0.5},
		{"one leaver of sixty missed, six tested", 60, 1, 6, 0.1},
		{"nothing missed", 60, 0, 6, 0},
		{"everything missed", 5, 5, 1, 1},
		{"all occurrences tested", 3, 1, 3, 1},
		{"an expected half miss is half the chance of one", 4, 0.5, 2, 0.25},
		{"more misses than occurrences count as all", 4, 9, 2, 1},
		{"an empty population is never caught", 0, 1, 0, 0},
		{"two of ten missed, three tested", 10, 2, 3, 1 - binomial(8, 3)/binomial(10, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := catchChance(tt.N, tt.k, tt.n); !near(got, tt.want) {
				t.Errorf("catchChance(%d, %v, %v) = %.6f, want %.6f", tt.N, tt.k, tt.n, got, tt.want)
			}
		})
	}
	// The product form equals 1 − C(N−k, n)/C(N, n) for every small case.
	for N := 1; N <= 30; N++ {
		for k := 0; k <= N; k++ {
			for n := 0; n <= N; n++ {
				want := 1 - binomial(N-k, n)/binomial(N, n)
				if got := catchChance(N, float64(k), float64(n)); math.Abs(got-want) > 1e-9 {
					t.Fatalf("N=%d k=%d n=%d: %.9f, want %.9f", N, k, n, got, want)
				}
			}
		}
	}
}

func TestPopulationSample(t *testing.T) {
	tests := []struct{ N, want int }{
		{0, 0}, {1, 1}, {3, 3}, {4, 3}, {30, 3}, {31, 4}, {60, 6}, {65, 7}, {250, 25}, {251, 25}, {100000, 25},
	}
	for _, tt := range tests {
		if got := PopulationSample(tt.N); got != tt.want {
			t.Errorf("PopulationSample(%d) = %d, want %d", tt.N, got, tt.want)
		}
	}
}

func TestPopulationsInPeriod(t *testing.T) {
	type6 := Scope{ReportType: Type2, PeriodMonths: 6}
	tests := []struct {
		name    string
		profile Profile
		scope   Scope
		kind    PopulationKind
		want    int
		assumed bool
	}{
		{"leavers given per year, half a year", Profile{Population: Population{Leavers: CountOf(9)}}, type6, Leavers, 5, false},
		{"changes given per month", Profile{Population: Population{Changes: CountOf(40)}}, type6, Changes, 240, false},
		{"headcount is a stock", Profile{Population: Population{Headcount: CountOf(60)}}, type6, Headcount, 60, false},
		{"a given zero is zero", Profile{Population: Population{Incidents: CountOf(0)}}, type6, Incidents, 0, false},
		{"any flow at all gives one to test", Profile{Population: Population{Leavers: CountOf(1)}}, Scope{ReportType: Type2, PeriodMonths: 3}, Leavers, 1, false},
		{"joiners from the headcount", Profile{Population: Population{Headcount: CountOf(60)}}, type6, Joiners, 9, true},
		{"leavers from the default headcount", Profile{}, type6, Leavers, 2, true},
		{"founders only: nobody joins or leaves", Profile{Conditions: map[string]bool{"employees": false}}, type6, Leavers, 0, true},
		{"Type I looks at a year", Profile{Population: Population{Leavers: CountOf(9)}}, Scope{ReportType: Type1}, Leavers, 9, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, assumed := tt.profile.InPeriod(tt.kind, tt.scope)
			if got != tt.want || assumed != tt.assumed {
				t.Errorf("InPeriod = %d (assumed %v), want %d (assumed %v)", got, assumed, tt.want, tt.assumed)
			}
		})
	}
}

var (
	perfect  = Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Always}
	missedN  = func(n int) Answer { return Answer{Status: Implemented, Evidence: EvidenceComplete, Missed: CountOf(n)} }
	withPop  = func(p Population) Profile { return Profile{Population: p} }
	twelveMo = Scope{ReportType: Type2, PeriodMonths: 12}
	sixMo    = Scope{ReportType: Type2, PeriodMonths: 6}
)

func TestScoreItem(t *testing.T) {
	b := testBank(t)
	tests := []struct {
		name     string
		question string
		scope    Scope
		profile  Profile
		itgcGap  bool
		noList   bool
		answer   Answer
		want     float64
		sample   int
		finding  Finding
		counted  bool
		says     []string
	}{
		{"unanswered is unknown", "AC-02", sixMo, Profile{}, false, false, Answer{}, 0, 0, "", false, []string{"not answered yet"}},
		{"quarterly missed once in a year", "AC-02", twelveMo, Profile{}, false, false, missedN(1), 0.5, 2, FindingOperating, true,
			[]string{"1 of 4 quarters was missed or lacks proof", "the auditor tests 2 of 4 quarters", "50% chance"}},
		{"monthly missed once in six months", "SO-03", sixMo, Profile{}, false, false, missedN(1), 0.5, 3, FindingOperating, true, []string{"1 of 6 months"}},
		{"quarterly mostly over a year: a fraction of a miss expected", "AC-02", twelveMo, Profile{}, false, false, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}, 4 * missShare[Mostly] * 0.5, 2, FindingOperating, true, []string{"mostly"}},
		{"one leaver of sixty missed", "AC-03", twelveMo, withPop(Population{Leavers: CountOf(60)}), false, false, missedN(1), 0.1, 6, FindingOperating, true,
			[]string{"1 of 60 leavers", "tests 6 of 60 leavers", "10% chance"}},
		{"three leavers are all tested", "AC-03", sixMo, withPop(Population{Leavers: CountOf(6)}), false, false, missedN(1), 1, 3, FindingOperating, true, []string{"tests 3 of 3 leavers"}},
		{"no leavers in the period: not tested", "AC-03", sixMo, withPop(Population{Leavers: CountOf(0)}), false, false, Answer{Status: Implemented, Evidence: EvidenceNone, Consistency: Rarely}, 0, 0, "", false,
			[]string{"no leavers in the period", "no occurrences"}},
		{"no list of leavers: no sample can be drawn", "AC-03", sixMo, withPop(Population{Leavers: CountOf(6)}), false, true, perfect, 1, 3, FindingEvidence, true, []string{"no complete list of leavers", "PE-04"}},
		{"training is sampled across people", "PE-02", twelveMo, withPop(Population{Headcount: CountOf(60)}), false, false, missedN(3), 1 - binomial(57, 6)/binomial(60, 6), 6, FindingOperating, true, []string{"3 of 60 people were missed", "tests 6 of 60 people"}},
		{"missing is a design gap, not an exception", "AC-02", sixMo, Profile{}, false, false, Answer{Status: Missing}, 1, 0, FindingDesign, false, []string{"no control is in place", "CC6.2 and CC6.3 are at risk"}},
		{"planned is a design gap", "AC-02", sixMo, Profile{}, false, false, Answer{Status: Planned}, 1, 0, FindingDesign, false, []string{"only planned"}},
		{"a missing recommended practice is never an exception", "PE-03", sixMo, Profile{}, false, false, Answer{Status: Missing}, 1, 0, FindingDesign, false, []string{"recommended practice"}},
		{"a slipping recommended practice is not counted", "PE-03", sixMo, Profile{}, false, false, missedN(1), 1, 2, FindingOperating, false, []string{"not a reportable exception"}},
		{"Type I, partial proof: the one instance asked for may lack it", "SO-03", Scope{ReportType: Type1}, Profile{}, false, false, Answer{Status: Implemented, Evidence: EvidencePartial}, evidenceMissShare[EvidencePartial], 1, FindingEvidence, true, []string{"asks for one"}},
		{"Type I, no proof: cannot confirm", "SO-03", Scope{ReportType: Type1}, Profile{}, false, false, Answer{Status: Implemented, Evidence: EvidenceNone}, 1, 1, FindingEvidence, true, []string{"cannot confirm"}},
		{"Type I ignores how it ran", "AC-02", Scope{ReportType: Type1}, Profile{}, false, false, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Rarely}, 0, 1, "", false, []string{"no exception expected"}},
		{"a partly built control fails where it does not reach", "SO-04", Scope{ReportType: Type1}, Profile{}, false, false, Answer{Status: Partial, Evidence: EvidenceComplete}, 0.5, 1, FindingDesign, true, []string{"only partly in place"}},
		{"automated and relied on: a test of one", "AC-01", sixMo, Profile{}, false, false, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}, missShare[Mostly], 1, FindingOperating, true, []string{"tests it once"}},
		{"automated without IT general controls: tested across the period", "AC-01", sixMo, Profile{}, true, false, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}, 6 * missShare[Mostly] * 0.5, 3, FindingOperating, true,
			[]string{"SO-06 is missing", "cannot rely on a test of one", "3 of 6 months"}},
		{"annual in three months: the one run", "SO-05", Scope{ReportType: Type2, PeriodMonths: 3}, Profile{}, false, false, missedN(1), 1, 1, FindingOperating, true, []string{"the one run within the period"}},
		{"no proof for any occurrence", "SO-02", sixMo, Profile{}, false, false, Answer{Status: Implemented, Evidence: EvidenceNone, Consistency: Always}, 1, 10, FindingEvidence, true, []string{"no proof for any occurrence"}},
		{"a counted zero beats the word", "SO-02", sixMo, Profile{}, false, false, Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Rarely, Missed: CountOf(0)}, 0, 10, "", false, []string{"ran every time"}},
		{"perfect", "SO-01", sixMo, Profile{}, false, false, perfect, 0, 25, "", false, []string{"no exception expected"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, ok := b.Question(tt.question)
			if !ok {
				t.Fatalf("no question %s", tt.question)
			}
			ctx := scoring{scope: tt.scope, profile: tt.profile, noList: map[PopulationKind]string{}}
			if tt.itgcGap {
				ctx.itgcGaps = []string{"SO-06"}
			}
			if tt.noList {
				ctx.noList[Leavers] = "PE-04"
			}
			it := ctx.scoreItem(q, tt.answer)
			if !near(it.Probability, tt.want) {
				t.Errorf("P = %.6f, want %.6f (N %d, n %d, k %.2f)", it.Probability, tt.want, it.PopulationSize, it.Sample, it.Misses)
			}
			if it.Sample != tt.sample {
				t.Errorf("sample = %d, want %d", it.Sample, tt.sample)
			}
			if it.Finding != tt.finding || it.Counted != tt.counted {
				t.Errorf("finding %q counted %v, want %q %v", it.Finding, it.Counted, tt.finding, tt.counted)
			}
			if !strings.HasSuffix(it.Reason, ".") {
				t.Errorf("reason %q is not a sentence", it.Reason)
			}
			for _, want := range tt.says {
				if !strings.Contains(it.Reason, want) {
					t.Errorf("reason %q does not say %q", it.Reason, want)
				}
			}
		})
	}
}

func TestIncompleteAnswers(t *testing.T) {
	b := testBank(t)
	q, _ := b.Question("AC-02")
	tests := []struct {
		name  string
		scope Scope
		ans   Answer
		want  string
	}{
		{"no evidence level", sixMo, Answer{Status: Implemented, Consistency: Always}, "evidence"},
		{"recurring in Type II without consistency", sixMo, Answer{Status: Implemented, Evidence: EvidenceComplete}, "consistency"},
		{"a missed count is enough", sixMo, missedN(0), ""},
		{"Type I needs no consistency", Scope{ReportType: Type1}, Answer{Status: Implemented, Evidence: EvidenceComplete}, ""},
		{"a missing control needs nothing more", sixMo, Answer{Status: Missing}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := scoring{scope: tt.scope}.scoreItem(q, tt.ans)
			if it.Incomplete != tt.want || it.Answered != (tt.want == "") {
				t.Errorf("incomplete %q answered %v, want %q", it.Incomplete, it.Answered, tt.want)
			}
		})
	}
}

func TestExceptionsDistribution(t *testing.T) {
	tests := []struct {
		ps         []float64
		mean, none float64
		lo, hi     int
	}{
		{nil, 0, 1, 0, 0},
		{[]float64{0.5, 0.5}, 1, 0.25, 0, 2},
		{[]float64{1, 1, 1}, 3, 0, 3, 3},
		{[]float64{0.05, 0.05, 0.05}, 0.15, math.Pow(0.95, 3), 0, 1},
	}
	for _, tt := range tests {
		mean, none, r := exceptionsDistribution(tt.ps)
		if !near(mean, tt.mean) || !near(none, tt.none) || r != [2]int{tt.lo, tt.hi} {
			t.Errorf("%v: mean %.3f none %.3f range %v, want %.3f %.3f [%d %d]", tt.ps, mean, none, r, tt.mean, tt.none, tt.lo, tt.hi)
		}
	}
	// Forty 10% controls: the 10th–90th percentile of Binomial(40, 0.1) is 2–6.
	ps := make([]float64, 40)
	for i := range ps {
		ps[i] = 0.1
	}
	if _, _, r := exceptionsDistribution(ps); r != [2]int{2, 6} {
		t.Errorf("Binomial(40, 0.1) range %v, want [2 6]", r)
	}
}

// completeAnswer draws an answer that is complete for any question.
func completeAnswer(r *rand.Rand) Answer {
	statuses := []Status{Missing, Planned, Partial, Implemented}
	evidence := []EvidenceLevel{EvidenceNone, EvidencePartial, EvidenceComplete}
	cons := []Consistency{Rarely, Sometimes, Mostly, Always}
	a := Answer{Status: statuses[r.IntN(len(statuses))]}
	if a.Status == Partial || a.Status == Implemented {
		a.Evidence = evidence[r.IntN(len(evidence))]
		a.Consistency = cons[r.IntN(len(cons))]
		if r.IntN(3) == 0 {
			a.Missed = CountOf(r.IntN(4))
		}
	}
	return a
}

// improve moves one field of a complete answer one step better, if it can.
// Answering an unanswered question is new information, not an improvement.
func improve(r *rand.Rand, a Answer) (Answer, bool) {
	better := map[int]func() bool{
		0: func() bool {
			next := map[Status]Status{Missing: Planned, Planned: Partial, Partial: Implemented}[a.Status]
			if next == "" {
				return false
			}
			if a.Status == Planned {
				a.Evidence, a.Consistency = EvidenceNone, Rarely
			}
			a.Status = next
			return true
		},
		1: func() bool {
			next := map[EvidenceLevel]EvidenceLevel{EvidenceNone: EvidencePartial, EvidencePartial: EvidenceComplete}[a.Evidence]
			a.Evidence = next
			return next != ""
		},
		2: func() bool {
			next := map[Consistency]Consistency{Rarely: Sometimes, Sometimes: Mostly, Mostly: Always}[a.Consistency]
			a.Consistency = next
			return next != "" && !a.Missed.Known
		},
		3: func() bool {
			if !a.Missed.Known || a.Missed.N == 0 {
				return false
			}
			a.Missed.N--
			return true
		},
	}
	ok := better[r.IntN(len(better))]()
	return a, ok
}

func randomAssessment(r *rand.Rand, b *Bank, rt ReportType) *Assessment {
	a := newAssessment(rt, Availability)
	a.Scope.PeriodMonths = 1 + r.IntN(12)
	a.Profile.Population = Population{Headcount: CountOf(r.IntN(80)), Leavers: CountOf(r.IntN(10)), Changes: CountOf(r.IntN(50))}
	for _, q := range b.Questions {
		a.Answers[q.ID] = completeAnswer(r)
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

// Improving any answer never lowers readiness and never raises any P, nor the
// expected exceptions, nor worsens the opinion.
func TestPropertyImprovingNeverHurts(t *testing.T) {
	b := testBank(t)
	r := rand.New(rand.NewPCG(1, 2))
	rank := map[Opinion]int{Unqualified: 0, Qualified: 1, Adverse: 2}
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
		if rank[after.Opinion] > rank[before.Opinion] {
			t.Fatalf("%s %+v → %+v worsened the opinion %s → %s", q.ID, old, better, before.Opinion, after.Opinion)
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

// A larger population with the same misses never raises P, through the whole
// model (the smoothed 10% rule has no step where P jumps up).
func TestPropertyLargerPopulationNeverRaisesP(t *testing.T) {
	b := testBank(t)
	q, _ := b.Question("AC-03")
	for k := 0; k <= 6; k++ {
		prev := 2.0
		for leavers := max(1, k); leavers <= 600; leavers++ {
			ctx := scoring{scope: twelveMo, profile: withPop(Population{Leavers: CountOf(leavers)})}
			it := ctx.scoreItem(q, missedN(k))
			if it.Probability > prev+1e-12 {
				t.Fatalf("k=%d: %d leavers give P %.6f, more than %d leavers' %.6f", k, leavers, it.Probability, leavers-1, prev)
			}
			prev = it.Probability
		}
	}
}

// A zero population never yields an operating exception, whatever the answer.
func TestPropertyZeroPopulationNeverAnException(t *testing.T) {
	b := testBank(t)
	r := rand.New(rand.NewPCG(9, 10))
	for i := 0; i < 2000; i++ {
		a := randomAssessment(r, b, []ReportType{Type1, Type2}[r.IntN(2)])
		a.Profile.Population = Population{Leavers: CountOf(0), Headcount: CountOf(0), Changes: CountOf(0)}
		for _, it := range Score(b, a).Items {
			if it.Question.Population == "" || !it.Answered || !it.Exists() {
				continue
			}
			if !it.NotTested || it.Counted || it.Finding == FindingOperating || it.Finding == FindingEvidence {
				t.Fatalf("%s with an empty population: not tested %v, counted %v, finding %q", it.Question.ID, it.NotTested, it.Counted, it.Finding)
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
			t.Fatalf("Type II readiness %.1f expected %.3f, Type I %.1f %.3f", f2.Readiness, f2.Expected, f1.Readiness, f1.Expected)
		}
		p1 := probabilities(f1)
		for id, p := range probabilities(f2) {
			if p < p1[id]-1e-12 {
				t.Fatalf("P(%s) Type II %.4f < Type I %.4f", id, p, p1[id])
			}
		}
	}
}

// Linking questions into a group never raises the expected exceptions, and a
// lapse told twice counts once.
func TestPropertyLinkingNeverRaisesExpected(t *testing.T) {
	b := testBank(t)
	unlinked := *b
	unlinked.Questions = append([]Question(nil), b.Questions...)
	for i := range unlinked.Questions {
		unlinked.Questions[i].Group = ""
	}
	r := rand.New(rand.NewPCG(11, 12))
	for i := 0; i < 2000; i++ {
		a := randomAssessment(r, b, Type2)
		linked, free := Score(b, a), Score(&unlinked, a)
		if linked.Expected > free.Expected+1e-12 || linked.CleanChance < free.CleanChance-1e-12 {
			t.Fatalf("linking raised expected exceptions %.3f → %.3f", free.Expected, linked.Expected)
		}
	}
	a := newAssessment(Type2)
	a.Profile.Population.Leavers = CountOf(6)
	a.Answers["AC-03"], a.Answers["PE-01"] = missedN(1), missedN(1)
	f := Score(b, a)
	counted := 0
	for _, it := range f.Items {
		if it.Counted {
			counted++
		}
	}
	if counted != 1 || !near(f.Expected, 1) {
		t.Errorf("one leaver missed on two linked questions: %d counted, expected %.2f, want 1 and 1", counted, f.Expected)
	}
	if it, _ := f.Item("PE-01"); it.LinkedTo != "AC-03" || !strings.Contains(it.Reason, "same control as AC-03") {
		t.Errorf("PE-01 linked to %q: %s", it.LinkedTo, it.Reason)
	}
}

// Not-applicable answers, out-of-scope categories, profile conditions and
// retired questions count for nothing.
func TestNotApplicableCountsForNothing(t *testing.T) {
	b := testBank(t)
	r := rand.New(rand.NewPCG(5, 6))
	without := func(id string) *Bank {
		trimmed := &Bank{ID: b.ID, Version: b.Version, Areas: b.Areas}
		for _, q := range b.Questions {
			if q.ID != id {
				trimmed.Questions = append(trimmed.Questions, q)
			}
		}
		return trimmed
	}
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
			{"profile condition off", func(a *Assessment) { a.Profile.Set("office", false) }, "AC-04"},
			{"category out of scope", func(a *Assessment) { a.Scope.Categories = nil }, "AV-01"},
		}
		for _, tt := range tests {
			c := *a
			c.Profile = a.Profile.Clone()
			c.Answers = map[string]Answer{}
			for k, v := range a.Answers {
				c.Answers[k] = v
			}
			tt.change(&c)
			got := Score(b, &c)
			if _, ok := got.Item(tt.gone); ok {
				t.Fatalf("%s: %s still forecast", tt.name, tt.gone)
			}
			// Removing the question from the bank by hand gives the same
			// forecast, criteria and all.
			want := Score(without(tt.gone), a)
			if tt.name == "category out of scope" {
				want = Score(without(tt.gone), &c)
				if got.Applicable != base.Applicable-1 {
					t.Fatalf("%s: applicable %d, want %d", tt.name, got.Applicable, base.Applicable-1)
				}
			}
			if got.Readiness != want.Readiness || got.Applicable != want.Applicable || !near(got.Expected, want.Expected) || got.Opinion != want.Opinion {
				t.Fatalf("%s: forecast %.1f/%d/%s differs from the bank without %s: %.1f/%d/%s", tt.name, got.Readiness, got.Applicable, got.Opinion, tt.gone, want.Readiness, want.Applicable, want.Opinion)
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

// Unanswered questions are left out of every figure: ten good answers give a
// good readiness over what is answered, no expected exceptions from the rest,
// no score for untouched areas, and an incomplete verdict.
func TestUnansweredIsUnknown(t *testing.T) {
	b := testBank(t)
	a := newAssessment(Type2)
	a.Answers["SO-01"] = perfect
	f := Score(b, a)
	if f.Readiness != 100 || f.Expected != 0 || f.Answered != 1 || f.Verdict != Incomplete {
		t.Errorf("one perfect answer: readiness %.1f expected %.2f answered %d verdict %s", f.Readiness, f.Expected, f.Answered, f.Verdict)
	}
	for _, ar := range f.Areas {
		if ar.Scored() != (ar.Area == "operations") {
			t.Errorf("area %s scored %v with %d answered", ar.Area, ar.Scored(), ar.Answered)
		}
	}
	if !strings.Contains(f.VerdictReason, "1 of 14 questions are answered") {
		t.Errorf("incomplete verdict does not say how many: %s", f.VerdictReason)
	}
}

func TestCriteriaAndOpinion(t *testing.T) {
	b := testBank(t)
	a := newAssessment(Type2)
	a.Answers["AC-02"] = Answer{Status: Missing} // CC6.2, CC6.3 (key)
	a.Answers["AC-03"] = perfect                 // CC6.2
	a.Answers["SO-04"] = Answer{Status: Planned} // CC5.3, alone
	a.Answers["PE-03"] = Answer{Status: Missing} // recommended: no risk
	a.Answers["SO-05"] = Answer{Status: Partial, Evidence: EvidenceComplete, Consistency: Always}
	f := Score(b, a)
	states := map[string]CriterionState{}
	for _, c := range f.Criteria {
		states[c.Criterion.ID] = c.State
	}
	want := map[string]CriterionState{
		"CC6.2": CriterionAtRisk, "CC6.3": CriterionNotMet, "CC5.3": CriterionNotMet,
		"CC2.2": CriterionNotAnswered, "CC4.1": CriterionMet, "CC6.1": CriterionNotAnswered,
	}
	for id, w := range want {
		if states[id] != w {
			t.Errorf("%s is %s, want %s", id, states[id], w)
		}
	}
	if _, ok := states["A1.3"]; ok {
		t.Error("an availability criterion is listed though availability is out of scope")
	}
	if f.Opinion != Qualified || !strings.Contains(f.OpinionReason, "CC5.3 and CC6.3") {
		t.Errorf("opinion %s: %s", f.Opinion, f.OpinionReason)
	}
	if len(f.AtRisk()) != 3 {
		t.Errorf("criteria at risk %d, want 3", len(f.AtRisk()))
	}
}

func TestOpinionThresholds(t *testing.T) {
	crits := func(notMet, keyAtRisk, atRisk int) []CriterionStatus {
		var out []CriterionStatus
		add := func(n int, s CriterionState, key bool) {
			for i := 0; i < n; i++ {
				out = append(out, CriterionStatus{Criterion: AllCriteria[len(out)], State: s, KeyGap: key})
			}
		}
		add(notMet, CriterionNotMet, true)
		add(keyAtRisk, CriterionAtRisk, true)
		add(atRisk, CriterionAtRisk, false)
		add(3, CriterionMet, false)
		return out
	}
	tests := []struct {
		name                     string
		notMet, keyAtRisk, minor int
		want                     Opinion
	}{
		{"all met", 0, 0, 0, Unqualified},
		{"a minor control missing beside others", 0, 0, 4, Unqualified},
		{"a key control missing", 0, 1, 0, Qualified},
		{"one criterion not met", 1, 0, 0, Qualified},
		{"four not met is still a qualification", adverseNotMetCriteria - 1, 0, 0, Qualified},
		{"five not met is pervasive", adverseNotMetCriteria, 0, 0, Adverse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := opinion(crits(tt.notMet, tt.keyAtRisk, tt.minor)); got != tt.want {
				t.Errorf("opinion %s, want %s", got, tt.want)
			}
		})
	}
}

// Every verdict threshold, tested on both sides.
func TestVerdictThresholds(t *testing.T) {
	base := func(mod func(f *Forecast)) *Forecast {
		f := &Forecast{Applicable: 100, Answered: 100, Readiness: 95, Expected: 0.5, Opinion: Unqualified}
		mod(f)
		f.Coverage = float64(f.Answered) / float64(f.Applicable)
		return f
	}
	atRisk := []CriterionStatus{{State: CriterionAtRisk}}
	tests := []struct {
		name string
		f    *Forecast
		want Verdict
		says string
	}{
		{"nothing applies", base(func(f *Forecast) { f.Applicable, f.Answered = 0, 0 }), NotReady, "No question applies"},
		{"one short of the coverage needed", base(func(f *Forecast) { f.Answered = 79 }), Incomplete, "answer 1 more"},
		{"exactly the coverage needed", base(func(f *Forecast) { f.Answered = 80 }), NearlyReady, "answer the 20 open questions"},
		{"coverage needed rounds up", base(func(f *Forecast) { f.Applicable, f.Answered = 111, 88 }), Incomplete, "answer 1 more"},
		{"ready", base(func(f *Forecast) {}), Ready, "clean report"},
		{"ready with 5% unanswered", base(func(f *Forecast) { f.Answered = 95 }), Ready, "clean report"},
		{"not ready with 6% unanswered", base(func(f *Forecast) { f.Answered = 94 }), NearlyReady, "6 open questions"},
		{"readiness just below ready", base(func(f *Forecast) { f.Readiness = 89.9 }), NearlyReady, "highest-priority"},
		{"expected exactly one", base(func(f *Forecast) { f.Expected = 1 }), Ready, "clean report"},
		{"expected just above one", base(func(f *Forecast) { f.Expected = 1.01 }), NearlyReady, "1.0 exceptions"},
		{"a criterion at risk is not ready", base(func(f *Forecast) { f.Criteria = atRisk }), NearlyReady, "highest-priority"},
		{"nearly ready at 70", base(func(f *Forecast) { f.Readiness, f.Expected = 70, 5 }), NearlyReady, "Readiness is 70"},
		{"not nearly ready below 70", base(func(f *Forecast) { f.Readiness = 69.9 }), NotReady, "several controls"},
		{"too many exceptions", base(func(f *Forecast) { f.Readiness, f.Expected = 80, 5.01 }), NotReady, "many small lapses"},
		{"qualified opinion", base(func(f *Forecast) {
			f.Opinion, f.OpinionReason, f.Criteria = Qualified, "CC6.5 has no control: qualify.", atRisk
		}), NotReady, "at risk of being qualified"},
		{"adverse opinion", base(func(f *Forecast) { f.Opinion, f.OpinionReason = Adverse, "Pervasive: adverse." }), NotReady, "at risk of being adverse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := verdict(tt.f)
			if got != tt.want || !strings.Contains(why, tt.says) {
				t.Errorf("verdict %s (%s), want %s saying %q", got, why, tt.want, tt.says)
			}
		})
	}
}
