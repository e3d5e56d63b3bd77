package report

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"soc2ready/assessment"
)

// clock is the fixed "now" of every test.
var clock = time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC)

func day(s string) assessment.Date {
	d, err := assessment.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

type areaSpec struct {
	id, name string
	category assessment.Category
	criteria []string
	titles   []string
}

var areaSpecs = []areaSpec{
	{"access", "Access control", assessment.Security,
		[]string{"CC6.1", "CC6.2", "CC6.3", "CC5.2"},
		[]string{"Multi-factor authentication", "Quarterly access review", "Leaver access removal", "Joiner access approval", "No shared accounts", "Privileged access", "Single sign-on for SaaS tools", "Password manager"}},
	{"data", "Data protection", assessment.Security,
		[]string{"CC6.1", "CC6.7", "CC6.5"},
		[]string{"Encryption at rest", "Encryption in transit", "Key management", "Laptop disk encryption", "Removable media", "Secure disposal of devices"}},
	{"operations", "System operations", assessment.Security,
		[]string{"CC7.1", "CC7.2", "CC7.3", "CC6.6", "CC6.8", "CC4.1"},
		[]string{"Vulnerability scanning", "Annual penetration test", "Log collection", "Alert review", "Firewall rules", "Endpoint protection", "Patch management"}},
	{"people", "Security training & people", assessment.Security,
		[]string{"CC1.4", "CC2.2", "CC1.5", "CC1.1"},
		[]string{"Security awareness training", "Background checks", "Code of conduct acknowledgement", "Onboarding checklist", "Disciplinary process"}},
	{"change", "Change management", assessment.Security,
		[]string{"CC8.1", "CC3.4"},
		[]string{"Peer review before merge", "Approved deployments", "Emergency changes documented", "Separate test environment"}},
	{"risk", "Risk & vendor management", assessment.Security,
		[]string{"CC3.1", "CC3.2", "CC3.3", "CC9.1", "CC9.2"},
		[]string{"Annual risk assessment", "Fraud risk considered", "Vendor inventory", "Vendor SOC reports reviewed", "Business continuity risk"}},
	{"governance", "Governance & policies", assessment.Security,
		[]string{"CC1.2", "CC1.3", "CC2.1", "CC2.3", "CC5.1", "CC5.3", "CC4.2"},
		[]string{"Information security policy approved", "Board oversight minutes", "Organisation chart", "Customer commitments communicated", "Policies reviewed annually", "Control deficiencies tracked"}},
	{"incident", "Incident response", assessment.Security,
		[]string{"CC7.3", "CC7.4", "CC7.5"},
		[]string{"Incident response plan", "Incident response exercise", "Incident log", "Post-incident review"}},
	{"availability", "Availability & recovery", assessment.Availability,
		[]string{"A1.1", "A1.2", "A1.3", "CC9.1"},
		[]string{"Capacity monitoring", "Backups", "Backup restore test", "Disaster recovery plan"}},
	{"confidentiality", "Confidentiality", assessment.Confidentiality,
		[]string{"C1.1", "C1.2"},
		[]string{"Confidential data classified", "Confidential data disposed of"}},
	{"privacy", "Privacy", assessment.Privacy,
		[]string{"P1.1", "P2.1", "P3.1", "P4.2", "P5.1", "P6.1", "P6.6", "P8.1"},
		[]string{"Privacy notice", "Consent recorded", "Data-subject access requests", "Retention schedule", "Breach notification"}},
	{"integrity", "Processing integrity", assessment.ProcessingIntegrity,
		[]string{"PI1.1", "PI1.2", "PI1.3", "PI1.4", "PI1.5"},
		[]string{"Processing specifications", "Input validation", "Output reconciliation"}},
}

var (
	frequencies = []assessment.Frequency{assessment.Quarterly, assessment.Continuous, assessment.PerEvent, assessment.Once, assessment.Monthly, assessment.Annual, assessment.Weekly, assessment.Daily}
	efforts     = []assessment.Effort{assessment.EffortS, assessment.EffortM, assessment.EffortL, assessment.EffortS, assessment.EffortM}
	roles       = []string{"CTO", "Head of Engineering", "People lead", "CEO", "Security lead"}
	qualifiers  = []string{"", " for production", " for SaaS tools", " for contractors", " for the data platform"}
)

var prefixes = map[string]string{"integrity": "PI", "incident": "IR"}

func prefix(area string) string {
	if p, ok := prefixes[area]; ok {
		return p
	}
	return strings.ToUpper(area[:2])
}

// genBank generates a valid bank of n questions across the 12 areas and
// parses it the way a custom bank file is parsed.
func genBank(n int) (*assessment.Bank, error) {
	b := assessment.Bank{ID: "test-bank", Version: "2026.11"}
	for _, a := range areaSpecs {
		b.Areas = append(b.Areas, assessment.Area{ID: a.id, Name: a.name})
	}
	counts := map[string]int{}
	for i := range n {
		a := areaSpecs[i%len(areaSpecs)]
		k := counts[a.id]
		counts[a.id]++
		title := a.titles[k%len(a.titles)] + qualifiers[(k/len(a.titles))%len(qualifiers)]
		crit := []string{a.criteria[k%len(a.criteria)]}
		if k%3 == 1 && len(a.criteria) > 1 {
			crit = append(crit, a.criteria[(k+1)%len(a.criteria)])
		}
		q := assessment.Question{
			ID:        fmt.Sprintf("%s-%02d", prefix(a.id), k+1),
			Area:      a.id,
			Category:  a.category,
			Title:     title,
			Prompt:    "Is this in place: " + strings.ToLower(title) + "?",
			Help:      "Auditors test this control.",
			Evidence:  "A screenshot or an export.",
			Criteria:  crit,
			Frequency: frequencies[i%len(frequencies)],
			Impact:    3 - i%3,
			Remediation: assessment.Remediation{
				Action:    "Put in place: " + strings.ToLower(title),
				Steps:     []string{"Decide who owns it.", "Set it up.", "Keep the evidence."},
				Effort:    efforts[i%len(efforts)],
				OwnerRole: roles[i%len(roles)],
			},
		}
		switch {
		case a.id == "operations" && k == 3:
			q.AppliesIf = "office"
		case a.id == "people" && k == 2:
			q.AppliesIf = "!employees"
		}
		b.Questions = append(b.Questions, q)
	}
	data, err := yaml.Marshal(&b)
	if err != nil {
		return nil, err
	}
	return assessment.ParseBank(data)
}

var bank170 = sync.OnceValues(func() (*assessment.Bank, error) { return genBank(170) })

// testBank is the 170-question bank the fixtures are written for.
func testBank(tb testing.TB) *assessment.Bank {
	tb.Helper()
	b, err := bank170()
	if err != nil {
		tb.Fatalf("generated bank: %v", err)
	}
	return b
}

// realistic is a Type II assessment part way through: most questions
// answered, a few not, some not applicable, plan edits, responses and history.
func realistic(b *assessment.Bank) *assessment.Assessment {
	a := &assessment.Assessment{
		ID:         "acme",
		Company:    "Acme Analytics GmbH",
		PreparedBy: "Jana Nováková",
		Profile:    assessment.Profile{Conditions: map[string]bool{"office": false}},
		Scope: assessment.Scope{
			ReportType:   assessment.Type2,
			Categories:   []assessment.Category{assessment.Availability, assessment.Confidentiality},
			AuditDate:    day("2027-09-30"),
			PeriodMonths: 6,
		},
		Bank:    b.Ref(),
		Answers: map[string]assessment.Answer{},
		Plan: map[string]assessment.PlanEdit{
			"AC-01": {Status: assessment.PlanInProgress, Owner: "Zoë Łukasiewicz"},
			"DA-01": {Status: assessment.PlanDone},
			"CH-02": {Due: day("2027-01-15")},
		},
		Responses: []assessment.Response{
			{
				ID: "r1", Question: "AC-02",
				WhatHappened:       "The Q3 access review of the production database was not done.",
				RootCause:          "The review was owned by an engineer who left in July; nobody took it over.",
				ImmediateSteps:     "The review was done on 14 October; two stale accounts were removed.",
				LongTermFix:        "The review is a recurring ticket assigned to the Head of Engineering, with a named backup.",
				Owner:              "Zoë Łukasiewicz",
				ManagementResponse: "Management agrees. The control was redesigned so that it no longer depends on one person.",
			},
			{
				ID: "r2", Question: "AV-03",
				WhatHappened:       "No restore test was performed in the first half of the year.",
				RootCause:          "Restore tests were not scheduled.",
				ImmediateSteps:     "A full restore test was run in staging.",
				LongTermFix:        "Quarterly restore tests are scheduled in the on-call calendar.",
				ManagementResponse: "Management accepts the finding.",
			},
		},
		History: []assessment.Snapshot{
			{Taken: time.Date(2026, 10, 15, 9, 0, 0, 0, time.UTC), Readiness: 31.2, Expected: 61.5, Answered: 80, Applicable: 120},
			{Taken: time.Date(2026, 11, 2, 16, 0, 0, 0, time.UTC), Label: "after workshop 2", Readiness: 38.4, Expected: 52.3, Answered: 118, Applicable: 125},
			{Taken: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), Label: "from the future", Readiness: 99, Expected: 0.1, Answered: 130, Applicable: 130},
		},
	}
	owners := []string{"Zoë Łukasiewicz", "Jana Nováková", "Δημήτρης Π.", "Анна Смирнова", "", "Marc Dubois"}
	for i, q := range b.Questions {
		var ans assessment.Answer
		switch (i + i/12) % 12 { // rotate, so that every area gets every kind of answer
		case 0, 1, 2, 3, 4, 5, 6:
			ans.Status = assessment.Implemented
		case 7, 8:
			ans.Status = assessment.Partial
		case 9:
			ans.Status = assessment.Planned
		case 10:
			if i%5 == 0 {
				ans.Status = assessment.NotApplicable
				ans.NAReason = "We have no physical servers: everything runs on AWS."
			} else {
				ans.Status = assessment.Missing
			}
		case 11:
			continue // not answered
		}
		if ans.Status == assessment.Implemented || ans.Status == assessment.Partial {
			ans.Evidence = []assessment.EvidenceLevel{assessment.EvidenceComplete, assessment.EvidenceComplete, assessment.EvidencePartial, assessment.EvidenceComplete, assessment.EvidenceNone}[i%5]
			if q.Frequency.Recurring() {
				ans.Consistency = []assessment.Consistency{assessment.Always, assessment.Mostly, assessment.Always, assessment.Sometimes, assessment.Always, assessment.Always}[i%6]
			}
		}
		ans.Owner = owners[i%len(owners)]
		if i%7 == 0 {
			ans.Notes = "Checked with the team in Zürich; evidence lives in the shared drive."
		}
		if i%11 == 0 {
			ans.Flag = true
		}
		if i%13 == 0 && ans.Status == assessment.Planned {
			ans.Due = day("2027-02-01")
		}
		a.Answers[q.ID] = ans
	}
	return a
}

