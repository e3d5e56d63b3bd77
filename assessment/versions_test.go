package assessment

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestRetiredAnswers(t *testing.T) {
	b := testBank(t)
	tests := []struct {
		name    string
		answers map[string]Answer
		want    []RetiredAnswer
	}{
		{"none", map[string]Answer{"AC-01": {Status: Implemented}}, nil},
		{"retired", map[string]Answer{"AC-01": {Status: Implemented}, "AV-02": {Status: Partial}},
			[]RetiredAnswer{{Question: "AV-02", Title: "Old capacity check"}}},
		{"removed, after retired, in ID order", map[string]Answer{"ZZ-02": {Status: Missing}, "ZZ-01": {Notes: "only a note"}, "AV-02": {Status: Partial}},
			[]RetiredAnswer{{Question: "AV-02", Title: "Old capacity check"}, {Question: "ZZ-01", Removed: true}, {Question: "ZZ-02", Removed: true}}},
		{"an empty answer says nothing", map[string]Answer{"AV-02": {Changed: mustTime(t, "2026-11-02T10:00:00Z")}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAssessment(Type2, Availability)
			a.Answers = tt.answers
			if got := RetiredAnswers(b, a); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// Answers to retired questions survive a file round trip and count for
// nothing in the forecast.
func TestRetiredAnswerKeptButNotCounted(t *testing.T) {
	b := testBank(t)
	a := sampleAssessment(t)
	a.Answers["AV-02"] = Answer{Status: Missing, Evidence: EvidenceNone}
	data, err := EncodeFile(a)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeFile(data, b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Answers["AV-02"] != a.Answers["AV-02"] {
		t.Fatalf("the answer to the retired question was not kept: %+v", got.Answers)
	}
	delete(a.Answers, "AV-02")
	if !reflect.DeepEqual(Score(b, got), Score(b, a)) {
		t.Error("an answer to a retired question changed the forecast")
	}
}

func TestDecodeFileBankVersions(t *testing.T) {
	b := testBank(t) // test-bank 1
	file := func(bank, answers string) string {
		return `{"format":"soc2ready.assessment","version":1,"company":"A","scope":{"report_type":"type1"},` + bank + `"answers":{` + answers + `}}`
	}
	tests := []struct {
		name     string
		data     string
		wantBank BankRef
		wantErr  []string // each in the message; none means accepted
	}{
		{"no bank: recorded as the one it was read with", file(``, `"AC-01":{"status":"implemented"}`), BankRef{"test-bank", "1"}, nil},
		{"no version", file(`"bank":{"id":"test-bank"},`, ``), BankRef{"test-bank", "1"}, nil},
		{"older version, its questions all kept", file(`"bank":{"id":"test-bank","version":"0.9"},`, `"AV-02":{"status":"partial"}`), BankRef{"test-bank", "0.9"}, nil},
		{"older version answering a question since removed", file(`"bank":{"id":"test-bank","version":"0.9"},`, `"AC-01":{"status":"partial"},"XX-07":{"status":"partial"}`), BankRef{},
			[]string{"answers.XX-07: no such question in bank test-bank 1", "made with version 0.9", "load that version of the bank to read it"}},
		{"same version, unknown question", file(`"bank":{"id":"test-bank","version":"1"},`, `"XX-07":{"status":"partial"}`), BankRef{},
			[]string{"answers.XX-07: no such question in bank test-bank 1"}},
		{"another bank", file(`"bank":{"id":"acme-custom","version":"3"},`, ``), BankRef{},
			[]string{`bank.id: the file was made with question bank "acme-custom", not "test-bank": load that bank`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := DecodeFile([]byte(tt.data), b)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if a.Bank != tt.wantBank {
					t.Errorf("bank %+v, want %+v", a.Bank, tt.wantBank)
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted: %+v", a)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(tt.name, "same version") && strings.Contains(err.Error(), "made with version") {
				t.Errorf("error %q speaks of another version", err)
			}
		})
	}
}

func TestCheckBank(t *testing.T) {
	b := testBank(t)
	tests := []struct {
		bank BankRef
		ok   bool
	}{
		{BankRef{}, true},
		{BankRef{"test-bank", "1"}, true},
		{BankRef{"test-bank", "7"}, true},
		{BankRef{"other", "1"}, false},
	}
	for _, tt := range tests {
		err := (&Assessment{Bank: tt.bank}).CheckBank(b)
		var bm *BankMismatchError
		switch {
		case tt.ok && err != nil:
			t.Errorf("%+v: %v", tt.bank, err)
		case !tt.ok && (!errors.As(err, &bm) || bm.Made != tt.bank || bm.Loaded != b.Ref()):
			t.Errorf("%+v: got %v, want a *BankMismatchError", tt.bank, err)
		}
	}
}

// The notice the CLI, the questionnaire and the results show about answers
// that do not count: retired ones with their titles, in bank order, then
// removed ones; at most five named per kind.
func TestRetiredNotice(t *testing.T) {
	b := testBank(t)
	// A later version retiring every question but AC-01.
	later := *b
	later.Questions = append([]Question(nil), b.Questions...)
	for i := range later.Questions[1:] {
		later.Questions[i+1].Retired = true
	}
	title := func(id string) string {
		q, _ := b.Question(id)
		return id + " " + q.Title
	}
	const kept = " They are kept in the assessment."
	tests := []struct {
		name    string
		bank    *Bank
		answers []string
		want    string
	}{
		{"none", b, []string{"AC-01"}, ""},
		{"one retired", b, []string{"AC-01", "AV-02"},
			"1 answer is to a retired question and does not count: AV-02 Old capacity check." + kept},
		{"two retired, in bank order", &later, []string{"SO-01", "AC-02", "AC-01"},
			"2 answers are to retired questions and do not count: " + title("AC-02") + ", " + title("SO-01") + "." + kept},
		{"five: all named", &later, []string{"AC-02", "AC-03", "AC-04", "SO-01", "SO-02"},
			"5 answers are to retired questions and do not count: " + strings.Join([]string{title("AC-02"), title("AC-03"), title("AC-04"), title("SO-01"), title("SO-02")}, ", ") + "." + kept},
		{"more than five: the rest counted", &later, []string{"AC-02", "AC-03", "AC-04", "SO-01", "SO-02", "SO-03", "SO-04"},
			"7 answers are to retired questions and do not count: " + strings.Join([]string{title("AC-02"), title("AC-03"), title("AC-04"), title("SO-01"), title("SO-02")}, ", ") + " and 2 more." + kept},
		{"one removed", b, []string{"ZZ-01"},
			"1 answer is to a question that bank test-bank 1 does not have, and does not count: ZZ-01." + kept},
		{"both kinds", b, []string{"ZZ-02", "AV-02", "ZZ-01"},
			"1 answer is to a retired question and does not count: AV-02 Old capacity check. " +
				"2 answers are to questions that bank test-bank 1 does not have, and do not count: ZZ-01, ZZ-02." + kept},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAssessment(Type2, Availability)
			a.Answers = map[string]Answer{}
			for _, id := range tt.answers {
				a.Answers[id] = Answer{Status: Implemented}
			}
			if got := RetiredNotice(tt.bank, a); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
