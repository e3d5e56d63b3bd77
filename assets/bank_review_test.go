package assets

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"soc2ready/assessment"
)

// The built-in bank as an auditor reviewed it (issue 10, "The bank, reviewed
// by an auditor's eye"): what the forecast needs from it to sample as an
// auditor does, and the questions an auditor asks before testing anything.

func reviewedBank(t *testing.T) *assessment.Bank {
	t.Helper()
	b, err := Bank()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustQuestion(t *testing.T, b *assessment.Bank, id string) assessment.Question {
	t.Helper()
	q, ok := b.Question(id)
	if !ok {
		t.Fatalf("%s is not in the bank", id)
	}
	return q
}

// Answers are keyed by question ID, so every ID the bank ever shipped stays,
// answerable unless it is retired.
func TestBankKeepsEveryShippedID(t *testing.T) {
	b := reviewedBank(t)
	shipped := map[string]int{ // bank 2026.11: area prefix -> last number
		"AC": 18, "DP": 12, "SO": 14, "TP": 12, "GP": 13, "RV": 11,
		"CM": 9, "IR": 9, "AR": 14, "CO": 8, "PR": 19, "PI": 7,
	}
	for prefix, last := range shipped {
		for n := 1; n <= last; n++ {
			id := fmt.Sprintf("%s-%02d", prefix, n)
			if _, ok := b.Question(id); !ok {
				t.Errorf("%s was shipped in 2026.11 and is gone: keep it, or mark it retired", id)
			}
		}
	}
}

// Per-event and per-person controls name the list the auditor samples from,
// so that training is sampled across people and vendor reviews across
// vendors, not as "annual, sample 1".
func TestBankPopulations(t *testing.T) {
	b := reviewedBank(t)
	want := map[string]assessment.PopulationKind{
		"AC-07": assessment.Joiners, "TP-01": assessment.Joiners, "TP-04": assessment.Joiners,
		"TP-05": assessment.Joiners, "TP-06": assessment.Joiners, "TP-10": assessment.Joiners,
		"AC-08": assessment.Leavers, "TP-11": assessment.Leavers,
		"TP-02": assessment.Headcount, "GP-02": assessment.Headcount, "TP-08": assessment.Headcount,
		"CM-01": assessment.Changes, "CM-02": assessment.Changes, "CM-06": assessment.Changes, "CM-07": assessment.Changes,
		"RV-08": assessment.Vendors, "RV-09": assessment.Vendors, "RV-14": assessment.Vendors, "CO-04": assessment.Vendors,
		"IR-06": assessment.Incidents, "IR-07": assessment.Incidents, "IR-08": assessment.Incidents, "IR-09": assessment.Incidents,
	}
	for id, kind := range want {
		t.Run(id, func(t *testing.T) {
			q := mustQuestion(t, b, id)
			if q.Population != kind {
				t.Errorf("%s %q: population %q, want %q", id, q.Title, q.Population, kind)
			}
			if !q.Frequency.Recurring() || q.Automated() {
				t.Errorf("%s: a %s control is not sampled from a population", id, q.Frequency)
			}
		})
	}
	// A question whose own evidence is drawn per person or per vendor must
	// say from which list, whoever adds it later.
	perPerson := regexp.MustCompile(`(?i)sample of (staff|people|employees|new hires|leavers)|every current staff member|all current staff`)
	perVendor := regexp.MustCompile(`(?i)sample of vendors|each sampled vendor`)
	for _, q := range b.Questions {
		if q.Retired {
			continue
		}
		text := q.Prompt + " " + q.Help + " " + q.Evidence
		switch {
		case perPerson.MatchString(text) && !slices.Contains([]assessment.PopulationKind{assessment.Headcount, assessment.Joiners, assessment.Leavers}, q.Population):
			t.Errorf("%s %q samples people (%q) but names population %q", q.ID, q.Title, perPerson.FindString(text), q.Population)
		case perVendor.MatchString(text) && q.Population != assessment.Vendors && !strings.Contains(text, "added in the period"):
			// vendors added in the period (RV-07) are events, not the vendor list
			t.Errorf("%s %q samples vendors (%q) but names population %q", q.ID, q.Title, perVendor.FindString(text), q.Population)
		}
	}
}

// Without the complete list of a population the auditor cannot draw a
// sample: each population a question samples is kept by a required control.
func TestBankPopulationSources(t *testing.T) {
	b := reviewedBank(t)
	sampled := map[assessment.PopulationKind][]string{}
	sources := map[assessment.PopulationKind][]string{}
	for _, q := range b.Questions {
		if q.Retired {
			continue
		}
		if q.Population != "" {
			sampled[q.Population] = append(sampled[q.Population], q.ID)
		}
		for _, k := range q.SourceOf {
			sources[k] = append(sources[k], q.ID)
			if q.Practice == assessment.Recommended {
				t.Errorf("%s keeps the list of %s but is only recommended", q.ID, k)
			}
		}
	}
	for _, k := range assessment.PopulationKinds {
		if len(sampled[k]) == 0 {
			t.Errorf("no question is sampled from %s", k)
		}
		if len(sources[k]) == 0 {
			t.Errorf("%s (sampled by %v) has no question keeping its list (source_of)", k, sampled[k])
		}
	}
	for id, kinds := range map[string][]assessment.PopulationKind{
		"GP-05": {assessment.Headcount, assessment.Joiners, assessment.Leavers},
		"CM-07": {assessment.Changes},
		"RV-06": {assessment.Vendors},
		"IR-06": {assessment.Incidents},
	} {
		if q := mustQuestion(t, b, id); !slices.Equal(q.SourceOf, kinds) {
			t.Errorf("%s %q keeps %v, want %v", id, q.Title, q.SourceOf, kinds)
		}
	}
}

// One lapse is one finding: questions that test one control share a group.
func TestBankGroups(t *testing.T) {
	b := reviewedBank(t)
	tests := [][]string{
		{"AC-08", "TP-11"}, {"AC-07", "TP-10"}, {"DP-05", "CO-02"}, {"RV-04", "CM-08"},
		{"AR-03", "AR-13"}, {"DP-11", "AR-11"}, {"AC-10", "CO-03"}, {"IR-08", "PR-15"},
		{"RV-01", "RV-02", "RV-03", "RV-05", "AR-04"}, // one missing risk assessment
		{"RV-08", "RV-14"},                            // one yearly vendor review
	}
	for _, ids := range tests {
		t.Run(strings.Join(ids, "/"), func(t *testing.T) {
			g := mustQuestion(t, b, ids[0]).Group
			if g == "" {
				t.Fatalf("%s has no group", ids[0])
			}
			for _, id := range ids[1:] {
				if got := mustQuestion(t, b, id).Group; got != g {
					t.Errorf("%s is in group %q, %s in %q: one lapse would count twice", id, got, ids[0], g)
				}
			}
		})
	}
	members := map[string]int{}
	for _, q := range b.Questions {
		if q.Group != "" && !q.Retired {
			members[q.Group]++
		}
	}
	for g, n := range members {
		if n < 2 {
			t.Errorf("group %q has %d active question: a group links at least two", g, n)
		}
	}
}

// Practices no criterion requires are recommended: they never count as an
// exception nor put a criterion at risk. The review's common exceptions stay
// required.
func TestBankRecommendedPractices(t *testing.T) {
	b := reviewedBank(t)
	for _, id := range []string{"TP-03", "DP-07", "AR-05", "SO-06", "TP-12", "GP-17"} {
		if q := mustQuestion(t, b, id); q.Practice != assessment.Recommended {
			t.Errorf("%s %q is %q, want recommended", id, q.Title, q.Practice)
		}
	}
	for _, id := range []string{"AC-01", "AC-08", "AC-10", "TP-02", "TP-04", "GP-02", "CM-01", "RV-02", "RV-08", "AR-03", "IR-05", "SO-01"} {
		if q := mustQuestion(t, b, id); q.Practice != assessment.Required {
			t.Errorf("%s %q is %q, want required", id, q.Title, q.Practice)
		}
	}
	// A criterion asked about only by recommended practices could never be
	// found not met, however little is in place.
	required := map[string]bool{}
	for _, q := range b.Questions {
		if q.Retired || q.Practice == assessment.Recommended {
			continue
		}
		for _, c := range q.Criteria {
			if crit, _ := assessment.LookupCriterion(c); crit.Category == q.Category {
				required[c] = true
			}
		}
	}
	for _, c := range assessment.AllCriteria {
		if !required[c.ID] {
			t.Errorf("%s (%s) is asked about by no required question", c.ID, c.Subject)
		}
	}
}

// Automated controls rely on the IT general controls: logical access to
// production and change management.
func TestBankITGCs(t *testing.T) {
	b := reviewedBank(t)
	want := []string{"AC-11", "AC-14", "CM-01", "CM-05", "CM-06"}
	var got []string
	for _, q := range b.Questions {
		if q.ITGC && !q.Retired {
			got = append(got, q.ID)
			if q.Practice == assessment.Recommended {
				t.Errorf("%s is an IT general control but only recommended", q.ID)
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("IT general controls %v, want %v", got, want)
	}
}

// Fixes the review asked for, each one a wrong number or a wrong sentence a
// user would see.
func TestBankReviewFixes(t *testing.T) {
	b := reviewedBank(t)
	if q := mustQuestion(t, b, "GP-03"); slices.Contains(q.Criteria, "CC1.2") {
		t.Errorf("GP-03 %q (management meetings) maps to CC1.2, board independence", q.Title)
	}
	// AC-06, AC-11, AC-17 are manual and AC-15 covers many keys: each is the
	// quarterly review an auditor samples, and its prompt says so.
	for _, id := range []string{"AC-06", "AC-11", "AC-15", "AC-17"} {
		q := mustQuestion(t, b, id)
		if q.Frequency != assessment.Quarterly || !strings.Contains(q.Prompt, "quarter") {
			t.Errorf("%s %q: %s, prompt %q; want a quarterly review the prompt names", id, q.Title, q.Frequency, q.Prompt)
		}
	}
	if v := b.Version; v <= "2026.11" {
		t.Errorf("bank version %q was not bumped past 2026.11", v)
	}
}

// What an auditor asks before testing anything, and the gaps the review found.
func TestBankAsksWhatAnAuditorAsksFirst(t *testing.T) {
	b := reviewedBank(t)
	tests := []struct {
		topic, pattern, criterion, appliesIf string
		population                           assessment.PopulationKind
	}{
		{"system description and boundaries", `(?i)system description.*boundar|description of the system.*boundary`, "CC2.1", "", ""},
		{"subservice organisations, carved out or included", `(?i)subservice.*|carved out`, "CC9.2", "", ""},
		{"subservice SOC reports reviewed yearly per vendor", `(?i)every year.*SOC 2.*report`, "CC9.2", "", assessment.Vendors},
		{"complementary subservice organisation controls", `(?i)complementary subservice organisation controls`, "CC9.2", "", ""},
		{"complementary user entity controls", `(?i)complementary user entity controls`, "CC2.3", "", ""},
		{"management's assertion", `(?i)assertion`, "CC2.3", "", ""},
		{"evidence from day one", `(?i)first day of the (observation )?period`, "CC2.1", "", ""},
		{"customer login security", `(?i)product.*(users' logins|sign in)|customer login`, "CC6.1", "develops_software", ""},
		{"direct changes to production data", `(?i)change production data directly|direct changes to production data`, "CC8.1", "", ""},
		{"vendors with no SOC report", `(?i)no SOC report|without a SOC report`, "CC9.2", "", assessment.Vendors},
		{"vendor offboarding", `(?i)stop using a vendor|vendor offboarding`, "CC9.2", "", ""},
		{"personal devices (BYOD)", `(?i)their own laptops|personal devices`, "CC6.8", "!company_devices", ""},
		{"disclosure of significant incidents", `(?i)significant incident|incident seriously`, "CC7.4", "", assessment.Incidents},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			re := regexp.MustCompile(tt.pattern)
			for _, q := range b.Questions {
				if q.Retired || !re.MatchString(q.Title+" "+q.Prompt) || !slices.Contains(q.Criteria, tt.criterion) {
					continue
				}
				if q.AppliesIf == tt.appliesIf && q.Population == tt.population {
					return
				}
			}
			t.Errorf("no question asks about %s (%s) under %s (applies_if %q, population %q)", tt.topic, tt.pattern, tt.criterion, tt.appliesIf, tt.population)
		})
	}
}

// Titles and actions go into the forecast's and the plan's sentences:
// "{Title} is only planned: …", "{Title}: no control is in place, so …",
// and the action is printed as the thing to do.
func TestBankTitlesAndActionsRead(t *testing.T) {
	b := reviewedBank(t)
	notAVerb := regexp.MustCompile(`^(A|An|The|No|Your|Our|Each|Every|All)$|(ing|tion|ness)$`)
	for _, q := range b.Questions {
		title := q.Title
		first := []rune(title)[0]
		switch {
		case !unicode.IsUpper(first) && !unicode.IsDigit(first):
			t.Errorf("%s: title %q does not start with a capital letter", q.ID, title)
		case strings.ContainsAny(title[len(title)-1:], ".?!:;,"):
			t.Errorf("%s: title %q ends in punctuation", q.ID, title)
		case strings.HasPrefix(title, "No "):
			t.Errorf("%s: title %q reads wrongly as %q", q.ID, title, title+" is only planned")
		}
		action := q.Remediation.Action
		if verb := strings.Fields(action)[0]; notAVerb.MatchString(verb) || strings.HasSuffix(action, ".") {
			t.Errorf("%s: action %q does not read as an action", q.ID, action)
		}
	}
}

// Control statements go into the control matrix as an auditor writes them
// (issue 11, item 4): one present-tense sentence whose subject is the company
// or a role, saying what is done, how often, over which population and what
// record it leaves. The frequency and the population must agree with the
// question's, or the matrix contradicts the sample sizes printed beside it.
func TestBankControlStatements(t *testing.T) {
	b := reviewedBank(t)
	subjects := []string{"The company ", "Management ", "The board"}
	for _, q := range b.Questions {
		role := q.Remediation.OwnerRole
		if role != strings.ToUpper(role) { // "People lead" reads "The people lead"; CEO stays
			role = strings.ToLower(role[:1]) + role[1:]
		}
		if s := "The " + role + " "; !slices.Contains(subjects, s) {
			subjects = append(subjects, s)
		}
	}
	// Words an auditor does not write in a control description: wishes,
	// futures, the reader addressed, and marketing.
	banned := regexp.MustCompile(`(?i)\b(should|will|would|may want|aim(s)? to|strive(s)?|ensure(s)?|you|your|robust|comprehensive|seamless(ly)?|world-class|best-in-class|state-of-the-art|cutting-edge|industry-leading|best practices?)\b`)
	periodic := regexp.MustCompile(`(?i)\b(daily|weekly|monthly|quarterly|annually|each (day|week|month|quarter|year)|every (day|week|month|quarter|year))\b`)
	frequencyWords := map[assessment.Frequency]*regexp.Regexp{
		assessment.Daily:     regexp.MustCompile(`(?i)\bdaily\b|every day`),
		assessment.Weekly:    regexp.MustCompile(`(?i)\bweekly\b|each week`),
		assessment.Monthly:   regexp.MustCompile(`(?i)\bmonthly\b|each month`),
		assessment.Quarterly: regexp.MustCompile(`(?i)\bquarterly\b|each quarter`),
		assessment.Annual:    regexp.MustCompile(`(?i)\bannually\b|\byear\b`),
		assessment.PerEvent:  regexp.MustCompile(`(?i)\b(each|every|when)\b`),
	}
	populationWords := map[assessment.PopulationKind]*regexp.Regexp{
		assessment.Joiners:   regexp.MustCompile(`(?i)new hire|new employee`),
		assessment.Leavers:   regexp.MustCompile(`(?i)\bleaver`),
		assessment.Headcount: regexp.MustCompile(`(?i)every (staff member|engineer)`),
		assessment.Changes:   regexp.MustCompile(`(?i)\bchange\b`),
		assessment.Vendors:   regexp.MustCompile(`(?i)\bvendor\b`),
		assessment.Incidents: regexp.MustCompile(`(?i)\b(incident|breach)\b`),
	}
	record := regexp.MustCompile(`(?i)record|\blogs?\b|ticket|minutes|report|sign|export|register|list|inventory|approv|document|written|dated|configur|settings|policy|plan\b|schedule|checklist|agreement|contract|keeps|description|matrix|specification|notice|acknowledge|shown`)
	for _, q := range b.Questions {
		t.Run(q.ID, func(t *testing.T) {
			c := q.Control
			switch {
			case c == "":
				t.Fatalf("%s %q has no control statement", q.ID, q.Title)
			case !slices.ContainsFunc(subjects, func(s string) bool { return strings.HasPrefix(c, s) }):
				t.Errorf("%s: control %q does not start with the company or a role (%q)", q.ID, c, subjects)
			case !strings.HasSuffix(c, ".") || strings.Contains(c[:len(c)-1], ". ") || strings.ContainsAny(c, "?!;\n"):
				t.Errorf("%s: control %q is not one sentence ending with a full stop", q.ID, c)
			}
			if n := len(strings.Fields(c)); n > 45 {
				t.Errorf("%s: control %q has %d words: the control matrix prints it in one column, keep it to 45", q.ID, c, n)
			}
			if w := banned.FindString(c); w != "" {
				t.Errorf("%s: control %q says %q", q.ID, c, w)
			}
			if re, ok := frequencyWords[q.Frequency]; ok && !re.MatchString(c) {
				t.Errorf("%s is %s but its control %q does not say so (%s)", q.ID, q.Frequency, c, re)
			}
			if !q.Frequency.Recurring() || q.Automated() {
				if w := periodic.FindString(c); w != "" {
					t.Errorf("%s is %s but its control %q runs %q", q.ID, q.Frequency, c, w)
				}
			}
			if re, ok := populationWords[q.Population]; ok && !re.MatchString(c) {
				t.Errorf("%s is sampled from %s but its control %q does not name them (%s)", q.ID, q.Population, c, re)
			}
			if !record.MatchString(c) {
				t.Errorf("%s: control %q names no record or setting an auditor could inspect", q.ID, c)
			}
		})
	}
}

// Dependencies sequence the plan (issue 11, item 7): the ones a consultant
// defends first, then the rules every dependency keeps.
func TestBankDependencies(t *testing.T) {
	b := reviewedBank(t)
	tests := []struct{ id, first, why string }{
		{"TP-01", "GP-01", "new-hire training teaches the approved policies"},
		{"TP-02", "GP-01", "yearly training teaches the approved policies"},
		{"GP-02", "GP-01", "staff acknowledge policies that exist"},
		{"GP-01", "GP-06", "the security owner writes and maintains the policies"},
		{"AC-07", "GP-05", "joiners are sampled from the staff list"},
		{"AC-08", "GP-05", "leavers are sampled from the staff list"},
		{"TP-02", "GP-05", "training is sampled across the staff list"},
		{"CM-01", "CM-07", "changes are sampled from the release history"},
		{"RV-08", "RV-06", "vendors are sampled from the vendor inventory"},
		{"RV-08", "RV-02", "the risk assessment decides which vendors matter"},
		{"RV-14", "RV-02", "the risk assessment decides which vendors matter"},
		{"IR-07", "IR-06", "incidents are sampled from the incident log"},
		{"IR-05", "IR-01", "an exercise rehearses the incident response plan"},
		{"AR-03", "AR-02", "a restore test needs backups"},
		{"AR-13", "AR-12", "a restore rehearsal is judged against the recovery targets"},
		{"AC-10", "AC-18", "the access review covers the systems in the inventory"},
		{"GP-15", "GP-14", "the CUECs are listed in the system description"},
		{"GP-16", "GP-14", "the assertion is about the system description"},
		{"RV-13", "RV-12", "CSOCs are mapped for the carved-out providers"},
		{"CO-07", "CO-06", "deletion follows the retention schedule"},
		{"PR-07", "PR-06", "disposal follows the retention schedule"},
	}
	for _, tt := range tests {
		t.Run(tt.id+" after "+tt.first, func(t *testing.T) {
			if q := mustQuestion(t, b, tt.id); !slices.Contains(q.DependsOn, tt.first) {
				t.Errorf("%s %q does not depend on %s (%s): depends on %v", tt.id, q.Title, tt.first, tt.why, q.DependsOn)
			}
		})
	}

	sources := map[assessment.PopulationKind][]string{}
	for _, q := range b.Questions {
		for _, k := range q.SourceOf {
			sources[k] = append(sources[k], q.ID)
		}
	}
	// before reports whether id depends on first, directly or through others.
	// The validator has refused cycles, so the walk ends.
	var before func(id, first string) bool
	before = func(id, first string) bool {
		q, _ := b.Question(id)
		for _, d := range q.DependsOn {
			if d == first || before(d, first) {
				return true
			}
		}
		return false
	}
	// Where the dependency applies to fewer companies than the question, the
	// plan drops it for the others. CM-07 (release history) is asked only of
	// companies that develop software, though infrastructure changes (CM-06)
	// are sampled from it everywhere.
	narrower := map[string]bool{"CM-06→CM-07": true}
	edges := 0
	for _, q := range b.Questions {
		if q.Retired {
			continue
		}
		seen := map[string]bool{}
		for _, d := range q.DependsOn {
			edges++
			if seen[d] {
				t.Errorf("%s lists %s twice in depends_on", q.ID, d)
			}
			seen[d] = true
			dep := mustQuestion(t, b, d)
			switch {
			case dep.Retired:
				t.Errorf("%s depends on %s, which is retired", q.ID, d)
			case dep.Practice == assessment.Recommended && q.Practice != assessment.Recommended:
				t.Errorf("%s (required) depends on %s %q, only recommended: the plan would hold a required action for advice", q.ID, d, dep.Title)
			case dep.AppliesIf != "" && dep.AppliesIf != q.AppliesIf && !narrower[q.ID+"→"+d]:
				t.Errorf("%s (applies_if %q) depends on %s, asked only if %q", q.ID, q.AppliesIf, d, dep.AppliesIf)
			}
		}
		// A sampled control comes after the control that keeps its list,
		// unless it keeps the list itself.
		if k := q.Population; k != "" && !slices.Contains(q.SourceOf, k) &&
			!slices.ContainsFunc(sources[k], func(src string) bool { return before(q.ID, src) }) {
			t.Errorf("%s is sampled from %s but does not depend on %v, which keep that list", q.ID, k, sources[k])
		}
	}
	if edges < 40 || edges > 90 {
		t.Errorf("%d dependencies: a plan sequenced by a consultant has roughly 40 to 80", edges)
	}
}
