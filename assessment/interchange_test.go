package assessment

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func sampleAssessment(t testing.TB) *Assessment {
	t.Helper()
	return &Assessment{
		ID:         "abc123",
		Company:    "Łódź Analytics Sp. z o.o.",
		PreparedBy: "Zoë Müller",
		Profile:    Profile{Conditions: map[string]bool{"office": false, "employees": true}, Population: Population{Headcount: CountOf(42), Leavers: CountOf(0), Changes: CountOf(120)}},
		Scope:      Scope{ReportType: Type2, Categories: []Category{Availability}, AuditDate: mustDate(t, "2027-03-01"), PeriodMonths: 6},
		Bank:       BankRef{ID: "test-bank", Version: "1"},
		Answers: map[string]Answer{
			"AC-01": {Status: Implemented, Evidence: EvidencePartial, Consistency: Mostly, Owner: "Ana", Due: mustDate(t, "2027-01-15"), Notes: "Okta; naïve café", Flag: true, Changed: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)},
			"SO-04": {Status: NotApplicable, NAReason: "no production systems"},
			"AC-02": {Status: Implemented, Evidence: EvidenceComplete, Missed: CountOf(0)},
			"SO-01": {Status: Implemented, Evidence: EvidenceComplete, Missed: CountOf(3)},
		},
		Plan:      map[string]PlanEdit{"AC-02": {Owner: "Bo", Due: mustDate(t, "2027-02-01"), Status: PlanDone}},
		Responses: []Response{{ID: "r1", Question: "AC-02", WhatHappened: "Q2 review missed", RootCause: "owner on leave", ImmediateSteps: "ran it", LongTermFix: "backup owner", ManagementResponse: "We agree."}},
		History:   []Snapshot{{Taken: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Readiness: 42.5, Verdict: NotReady, Areas: map[string]float64{"access": 40}}},
		Created:   time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
		Updated:   time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC),
	}
}

