package assets

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"soc2ready/assessment"
)

func TestEmbeddedBankIsValid(t *testing.T) {
	b, err := Bank()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(b.Questions); n < 120 || n > 170 {
		t.Errorf("bank has %d questions, want 120–170", n)
	}
}

// Every one of the 61 criteria is asked about, each Common Criterion by a
// security question so it stays in scope for a Security-only report.
func TestEmbeddedBankCoversEveryCriterion(t *testing.T) {
	b, err := Bank()
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]int{}
	for _, q := range b.Questions {
		if q.Retired {
			continue
		}
		for _, c := range q.Criteria {
			if crit, _ := assessment.LookupCriterion(c); crit.Category == q.Category {
				covered[c]++
			}
		}
	}
	for _, c := range assessment.AllCriteria {
		if covered[c.ID] == 0 {
			t.Errorf("%s (%s) is not asked about", c.ID, c.Subject)
		}
	}
}

// The exceptions auditors report most often (domain.md) are each asked about
// directly.
func TestEmbeddedBankAsksAboutCommonExceptions(t *testing.T) {
	b, err := Bank()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		topic, pattern, criterion string
	}{
		{"access reviews", `(?i)access review`, "CC6.3"},
		{"leavers", `(?i)leaver`, "CC6.2"},
		{"joiner approval", `(?i)joiner`, "CC6.2"},
		{"shared accounts", `(?i)shared account`, "CC6.1"},
		{"MFA", `(?i)\bMFA\b|multi-factor`, "CC6.1"},
		{"training completion", `(?i)security training`, "CC2.2"},
		{"background checks", `(?i)background check`, "CC1.4"},
		{"policy acknowledgement", `(?i)acknowledg`, "CC5.3"},
		{"change approval", `(?i)peer review|approv.*change|change.*approv`, "CC8.1"},
		{"vendor reviews", `(?i)vendor.*(review|SOC 2)`, "CC9.2"},
		{"restore tests", `(?i)restore`, "CC7.5"},
		{"incident exercises", `(?i)incident exercise|tabletop`, "CC7.4"},
		{"risk assessment", `(?i)risk assessment`, "CC3.2"},
		{"fraud risk", `(?i)fraud`, "CC3.3"},
		{"vulnerability scans", `(?i)vulnerabilit`, "CC7.1"},
		{"penetration test", `(?i)penetration test`, "CC4.1"},
		{"encryption", `(?i)encrypt`, "CC6.7"},
		{"log review", `(?i)log.*review|alert review`, "CC7.2"},
		{"board oversight", `(?i)board`, "CC1.2"},
	}
	for _, tt := range tests {
		re := regexp.MustCompile(tt.pattern)
		found := false
		for _, q := range b.Questions {
			if !q.Retired && re.MatchString(q.Title+" "+q.Prompt) && slices.Contains(q.Criteria, tt.criterion) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no question asks about %s (%s) under %s", tt.topic, tt.pattern, tt.criterion)
		}
	}
}

// The four areas the product is known for are the deepest.
func TestFlagshipAreasAreDeepest(t *testing.T) {
	b, err := Bank()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, q := range b.Questions {
		count[q.Area]++
	}
	for _, flagship := range []string{"access", "data", "operations", "people"} {
		if count[flagship] < 10 {
			t.Errorf("%s has %d questions, want at least 10", flagship, count[flagship])
		}
	}
	for _, q := range b.Questions {
		if !strings.HasSuffix(strings.TrimSpace(q.Prompt), "?") {
			t.Errorf("%s: prompt is not a question: %q", q.ID, q.Prompt)
		}
	}
}
