package assessment

import (
	"math"
	"testing"
)

// Each constant is tested against the reasoning in its comment, so a change
// that breaks the reasoning fails here with a sentence saying why.
func TestConstantsFollowTheirReasoning(t *testing.T) {
	checks := []struct {
		name string
		ok   bool
	}{
		{"a missing or planned control is an exception for certain", designGap[Missing] == 1 && designGap[Planned] == 1},
		{"an implemented control has no design gap", designGap[Implemented] == 0},
		{"a partial control is more likely an exception than not", designGap[Partial] > 0.5 && designGap[Partial] < 1},
		{"no evidence is worse than partial evidence, complete is free", evidenceGap[EvidenceNone] > evidenceGap[EvidencePartial] && evidenceGap[EvidenceComplete] == 0},
		{"unanswered evidence counts as none", evidenceGap[""] == evidenceGap[EvidenceNone]},
		{"no evidence is high: an untestable control is an exception", evidenceGap[EvidenceNone] >= 0.5},
		{"deviation rates rise as consistency falls", deviationRate[Always] < deviationRate[Mostly] && deviationRate[Mostly] < deviationRate[Sometimes] && deviationRate[Sometimes] < deviationRate[Rarely]},
		{"unanswered consistency counts as rarely", deviationRate[""] == deviationRate[Rarely]},
		{"quarterly done mostly is about a 10% chance of a missed sample", math.Abs(1-math.Pow(1-deviationRate[Mostly], float64(sampleSize[Quarterly]))-0.10) < 0.01},
		{"annual 1, quarterly 2: a single miss is an exception", sampleSize[Annual] == 1 && sampleSize[Quarterly] == 2},
		{"monthly sample within 2–5", sampleSize[Monthly] >= 2 && sampleSize[Monthly] <= 5},
		{"weekly sample within 5–15", sampleSize[Weekly] >= 5 && sampleSize[Weekly] <= 15},
		{"daily sample within 20–40", sampleSize[Daily] >= 20 && sampleSize[Daily] <= 40},
		{"per-event sample within 25–60 or the 10% rule's max of 30", sampleSize[PerEvent] >= 25 && sampleSize[PerEvent] <= 60},
		{"an automated control is a test of one", sampleSize[Continuous] == 1},
		{"every recurring frequency has a sample size", func() bool {
			for f := range knownFrequencies {
				if _, ok := sampleSize[f]; f.Recurring() != ok {
					return false
				}
			}
			return true
		}()},
		{"ready is stricter than nearly ready", ReadyReadiness > NearlyReadyReadiness && readyMaxExpected < nearlyReadyMaxExpected},
		{"a material probability is small but above noise", MaterialProbability > 0 && MaterialProbability <= 0.1},
		{"lead times grow with effort", leadDays[EffortS] < leadDays[EffortM] && leadDays[EffortM] < leadDays[EffortL]},
		{"S fits 2 working days, M 2 weeks", leadDays[EffortS] >= 2 && leadDays[EffortM] >= 14},
		{"a first Type II period is 3–6 months", DefaultPeriodMonths >= 3 && DefaultPeriodMonths <= 6},
		{"every recurring frequency has a cycle", func() bool {
			for f := range knownFrequencies {
				if _, ok := cycleDays[f]; f.Recurring() != ok {
					return false
				}
			}
			return true
		}()},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("constant broken: %s", c.name)
		}
	}
}
