package assessment

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestParseList(t *testing.T) {
	tests := []struct {
		name, csv, idCol, dateCol string
		want                      []ListItem
		errs                      []string // row errors
		err                       string
	}{
		{"ISO dates, columns by name", "Email,Last day\nana@x.test,2027-01-14\nbo@x.test,2027-02-28T17:00:00Z\n", "", "",
			[]ListItem{{"ana@x.test", Date{}}, {"bo@x.test", Date{}}}, nil, ""},
		{"day first", "id,date\na,13/01/2027\nb,02/03/2027\n", "", "", []ListItem{{"a", Date{}}, {"b", Date{}}}, nil, ""},
		{"month first when the file shows it", "id,date\na,01/13/2027\nb,02/03/2027\n", "", "", []ListItem{{"a", Date{}}, {"b", Date{}}}, nil, ""},
		{"written out and git", "sha,merged at\n1a2b,3 Mar 2027\n3c4d,2027-03-04 10:15:00 +0100\n5e6f,\"Mar 5, 2027\"\n", "", "", []ListItem{{"1a2b", Date{}}, {"3c4d", Date{}}, {"5e6f", Date{}}}, nil, ""},
		{"named columns", "who,when,what\nana,2027-01-01,x\n", "who", "when", []ListItem{{"ana", Date{}}}, nil, ""},
		{"a bad date names its row", "id,date\na,2027-01-01\nb,yesterday\nc,2027-02-30\n", "", "", nil, []string{"row 3: \"yesterday\" is not a date", "row 4: \"2027-02-30\" is not a date"}, ""},
		{"duplicates and empty IDs", "id,date\na,2027-01-01\n,2027-01-02\na,2027-01-03\n", "", "", nil, []string{"row 3: the identifier is empty", "row 4: \"a\" is listed twice (first on row 2)"}, ""},
		{"year 1 is refused", "id,date\na,0001-01-01\n", "", "", nil, []string{"row 2: date 0001-01-01 is outside"}, ""},
		{"no date column", "id,name\na,b\n", "", "", nil, nil, "no date column found in the header (id, name): name it with --date-column"},
		{"a named column that is not there", "id,date\na,2027-01-01\n", "user", "", nil, nil, `no column "user" in the header`},
		{"no rows", "id,date\n", "", "", nil, nil, "the list has no rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, rowErrs, err := ParseList([]byte(tt.csv), tt.idCol, tt.dateCol)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rowErrs) != len(tt.errs) {
				t.Fatalf("row errors %v, want %v", rowErrs, tt.errs)
			}
			for i, e := range rowErrs {
				if !strings.HasPrefix(e.Error(), tt.errs[i]) {
					t.Errorf("row error %q, want %q", e, tt.errs[i])
				}
			}
			if len(tt.errs) > 0 && items != nil {
				t.Error("a list with a bad row returned items")
			}
			if len(items) != len(tt.want) {
				t.Fatalf("items %v, want %d", items, len(tt.want))
			}
			for i := range items {
				if items[i].ID != tt.want[i].ID || items[i].Date.IsZero() {
					t.Errorf("item %d = %+v", i, items[i])
				}
			}
		})
	}
	items, _, _ := ParseList([]byte("id,date\na,13/01/2027\nb,01/13/2027\n"), "", "")
	if items != nil {
		t.Error("a file mixing day-first and month-first dates was read")
	}
	items, _, _ = ParseList([]byte("id,date\na,02/03/2027\n"), "", "")
	if items[0].Date.String() != "2027-03-02" {
		t.Errorf("an ambiguous date read as %s, want day first", items[0].Date)
	}
}

// mockAssessment has a list of 40 leavers over two years and a Type II
// period of 12 months inside it.
func mockAssessment(t *testing.T) *Assessment {
	a := newAssessment(Type2)
	a.Scope.PeriodStart, a.Scope.PeriodMonths = mustDate(t, "2027-01-01"), 12
	l := PopulationList{}
	for i := 0; i < 40; i++ {
		l.Items = append(l.Items, ListItem{ID: fmt.Sprintf("p%02d", i), Date: mustDate(t, "2026-07-01").AddDays(i * 18)})
	}
	a.Lists = map[PopulationKind]PopulationList{Leavers: l}
	a.Answers["AC-03"] = Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}
	a.Answers["PE-01"] = Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}
	return a
}

