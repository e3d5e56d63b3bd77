package assessment_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"soc2ready/assessment"
	"soc2ready/assets"
)

// fullyAnswered answers every question of the built-in bank, cycling through
// the answer values, in a Type II scope with every category.
func fullyAnswered(b *assessment.Bank) *assessment.Assessment {
	a := &assessment.Assessment{
		Company: "Bench", Bank: b.Ref(), Answers: map[string]assessment.Answer{},
		Scope: assessment.Scope{ReportType: assessment.Type2, Categories: assessment.Categories[1:], PeriodMonths: 6},
	}
	for i, q := range b.Questions {
		a.Answers[q.ID] = assessment.Answer{
			Status:      assessment.Statuses[i%4],
			Evidence:    assessment.EvidenceLevels[i%3],
			Consistency: assessment.Consistencies[i%4],
		}
	}
	return a
}

func BenchmarkParseBank(b *testing.B) {
	b.SetBytes(int64(len(assets.BankYAML)))
	for b.Loop() {
		if _, err := assessment.ParseBank(assets.BankYAML); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScoreFullBank(b *testing.B) {
	bank, err := assets.Bank()
	if err != nil {
		b.Fatal(err)
	}
	a := fullyAnswered(bank)
	for b.Loop() {
		assessment.Score(bank, a)
	}
}

func BenchmarkScoreAndPlanFullBank(b *testing.B) {
	bank, err := assets.Bank()
	if err != nil {
		b.Fatal(err)
	}
	a := fullyAnswered(bank)
	today := assessment.DateOf(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	for b.Loop() {
		assessment.BuildPlan(assessment.Score(bank, a), a, today)
	}
}

// bank150 is the built-in bank grown to 150 questions (copies under new IDs).
func bank150(tb testing.TB) *assessment.Bank {
	core, err := assets.Bank()
	if err != nil {
		tb.Fatal(err)
	}
	qs := slices.Clone(core.Questions)
	for i := 0; len(qs) < 150; i++ {
		q := core.Questions[i]
		q.ID = fmt.Sprintf("XB-%02d", i+1)
		qs = append(qs, q)
	}
	data, err := yaml.Marshal(assessment.Bank{ID: core.ID, Version: core.Version, Areas: core.Areas, Questions: qs})
	if err != nil {
		tb.Fatal(err)
	}
	bank, err := assessment.ParseBank(data)
	if err != nil {
		tb.Fatal(err)
	}
	return bank
}

// BenchmarkMerge merges two files that each answer all 150 questions, as
// two people who both went through the whole questionnaire would: every
// third answer differs (a conflict), the rest agree. Each file also has 10
// plan edits, 5 responses (2 of them in both) and 3 history snapshots (2 of
// them in both).
func BenchmarkMerge(b *testing.B) {
	bank := bank150(b)
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	// Two snapshots from before the file was shared, one each since.
	start := fullyAnswered(bank)
	base := []assessment.Snapshot{assessment.Score(bank, start).Snapshot(day.AddDate(0, 0, -14), "kick-off"), assessment.Score(bank, start).Snapshot(day.AddDate(0, 0, -7), "")}
	file := func(person int) *assessment.Assessment {
		a := fullyAnswered(bank)
		a.Company, a.Updated = "Bench Ltd", day.Add(time.Duration(person)*time.Hour)
		a.Plan = map[string]assessment.PlanEdit{}
		for i, q := range bank.Questions {
			ans := a.Answers[q.ID]
			ans.Changed = day.Add(time.Duration(i) * time.Minute)
			if person == 1 && i%3 == 0 {
				ans.Status, ans.Notes, ans.Changed = assessment.Partial, "second opinion", ans.Changed.Add(time.Hour)
			}
			a.Answers[q.ID] = ans
			if i%15 == person {
				a.Plan[q.ID] = assessment.PlanEdit{Owner: fmt.Sprintf("owner %d", person), Status: assessment.PlanInProgress}
			}
		}
		for i := range 5 {
			a.Responses = append(a.Responses, assessment.Response{ID: fmt.Sprintf("r%d", i+person*3), Question: bank.Questions[i].ID,
				WhatHappened: "missed a quarter", ManagementResponse: "We agree.", Updated: day.Add(time.Duration(i+person) * time.Hour)})
		}
		a.History = append(slices.Clone(base), assessment.Score(bank, a).Snapshot(day.Add(time.Duration(person+1)*time.Hour), ""))
		return a
	}
	x, y := file(0), file(1)
	if m, conflicts, err := assessment.Merge(bank, x, y); err != nil || len(m.Answers) != 150 || len(conflicts) != 50 {
		b.Fatalf("merge: %v, %d answers, %d conflicts", err, len(m.Answers), len(conflicts))
	}
	for b.Loop() {
		if _, _, err := assessment.Merge(bank, x, y); err != nil {
			b.Fatal(err)
		}
	}
}

// Every reason, for every question of the built-in bank and every answer,
// reads as a sentence: a capital first letter, one full stop at the end, no
// doubled spaces or stops, no empty parts, and no number printed as a Go
// value.
func TestReasonsReadAsSentences(t *testing.T) {
	bank, err := assets.Bank()
	if err != nil {
		t.Fatal(err)
	}
	scopes := []assessment.Scope{{ReportType: assessment.Type1}, {ReportType: assessment.Type2, PeriodMonths: 3}, {ReportType: assessment.Type2, PeriodMonths: 12}}
	answers := []assessment.Answer{{}}
	for _, st := range assessment.Statuses[:4] {
		for _, ev := range assessment.EvidenceLevels {
			for _, c := range assessment.Consistencies {
				answers = append(answers, assessment.Answer{Status: st, Evidence: ev, Consistency: c})
			}
			answers = append(answers, assessment.Answer{Status: st, Evidence: ev, Missed: assessment.CountOf(2)})
		}
	}
	bad := []string{"  ", "..", " .", "%!", "NaN", "+Inf", "( ", " )", ": :", "There is no"}
	for _, sc := range scopes {
		for _, ans := range answers {
			a := &assessment.Assessment{Company: "X", Scope: sc, Answers: map[string]assessment.Answer{}}
			a.Profile.Population = assessment.Population{Leavers: assessment.CountOf(0)}
			for _, q := range bank.Questions {
				a.Answers[q.ID] = ans
			}
			for _, it := range assessment.Score(bank, a).Items {
				r := it.Reason
				first, _ := utf8.DecodeRuneInString(r)
				if !unicode.IsUpper(first) || !strings.HasSuffix(r, ".") {
					t.Fatalf("%s %+v: %q is not a sentence", it.Question.ID, ans, r)
				}
				for _, b := range bad {
					if strings.Contains(r, b) {
						t.Fatalf("%s %+v: %q contains %q", it.Question.ID, ans, r, b)
					}
				}
			}
		}
	}
}