// empty has nothing answered.
func empty(b *assessment.Bank) *assessment.Assessment {
	return &assessment.Assessment{
		Company: "Empty Start-up Ltd",
		Scope:   assessment.Scope{ReportType: assessment.Type1, AuditDate: day("2027-04-01")},
		Bank:    b.Ref(),
		Answers: map[string]assessment.Answer{},
	}
}

// allNA marks every question in scope not applicable.
func allNA(b *assessment.Bank) *assessment.Assessment {
	a := &assessment.Assessment{
		Company:    "Nothing Applies Inc.",
		PreparedBy: "Alex Doe",
		Scope:      assessment.Scope{ReportType: assessment.Type1, AuditDate: day("2027-04-01")},
		Bank:       b.Ref(),
		Answers:    map[string]assessment.Answer{},
	}
	for _, q := range b.Questions {
		a.Answers[q.ID] = assessment.Answer{Status: assessment.NotApplicable, NAReason: "Not relevant to our business."}
	}
	return a
}

const longCompany = "Zürich–Łódź Ελλάδα & Москва Consolidated Holdings for Naïve Café Franchising, Research, Development and International Data Processing Services (Europe, Middle East and Africa) Aktiengesellschaft & Co. KG"

// long has a very long company name, long notes in European scripts, a note
// longer than a page, CJK text and an emoji.
func long(b *assessment.Bank) *assessment.Assessment {
	a := realistic(b)
	a.Company = longCompany
	a.PreparedBy = "François Müller-Łukasiewicz, Ελένη Παπαδοπούλου and Дмитрий Иванов, on behalf of the naïve café working group"
	a.Scope.Categories = append(a.Scope.Categories, assessment.Privacy, assessment.ProcessingIntegrity)
	a.History = nil
	paragraph := "The team in Zürich and the office in Łódź share this control; the Ελλάδα subsidiary follows its own process and Москва is out of scope. A naïve café-style sign-off is not enough evidence. "
	notes := []string{
		strings.Repeat(paragraph, 4),
		"Owner moved from Łódź to Zürich. Contact: Δημήτρης Παπαδόπουλος, Анна Смирнова. Review URL: https://intranet.example.com/security/reviews/2026/access-review-quarterly-production-database-and-saas-tools-evidence-folder",
		"東京オフィスの担当者が確認済み (Tokyo office checked) — 🚀 launch blocker",
		strings.Repeat(paragraph, 40), // taller than a page
	}
	owners := []string{"Zoë Łukasiewicz", "Δημήτρης Παπαδόπουλος", "Анна Смирнова", "François Naïve-Café", "Bartholomew Featherstonehaugh-Cholmondeley"}
	i := 0
	for _, q := range b.Questions {
		ans, ok := a.Answers[q.ID]
		if !ok || ans.Status == assessment.NotApplicable {
			continue
		}
		if i < len(notes) {
			ans.Notes = notes[i]
		}
		ans.Owner = owners[i%len(owners)]
		a.Answers[q.ID] = ans
		i++
	}
	a.Responses[0].WhatHappened = strings.Repeat(paragraph, 6)
	return a
}

