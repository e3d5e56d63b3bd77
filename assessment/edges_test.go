package assessment

import (
	"slices"
	"strings"
	"testing"
)

// Tests on both sides of the edges that decide what a user is told, outside
// the forecast model itself.

// A likely exception is one at MaterialProbability or above: a question
// that reaches it exactly appears in a comparison, one just under does not.
func TestCompareMaterialEdge(t *testing.T) {
	b := testBank(t)
	snap := func(p float64) Snapshot {
		return Snapshot{Applicable: 1, Probabilities: map[string]float64{"AC-01": p}}
	}
	if c := Compare(snap(0), snap(MaterialProbability), b); len(c.Appeared) != 1 {
		t.Errorf("a question reaching P = %v exactly did not appear: %+v", MaterialProbability, c.Appeared)
	}
	if c := Compare(snap(0), snap(MaterialProbability-1e-9), b); len(c.Appeared) != 0 {
		t.Errorf("a question just under P = %v appeared: %+v", MaterialProbability, c.Appeared)
	}
}

// An area whose readiness moved by half a point or more is reported as
// improved or worse, by 1 after rounding (never "+0"); less is not.
func TestCompareTextAreaEdges(t *testing.T) {
	area := func(from, to float64) Comparison {
		return Comparison{Detailed: true, Areas: []AreaChange{{"access", "Access control", from, to, true, true}}}
	}
	tests := []struct {
		name     string
		c        Comparison
		says     string
		saysNone string
	}{
		{"up by half a point", area(10, 10.5), "Improved: Access control +1.", "Nothing else changed"},
		{"up by a little less", area(10, 10.49), "Nothing else changed", "Improved"},
		{"down by half a point", area(10.5, 10), "Got worse: Access control -1.", "Nothing else changed"},
		{"down by a little less", area(10.49, 10), "Nothing else changed", "Got worse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.c.Text()
			if !strings.Contains(text, tt.says) || strings.Contains(text, tt.saysNone) {
				t.Errorf("Text() = %q, want %q and no %q", text, tt.says, tt.saysNone)
			}
		})
	}
}

