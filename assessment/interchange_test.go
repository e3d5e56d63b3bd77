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
		Lists:     map[PopulationKind]PopulationList{Leavers: {Source: "hr.csv", Items: []ListItem{{ID: "ana@x.test", Date: mustDate(t, "2027-01-14")}}}},
		Mock:      MockAudit{Seed: 42, Results: map[string]map[string]SampleResult{"AC-03": {"ana@x.test": {Result: ResultFail, Note: "9 days late"}}}},
		Evidence:  map[string]EvidenceRecord{"AC-01": {Collected: mustDate(t, "2027-01-10"), Reference: "https://drive.example/mfa.png", Changed: time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)}},
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
	checkFileHas(t, data, `"format": "soc2ready.assessment"`, `"version": 1`, `"report_type": "type2"`, `"audit_date": "2027-03-01"`, `"due": "2027-01-15"`,
		`"population": {`, `"headcount": 42`, `"leavers": 0`, `"missed": 0`, `"missed": 3`,
		`"evidence": {`, `"collected": "2027-01-10"`, `"reference": "https://drive.example/mfa.png"`,
		`"lists": {`, `"leavers": {`, `"mock_audit": {`, `"seed": 42`, `"result": "fail"`)
	checkReadsBack(t, data, b, a)
}

func TestDecodeFileRejects(t *testing.T) {
	b, v := sampleFile(t)
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
		{"bad collected date", strings.Replace(v, `"collected": "2027-01-10"`, `"collected": "10/01/2027"`, 1), "evidence.AC-01.collected"},
		{"evidence for an unknown question", strings.Replace(v, `"evidence": {
    "AC-01"`, `"evidence": {
    "ZZ-01"`, 1), "evidence.ZZ-01"},
		{"list with a bad date", strings.Replace(v, `"date": "2027-01-14"`, `"date": "14/01/2027"`, 1), "lists.leavers.items[0].date"},
		{"list of an unknown population", strings.Replace(v, `"leavers": {`, `"cats": {`, 1), "lists.cats: unknown population"},
		{"bad sample result", strings.Replace(v, `"result": "fail"`, `"result": "maybe"`, 1), "mock_audit.results.AC-03.ana@x.test.result"},
		{"long reference", strings.Replace(v, `"reference": "https://drive.example/mfa.png"`, `"reference": "`+strings.Repeat("r", MaxTextLength+1)+`"`, 1), "evidence.AC-01.reference"},
		{"response to unknown question", strings.Replace(v, `"question": "AC-02"`, `"question": "QQ-1"`, 1), "responses[0].question"},

		// issue 13: limits at the door
		{"long company", strings.Replace(v, `"company": "Łódź Analytics Sp. z o.o."`, `"company": "`+strings.Repeat("Ł", MaxNameLength+1)+`"`, 1), "company: 501 characters, at most 500"},
		{"long id", strings.Replace(v, `"id": "abc123"`, `"id": "`+strings.Repeat("i", MaxIDLength+1)+`"`, 1), "id: 101 characters, at most 100"},
		{"long prepared by", strings.Replace(v, `"prepared_by": "Zoë Müller"`, `"prepared_by": "`+strings.Repeat("x", MaxNameLength+1)+`"`, 1), "prepared_by: 501 characters"},
		{"long notes", strings.Replace(v, `"notes": "Okta; naïve café"`, `"notes": "`+strings.Repeat("n", 70000)+`"`, 1), "answers.AC-01.notes: 70000 characters, at most 20000"},
		{"long owner", strings.Replace(v, `"owner": "Ana"`, `"owner": "`+strings.Repeat("o", 501)+`"`, 1), "answers.AC-01.owner: 501 characters"},
		{"long na reason", strings.Replace(v, `"na_reason": "no production systems"`, `"na_reason": "`+strings.Repeat("r", 20001)+`"`, 1), "answers.SO-04.na_reason: 20001 characters"},
		{"long plan owner", strings.Replace(v, `"owner": "Bo"`, `"owner": "`+strings.Repeat("o", 501)+`"`, 1), "plan.AC-02.owner: 501 characters"},
		{"long response", strings.Replace(v, `"root_cause": "owner on leave"`, `"root_cause": "`+strings.Repeat("c", 20001)+`"`, 1), "responses[0].root_cause: 20001 characters"},
		{"long label", strings.Replace(v, `"readiness": 42.5`, `"label": "`+strings.Repeat("l", 501)+`", "readiness": 42.5`, 1), "history[0].label: 501 characters"},
		{"too many responses", strings.Replace(v, `"responses": [`, `"responses": [`+strings.Repeat(`{"question":"AC-02"},`, MaxResponses), 1), "responses: 2001 responses, at most 2000"},
		{"too many snapshots", strings.Replace(v, `"history": [`, `"history": [`+strings.Repeat(`{},`, MaxSnapshots), 1), "history: 2001 snapshots, at most 2000"},
		{"category twice", strings.Replace(v, `"availability"`, `"availability", "availability"`, 1), `scope.categories[1]: "availability" is listed twice`},
		{"all categories many times", strings.Replace(v, `"availability"`, strings.Repeat(`"availability", `, 10)+`"availability"`, 1), "scope.categories: 11 categories, at most 5"},

		// issue 13: impossible snapshots
		{"readiness huge", strings.Replace(v, `"readiness": 42.5`, `"readiness": 1e308`, 1), "history[0].readiness: 1e+308 is outside 0..100"},
		{"readiness negative", strings.Replace(v, `"readiness": 42.5`, `"readiness": -5`, 1), "history[0].readiness: -5 is outside 0..100"},
		{"probability", strings.Replace(v, `"clean_report_probability": 0`, `"clean_report_probability": 7.5`, 1), "history[0].clean_report_probability: 7.5 is outside 0..1"},
		{"expected negative", strings.Replace(v, `"expected_exceptions": 0`, `"expected_exceptions": -1`, 1), "history[0].expected_exceptions"},
		{"verdict", strings.Replace(v, `"verdict": "not_ready"`, `"verdict": "pwned"`, 1), `history[0].verdict: "pwned" is not one of ready, nearly_ready, not_ready`},
		{"no verdict", strings.Replace(v, `"verdict": "not_ready",`, ``, 1), `history[0].verdict: ""`},
		{"negative count", strings.Replace(v, `"answered": 0`, `"answered": -3`, 1), "history[0].answered: -3 is outside"},
		{"applicable", strings.Replace(v, `"applicable": 0`, `"applicable": 1000000`, 1), "history[0].applicable: 1000000 is outside"},
		{"area score", strings.Replace(v, `"access": 40`, `"access": 400`, 1), "history[0].areas.access: 400 is outside 0..100"},
		{"probability of a question", strings.Replace(v, `"access": 40`, `"access": 40}, "probabilities": {"AC-01": 1.5`, 1), "history[0].probabilities.AC-01: 1.5 is outside 0..1"},
		{"null snapshot", strings.Replace(v, `"history": [`, `"history": [null, `, 1), "history[0]: is null"},
		{"snapshot without time", strings.Replace(v, `"history": [`, `"history": [{"readiness": 1, "verdict": "ready"}, `, 1), "history[0].taken: missing"},
		{"null response", strings.Replace(v, `"responses": [`, `"responses": [null, `, 1), "responses[0]: is null"},

		// issue 13: values that changed silently
		{"year 1", strings.Replace(v, `"due": "2027-01-15"`, `"due": "0001-01-01"`, 1), "answers.AC-01.due: date 0001-01-01 is outside the years 1900..2999"},
		{"year 1 audit", strings.Replace(v, `"audit_date": "2027-03-01"`, `"audit_date": "0001-01-01"`, 1), "scope.audit_date: date 0001-01-01"},
		{"audit before period start", strings.Replace(v, `"audit_date": "2027-03-01"`, `"audit_date": "2027-03-01", "period_start": "2027-06-01"`, 1), "scope.audit_date: 2027-03-01 is before period_start 2027-06-01"},
		{"repeated key", strings.Replace(v, `"company": "Łódź Analytics Sp. z o.o."`, `"company": "A", "company": "B"`, 1), "company: appears twice in one object (line 5)"},
		{"repeated key in another case", strings.Replace(v, `"company": "Łódź Analytics Sp. z o.o."`, `"company": "A", "Company": "B"`, 1), "Company: appears twice"},
		{"repeated answer", strings.Replace(v, `"SO-04": {`, `"AC-01": {}, "SO-04": {`, 1), "answers.AC-01: appears twice"},
		{"repeated answer field", strings.Replace(v, `"owner": "Ana"`, `"owner": "Ana", "owner": "Bob"`, 1), "answers.AC-01.owner: appears twice"},
		{"repeated key in history", strings.Replace(v, `"readiness": 42.5`, `"readiness": 42.5, "readiness": 99`, 1), "history[0].readiness: appears twice"},
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
	// issue 13: long strings, bad snapshots, repeated keys, year 1
	f.Add([]byte(strings.Replace(string(valid), `"Okta; naïve café"`, `"`+strings.Repeat("ab", MaxTextLength)+`"`, 1)))
	f.Add([]byte(strings.Replace(string(valid), `"readiness": 42.5`, `"readiness": 1e308`, 1)))
	f.Add([]byte(strings.Replace(string(valid), `"verdict": "not_ready"`, `"verdict": "pwned"`, 1)))
	f.Add([]byte(strings.Replace(string(valid), `"history": [`, `"history": [null,`, 1)))
	f.Add([]byte(strings.Replace(string(valid), `"company": "Łódź`, `"company": "A", "company": "Łódź`, 1)))
	f.Add([]byte(strings.Replace(string(valid), `"2027-01-15"`, `"0001-01-01"`, 1)))
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

// TestUpdateFileKeepsUnknown: fields a newer version wrote, at any depth,
// survive an update with their values exactly; known fields take the new
// values, and a known field now empty goes.
func TestUpdateFileKeepsUnknown(t *testing.T) {
	b, v := sampleFile(t)
	for _, r := range [][2]string{
		{`"company": `, `"x_top": {"nested": [1, 2.50, "三"]}, "company": `},
		{`"report_type": `, `"x_scope": true, "Report_Type": `}, // encoding/json ignores case
		{`"owner": "Ana"`, `"owner": "Ana", "x_answer": "kept"`},
		{`"what_happened": `, `"x_response": null, "what_happened": `},
		{`"readiness": 42.5`, `"readiness": 42.5, "x_snapshot": 1e3`},
	} {
		if !strings.Contains(v, r[0]) {
			t.Fatalf("sample file lacks %s", r[0])
		}
		v = strings.Replace(v, r[0], r[1], 1)
	}
	a, err := DecodeFile([]byte(v), b)
	if err != nil {
		t.Fatal(err)
	}
	ans := a.Answers["AC-01"]
	ans.Notes, ans.Owner = "", "Zoë"
	a.Answers["AC-01"] = ans
	a.Answers["AC-02"] = Answer{Status: Partial}
	out, err := UpdateFile([]byte(v), a)
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	checkFileHas(t, out,
		`"x_top": {
    "nested": [
      1,
      2.50,
      "三"
    ]
  }`,
		`"x_scope": true`, `"x_answer": "kept"`, `"x_response": null`, `"x_snapshot": 1e3`,
		`"owner": "Zoë"`, `"AC-02": {
      "status": "partial"
    }`)
	if strings.Contains(got, `"notes"`) || strings.Contains(got, `"Ana"`) || strings.Contains(got, `"Report_Type"`) {
		t.Errorf("updated file keeps the old notes or owner:\n%s", got)
	}
	checkReadsBack(t, out, b, a)
	// with nothing unknown, UpdateFile is EncodeFile
	plain, _ := EncodeFile(a)
	if same, _ := UpdateFile(plain, a); string(same) != string(plain) {
		t.Errorf("UpdateFile of a plain file differs from EncodeFile:\n%s\nwant\n%s", same, plain)
	}
}

// checkFileHas reports each of wants that the file lacks.
func checkFileHas(t *testing.T, data []byte, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(string(data), want) {
			t.Errorf("file lacks %s:\n%s", want, data)
		}
	}
}

// checkReadsBack decodes a file and compares it with the assessment it
// should hold.
func checkReadsBack(t *testing.T, data []byte, b *Bank, want *Assessment) {
	t.Helper()
	got, err := DecodeFile(data, b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the file reads back as\n got %+v\nwant %+v", got, want)
	}
}

// sampleFile returns the test bank and sampleAssessment as a file.
func sampleFile(t testing.TB) (*Bank, string) {
	t.Helper()
	valid, err := EncodeFile(sampleAssessment(t))
	if err != nil {
		t.Fatal(err)
	}
	return testBank(t), string(valid)
}