// complete is a fully answered assessment, mostly in good shape.
func complete(b *assessment.Bank) *assessment.Assessment {
	a := &assessment.Assessment{
		Company:    "Full Answers AB",
		PreparedBy: "Sven Åström",
		Scope: assessment.Scope{
			ReportType:   assessment.Type2,
			Categories:   []assessment.Category{assessment.Availability, assessment.Confidentiality, assessment.Privacy, assessment.ProcessingIntegrity},
			PeriodStart:  day("2027-03-01"),
			PeriodMonths: 12,
		},
		Bank:    b.Ref(),
		Answers: map[string]assessment.Answer{},
	}
	for i, q := range b.Questions {
		ans := assessment.Answer{Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Owner: "Sven Åström", Notes: "Reviewed in the last workshop."}
		if q.Frequency.Recurring() {
			ans.Consistency = assessment.Always
		}
		if i%40 == 0 {
			ans.Status, ans.Evidence = assessment.Partial, assessment.EvidencePartial
			if q.Frequency.Recurring() {
				ans.Consistency = assessment.Mostly
			}
		}
		a.Answers[q.ID] = ans
	}
	return a
}

type fixture struct {
	name string
	make func(*assessment.Bank) *assessment.Assessment
}

var fixtures = []fixture{
	{"realistic", realistic},
	{"empty", empty},
	{"allna", allNA},
	{"long", long},
	{"complete", complete},
}