// The sample is the forecast's sample for that control and population, lies
// inside the period, has no repeats, and the same seed draws the same one.
func TestDrawSamples(t *testing.T) {
	b := testBank(t)
	a := mockAssessment(t)
	f := Score(b, a)
	samples := DrawSamples(b, a)
	if len(samples) != 2 {
		t.Fatalf("%d samples, want AC-03 and PE-01 (the leaver controls)", len(samples))
	}
	if !reflect.DeepEqual(samples[0].Items, samples[1].Items) {
		t.Error("AC-03 and PE-01 test one control but drew different samples")
	}
	for _, s := range samples {
		it, _ := f.Item(s.Question.ID)
		if len(s.Items) != it.Sample || s.InPeriod != it.PopulationSize || it.Assumed {
			t.Errorf("%s: sample %d of %d, the forecast says %d of %d (assumed %v)", s.Question.ID, len(s.Items), s.InPeriod, it.Sample, it.PopulationSize, it.Assumed)
		}
		seen := map[string]bool{}
		for _, x := range s.Items {
			if x.Date.Before(a.Scope.Start().Time) || x.Date.After(a.Scope.End().Time) || seen[x.ID] {
				t.Errorf("%s: %s (%s) outside the period or repeated", s.Question.ID, x.ID, x.Date)
			}
			seen[x.ID] = true
		}
	}
	again := DrawSamples(b, a)
	a.Mock.Seed = 7
	other := DrawSamples(b, a)
	if !reflect.DeepEqual(again, samples) || reflect.DeepEqual(other[0].Items, samples[0].Items) {
		t.Error("the same seed drew another sample, or another seed the same one")
	}
}

// A recorded failure raises that control's P to 1 (an exception for certain
// in the auditor's sample size) and never lowers any other P; a whole sample
// passed lowers it.
func TestMockAuditResults(t *testing.T) {
	b := testBank(t)
	r := rand.New(rand.NewPCG(21, 22))
	for i := 0; i < 300; i++ {
		a := mockAssessment(t)
		a.Mock.Seed = r.Uint64() | 1
		for _, q := range b.Questions {
			if _, ok := a.Answers[q.ID]; !ok {
				a.Answers[q.ID] = completeAnswer(r)
			}
		}
		a.Answers["AC-03"] = Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}
		before := probabilities(Score(b, a))
		s := DrawSamples(b, a)[0]
		a.Mock.Results = map[string]map[string]SampleResult{"AC-03": {s.Items[0].ID: {Result: ResultFail}}}
		after := Score(b, a)
		if it, _ := after.Item("AC-03"); it.Probability != 1 || !it.Counted || !strings.Contains(it.Reason, "mock audit found a deviation") {
			t.Fatalf("a recorded failure: P %.3f counted %v: %s", it.Probability, it.Counted, it.Reason)
		}
		for id, p := range probabilities(after) {
			if p < before[id]-1e-12 {
				t.Fatalf("a recorded failure lowered P(%s) %.4f → %.4f", id, before[id], p)
			}
		}
	}
	a := mockAssessment(t)
	before, _ := Score(b, a).Item("AC-03")
	a.Mock.Results = map[string]map[string]SampleResult{"AC-03": {}}
	for _, x := range DrawSamples(b, a)[0].Items {
		a.Mock.Results["AC-03"][x.ID] = SampleResult{Result: ResultPass}
	}
	if after, _ := Score(b, a).Item("AC-03"); after.Probability >= before.Probability {
		t.Errorf("a whole sample passed left P at %.3f (was %.3f)", after.Probability, before.Probability)
	}
}

func BenchmarkParseList100k(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("id,date\n")
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&sb, "change-%06d,2027-%02d-%02d\n", i, 1+i%12, 1+i%28)
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if items, errs, err := ParseList(data, "", ""); err != nil || len(errs) > 0 || len(items) != 100_000 {
			b.Fatal(err, errs)
		}
	}
}

// InPeriod finds the period in a sorted list: the items inside it, in date
// order, whatever order the list was given in.
func TestInPeriod(t *testing.T) {
	items := []ListItem{{"c", mustDate(t, "2027-03-01")}, {"a", mustDate(t, "2026-12-31")}, {"d", mustDate(t, "2027-06-30")}, {"b", mustDate(t, "2027-01-01")}, {"e", mustDate(t, "2027-07-01")}}
	SortItems(items)
	l := PopulationList{Items: items}
	s := Scope{ReportType: Type2, PeriodStart: mustDate(t, "2027-01-01"), PeriodMonths: 6}
	var got []string
	for _, it := range l.InPeriod(s) {
		got = append(got, it.ID)
	}
	if strings.Join(got, "") != "bcd" {
		t.Errorf("in the period: %v, want b c d", got)
	}
	if n := len(l.InPeriod(Scope{ReportType: Type2, PeriodStart: mustDate(t, "2030-01-01")})); n != 0 {
		t.Errorf("%d items in a later period", n)
	}
	if n := len(l.InPeriod(Scope{ReportType: Type1, AuditDate: mustDate(t, "2027-03-01")})); n != 3 {
		t.Errorf("Type I: %d items in the year to the audit date, want 3 (a, b, c)", n)
	}
}
