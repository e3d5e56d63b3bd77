package assessment

import "testing"

// Each constant is tested against the reasoning in its comment, so a change
// that breaks the reasoning fails here with a sentence saying why.
func TestConstantsFollowTheirReasoning(t *testing.T) {
	checks := []struct {
		name string
		ok   bool
	}{
		{"miss shares rise as consistency falls", missShare[Always] == 0 && missShare[Always] < missShare[Mostly] && missShare[Mostly] < missShare[Sometimes] && missShare[Sometimes] < missShare[Rarely]},
		{"mostly is a slip now and then", missShare[Mostly] > 0 && missShare[Mostly] <= 0.1},
		{"rarely means more missed than done", missShare[Rarely] > 0.5 && missShare[Rarely] < 1},
		{"no proof at all fails every occurrence; complete fails none", evidenceMissShare[EvidenceNone] == 1 && evidenceMissShare[EvidenceComplete] == 0},
		{"partial proof is a few gaps, like mostly", evidenceMissShare[EvidencePartial] > 0 && evidenceMissShare[EvidencePartial] <= missShare[Sometimes]},
		{"a partly built control fails where it does not reach", partialMissShare > 0 && partialMissShare < 1},
		{"annual 1, quarterly 2: a single miss is an exception", periodicSample[Annual] == 1 && periodicSample[Quarterly] == 2},
		{"monthly sample within 2–5", periodicSample[Monthly] >= 2 && periodicSample[Monthly] <= 5},
		{"weekly sample within 5–15", periodicSample[Weekly] >= 5 && periodicSample[Weekly] <= 15},
		{"daily sample within 20–40", periodicSample[Daily] >= 20 && periodicSample[Daily] <= 40},
		{"an automated control is a test of one", periodicSample[Continuous] == 1},
		{"populations: about 10%, at least 3, at most 25–30", populationSampleShare == 0.10 && populationSampleMin == 3 && populationSampleMax >= 25 && populationSampleMax <= 30},
		{"the 10% band meets its bounds without a jump", populationSample(3) == 3 && populationSample(4) == 3 && populationSample(30) == 3 && populationSample(250) == 25},
		{"a widened test of an automated control samples like a monthly one", widenedSample == periodicSample[Monthly]},
		{"every calendar frequency has a sample and a count per year", func() bool {
			for _, f := range []Frequency{Annual, Quarterly, Monthly, Weekly, Daily} {
				if periodicSample[f] == 0 || occurrencesPerYear[f] == 0 {
					return false
				}
			}
			return true
		}()},
		{"the company counts: leavers below joiners in a growing company", defaultLeaversShare < defaultJoinersShare && defaultJoinersShare <= 0.5},
		{"a small company by default", DefaultHeadcount >= 5 && DefaultHeadcount <= 50},
		{"pervasive means several criteria", adverseNotMetCriteria >= 3},
		{"a key control is the highest impact", keyControlImpact == 3},
		{"the forecast needs most questions answered; ready needs nearly all", MinCoverage >= 0.5 && MinCoverage < readyMinCoverage && readyMinCoverage <= 1},
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
