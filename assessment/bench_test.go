package assessment_test

import (
	"testing"
	"time"

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