func TestFileRoundTrip(t *testing.T) {
	b := testBank(t)
	a := sampleAssessment(t)
	data, err := EncodeFile(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"format": "soc2ready.assessment"`, `"version": 1`, `"report_type": "type2"`, `"audit_date": "2027-03-01"`, `"due": "2027-01-15"`,
		`"population": {`, `"headcount": 42`, `"leavers": 0`, `"missed": 0`, `"missed": 3`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("file lacks %s", want)
		}
	}
	got, err := DecodeFile(data, b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, a) {
		t.Errorf("round trip changed the assessment:\n got %+v\nwant %+v", got, a)
	}
}

func TestDecodeFileRejects(t *testing.T) {
	b := testBank(t)
	valid, err := EncodeFile(sampleAssessment(t))
	if err != nil {
		t.Fatal(err)
	}
	v := string(valid)
	tests := []struct {
		name, data, want string
	}{
		{"empty", "", "empty"},
		{"not JSON", "hello", "not valid JSON"},
		{"truncated", v[:len(v)/2], "not valid JSON"},
		{"wrong format", strings.Replace(v, `"soc2ready.assessment"`, `"other.tool"`, 1), "format"},
		{"no format", `{"version":1,"company":"A"}`, "not a soc2ready assessment file"},
		{"newer version", strings.Replace(v, `"version": 1`, `"version": 2`, 1), "newer soc2ready"},
		{"no company", strings.Replace(v, `"company": "Łódź Analytics Sp. z o.o."`, `"company": " "`, 1), "company"},
		{"bad report type", strings.Replace(v, `"type2"`, `"type3"`, 1), "scope.report_type"},
		{"bad category", strings.Replace(v, `"availability"`, `"fun"`, 1), "scope.categories[0]"},
		{"bad audit date", strings.Replace(v, `"2027-03-01"`, `"01/03/2027"`, 1), "scope.audit_date"},
		{"unknown question", strings.Replace(v, `"AC-01": {`, `"ZZ-99": {`, 1), "answers.ZZ-99"},
		{"bad status", strings.Replace(v, `"status": "implemented"`, `"status": "done"`, 1), "answers.AC-01.status"},
		{"bad evidence", strings.Replace(v, `"evidence": "partial"`, `"evidence": "some"`, 1), "answers.AC-01.evidence"},
		{"bad consistency", strings.Replace(v, `"consistency": "mostly"`, `"consistency": "often"`, 1), "answers.AC-01.consistency"},
		{"bad due date", strings.Replace(v, `"due": "2027-01-15"`, `"due": "2027-13-45"`, 1), "answers.AC-01.due"},

		{"bad plan status", strings.Replace(v, `"status": "done"`, `"status": "finished"`, 1), "plan.AC-02.status"},
		{"wrong type", strings.Replace(v, `"version": 1`, `"version": "1"`, 1), "version"},
		{"unknown profile condition", strings.Replace(v, `"office": false`, `"spaceship": false`, 1), "profile"},
		{"profile condition not a boolean", strings.Replace(v, `"office": false`, `"office": "no"`, 1), "profile.office: must be true or false"},
		{"negative population", strings.Replace(v, `"headcount": 42`, `"headcount": -1`, 1), "profile.population.headcount: -1 is not a whole number"},
		{"fractional population", strings.Replace(v, `"headcount": 42`, `"headcount": 4.5`, 1), "profile.population.headcount"},
		{"huge population", strings.Replace(v, `"headcount": 42`, `"headcount": 1e12`, 1), "profile.population.headcount"},
		{"unknown population", strings.Replace(v, `"headcount": 42`, `"cats": 42`, 1), "profile.population.cats: unknown population"},
		{"population not an object", strings.Replace(v, `"population": {`, `"population": 7, "x": {`, 1), "profile.population: must be an object"},
		{"negative missed count", strings.Replace(v, `"missed": 3`, `"missed": -3`, 1), "answers.SO-01.missed"},
		{"missed count as text", strings.Replace(v, `"missed": 3`, `"missed": "three"`, 1), "answers.SO-01.missed"},
		{"response to unknown question", strings.Replace(v, `"question": "AC-02"`, `"question": "QQ-1"`, 1), "responses[0].question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := DecodeFile([]byte(tt.data), b)
			if err == nil {
				t.Fatalf("accepted: %+v", a)
			}
			if !errors.Is(err, ErrInvalidFile) {
				t.Errorf("error %v does not wrap ErrInvalidFile", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %q", err, tt.want)
			}
		})
	}
}

// A file written before populations and missed counts existed loads, and
// means what it meant: no population given (so defaults from the headcount)
// and no miss counted (so the consistency word is the estimate).
func TestDecodeFileWithoutPopulations(t *testing.T) {
	b := testBank(t)
	old := `{"format": "soc2ready.assessment", "version": 1, "company": "Old Ltd",
  "profile": {"office": false, "employees": true},
  "scope": {"report_type": "type2", "categories": [], "period_months": 6},
  "bank": {"id": "test-bank", "version": "1"},
  "answers": {"AC-02": {"status": "implemented", "evidence": "complete", "consistency": "mostly"}}}`
	a, err := DecodeFile([]byte(old), b)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Profile.Population.IsZero() || a.Answers["AC-02"].Missed.Known || a.Profile.Holds("office") {
		t.Errorf("old file read as %+v", a)
	}
	if f := Score(b, a); !f.Items[1].Answered || f.Answered != 1 {
		t.Errorf("the old answer does not count: %+v", f.Items[1])
	}
}

func FuzzDecodeFile(f *testing.F) {
	b := testBank(f)
	valid, err := EncodeFile(sampleAssessment(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:len(valid)/3])
	f.Add([]byte(`{"format":"soc2ready.assessment","version":1,"company":"A","scope":{"report_type":"type1"},"answers":{"AC-01":{"status":"partial"}}}`))
	f.Add([]byte(`{"format":null,"version":-1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := DecodeFile(data, b)
		if err != nil {
			if a != nil {
				t.Fatal("an assessment returned with an error")
			}
			return
		}
		// Whatever is accepted must score and re-encode to something accepted.
		Score(b, a)
		again, err := EncodeFile(a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeFile(again, b); err != nil {
			t.Fatalf("re-encoded file rejected: %v", err)
		}
	})
}