// "Nothing else changed" is said only when nothing did: any two kinds of
// change together are changes.
func TestCompareTextNothingElseChanged(t *testing.T) {
	q := Question{ID: "AC-01", Title: "MFA"}
	better := AreaChange{"a", "Better", 10, 20, true, true}
	worse := AreaChange{"w", "Worse", 20, 10, true, true}
	added := AreaChange{"n", "New", 0, 50, false, true}
	dropped := AreaChange{"d", "Dropped", 50, 0, true, false}
	tests := []struct {
		name string
		c    Comparison
	}{
		{"improved and worse", Comparison{Areas: []AreaChange{better, worse}}},
		{"worse and newly assessed", Comparison{Areas: []AreaChange{worse, added}}},
		{"newly and no longer assessed", Comparison{Areas: []AreaChange{added, dropped}}},
		{"no longer assessed and a new exception", Comparison{Areas: []AreaChange{dropped}, Appeared: []Question{q}}},
		{"a new and a gone exception", Comparison{Appeared: []Question{q}, Disappeared: []Question{{ID: "SO-01", Title: "Logs"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.Detailed = true
			if text := tt.c.Text(); strings.Contains(text, "Nothing else changed") {
				t.Errorf("Text() = %q, says nothing changed", text)
			}
		})
	}
	if text := (Comparison{Detailed: true}).Text(); !strings.Contains(text, "Nothing else changed") {
		t.Errorf("Text() of no change = %q, want \"Nothing else changed\"", text)
	}
}

// An observation period of 0 to 24 months is accepted; one outside is
// refused, naming the field.
func TestScopePeriodEdges(t *testing.T) {
	for months, ok := range map[int]bool{-1: false, 0: true, 1: true, 24: true, 25: false} {
		s := Scope{ReportType: Type2, PeriodMonths: months}
		err := s.Check()
		if (err == nil) != ok || (err != nil && !strings.Contains(err.Error(), "period_months")) {
			t.Errorf("period of %d months: Check() = %v, want accepted: %v", months, err, ok)
		}
	}
}

// A bank built in code, not parsed, finds its questions too.
func TestQuestionInABankBuiltInCode(t *testing.T) {
	b := &Bank{Questions: []Question{{ID: "AC-01", Title: "MFA"}, {ID: "AC-02", Title: "Offboarding"}}}
	if q, ok := b.Question("AC-02"); !ok || q.Title != "Offboarding" {
		t.Errorf("Question(AC-02) = %+v, %v", q, ok)
	}
	if _, ok := b.Question("XX-01"); ok {
		t.Error("Question(XX-01) found a question the bank does not have")
	}
}

// A file of exactly MaxFileSize bytes is read; one byte more is refused
// before it is parsed, saying why.
func TestDecodeFileSizeEdge(t *testing.T) {
	b := testBank(t)
	data, err := EncodeFile(sampleAssessment(t))
	if err != nil {
		t.Fatal(err)
	}
	full := append(data, strings.Repeat(" ", MaxFileSize-len(data))...) // JSON allows trailing spaces
	if _, err := DecodeFile(full, b); err != nil {
		t.Errorf("a file of exactly %d bytes: %v", MaxFileSize, err)
	}
	if _, err := DecodeFile(append(full, ' '), b); err == nil || !strings.Contains(err.Error(), "larger than 32 MiB") {
		t.Errorf("a file of %d bytes: %v, want refused as too large", MaxFileSize+1, err)
	}
}

// The edges of a merge that a user sees in its result and its conflicts.
func TestMergeEdges(t *testing.T) {
	b := testBank(t)
	impl := Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly, Changed: t2}
	part := Answer{Status: Partial, Evidence: EvidencePartial, Consistency: Sometimes, Changed: t1}

	t.Run("a Type I period length is not a scope difference", func(t *testing.T) {
		x, y := mergeFile("Acme Ltd", t1, nil), mergeFile("Acme Ltd", t2, nil)
		x.Scope = Scope{ReportType: Type1, AuditDate: Date{t3}, PeriodMonths: 6}
		y.Scope = Scope{ReportType: Type1, AuditDate: Date{t3}, PeriodMonths: 12}
		if _, cs, err := Merge(b, x, y); err != nil || len(cs) != 0 {
			t.Errorf("Merge = %v, %v; want no conflict", conflictStrings(cs), err)
		}
	})

	t.Run("files updated at the same time: the greater details win, in any order", func(t *testing.T) {
		alice, bob := mergeFile("Acme Ltd", t1, nil), mergeFile("Acme Ltd", t1, nil)
		alice.PreparedBy, bob.PreparedBy = "Alice", "Bob"
		for _, files := range [][]*Assessment{{alice, bob}, {bob, alice}} {
			m, _, err := Merge(b, files...)
			if err != nil || m.PreparedBy != "Bob" {
				t.Errorf("Merge(%s, %s) prepared by %q (%v), want Bob", files[0].PreparedBy, files[1].PreparedBy, m.PreparedBy, err)
			}
		}
	})

	t.Run("files updated at the same time with the same details: in argument order", func(t *testing.T) {
		x, y := mergeFile("Acme Ltd", t1, nil), mergeFile("Acme Ltd", t1, nil)
		x.Responses = []Response{{ID: "r-x", Question: "AC-01", WhatHappened: "x"}}
		y.Responses = []Response{{ID: "r-y", Question: "AC-01", WhatHappened: "y"}}
		m, _, err := Merge(b, x, y)
		if err != nil || len(m.Responses) != 2 || m.Responses[0].ID != "r-x" {
			t.Errorf("Merge responses = %+v (%v), want r-x, then r-y", m.Responses, err)
		}
	})

	t.Run("the first of two identical newest answers is the one kept", func(t *testing.T) {
		files := []*Assessment{
			mergeFile("Acme Ltd", t1, map[string]Answer{"AC-01": impl}),
			mergeFile("Acme Ltd", t1, map[string]Answer{"AC-01": impl}),
			mergeFile("Acme Ltd", t1, map[string]Answer{"AC-01": part}),
		}
		_, cs, err := Merge(b, files...)
		if err != nil || len(cs) != 1 || cs[0].Kept != 0 {
			t.Errorf("Merge = %v, %v; want one conflict, keeping file 0", conflictStrings(cs), err)
		}
	})
}

// A file whose value has the wrong type names the field and its line.
func TestDecodeFileNamesTheLine(t *testing.T) {
	data := []byte("{\n  \"format\": \"soc2ready.assessment\",\n  \"version\": 1,\n  \"company\": 42,\n  \"scope\": {\"report_type\": \"type1\"}\n}\n")
	_, err := DecodeFile(data, testBank(t))
	if err == nil || !strings.Contains(err.Error(), "company") || !strings.Contains(err.Error(), "(line 4)") {
		t.Errorf("DecodeFile = %v, want the company field on line 4", err)
	}
}

// A bank's problems are listed question by question, in bank order, and
// within one question by field (two problems of one field in the order
// found), so the list reads the same every time.
func TestSortFieldErrors(t *testing.T) {
	errs := []FieldError{
		{Question: "SO-01", Field: "title"}, {Question: "SO-01", Field: "area"}, {Question: "SO-01", Field: "impact"},
		{Question: "AC-01", Field: "frequency"}, {Question: "AC-01", Field: "criteria", Problem: "first"}, {Question: "AC-01", Field: "criteria", Problem: "second"},
	}
	sortFieldErrors(errs)
	var got []string
	for _, e := range errs {
		got = append(got, strings.TrimSpace(e.Question+" "+e.Field+" "+e.Problem))
	}
	want := []string{"SO-01 area", "SO-01 impact", "SO-01 title", "AC-01 criteria first", "AC-01 criteria second", "AC-01 frequency"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("sorted = %v, want %v", got, want)
	}
}

// Answers are reported in bank order, then the IDs the bank lacks in ID
// order, also with a bank built in code.
func TestSortIDs(t *testing.T) {
	hand := &Bank{Questions: []Question{{ID: "ZZ-01"}, {ID: "MM-01"}, {ID: "AA-01"}}}
	parsed := testBank(t)
	for name, tt := range map[string]struct {
		b    *Bank
		ids  []string
		want []string
	}{
		"built in code": {hand, []string{"XX-02", "AA-01", "XX-01", "ZZ-01", "MM-01"}, []string{"ZZ-01", "MM-01", "AA-01", "XX-01", "XX-02"}},
		"parsed":        {parsed, []string{"ZZ-02", "SO-01", "ZZ-01", "AC-02"}, []string{"AC-02", "SO-01", "ZZ-01", "ZZ-02"}},
	} {
		if got := tt.b.sortIDs(slices.Clone(tt.ids)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: sortIDs(%v) = %v, want %v", name, tt.ids, got, tt.want)
		}
	}
}
