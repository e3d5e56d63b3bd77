package assessment

// Every number the forecast and the plan depend on lives here, with the reason
// for it. Change one and the tests in constants_test.go say what moved.
// The model itself is in forecast.go; domain.md, "Populations, deviations and
// the opinion", has the auditor's facts behind it.

// DefaultPeriodMonths is the observation period assumed for a Type II report
// when none is given: first reports usually cover 3–6 months.
const DefaultPeriodMonths = 6

// A first Type II period usually covers 6 months; a company still settling
// its controls is better served by 3 (fewer occurrences, smaller samples).
const (
	firstPeriodMonths = 6
	shortPeriodMonths = 3
)

// Populations the company did not give are derived from its headcount, so a
// founder who skips the numbers still gets an auditor's arithmetic. Every
// derived figure is marked "assumed" in the reasons.
const (
	// DefaultHeadcount is assumed when the company gave none: a small
	// company preparing its first SOC 2.
	DefaultHeadcount = 20
	// A growing startup hires about 30% of its headcount a year and loses
	// about 15% (typical tech attrition).
	defaultJoinersShare = 0.30
	defaultLeaversShare = 0.15
	// Changes deployed to production a month: about two per person in a
	// company that builds software, at least a handful; a company that does
	// not build software still changes its systems now and then.
	defaultChangesPerPerson  = 2.0
	defaultChangesMin        = 5.0
	defaultChangesNoSoftware = 2.0
	// Vendors: a base of about ten SaaS tools, plus one per four people.
	defaultVendorsBase      = 10.0
	defaultVendorsPerPerson = 0.25
	// Security incidents logged a year: small companies log a couple (a
	// phishing report, a lost laptop), most of them minor.
	defaultIncidentsPerYear = 2.0
	// defaultEventsPerYear is the population of a per-event control whose
	// population the bank does not name (privacy requests, customer
	// notices): about one a month.
	defaultEventsPerYear = 12.0
)

// Sampling from a population follows a common firm convention (domain.md):
// about 10% of the occurrences, at least 3, at most 25, and all of them when
// there are 3 or fewer. The 10% band is used unrounded when computing P, so
// that a larger population with the same misses never looks riskier; the
// sample printed is rounded up, as an auditor would.
const (
	populationSampleShare = 0.10
	populationSampleMin   = 3.0
	populationSampleMax   = 25.0
)

// periodicSample is n for a control that runs on a calendar (domain.md):
// annual 1, quarterly 2, monthly 2–5 (3: a missed month in six is then a
// coin flip), weekly 5–15 (10), daily 20–40 (25), and a test of one for an
// automated control. The sample is capped by how many times the control ran.
var periodicSample = map[Frequency]int{
	Annual:     1,
	Quarterly:  2,
	Monthly:    3,
	Weekly:     10,
	Daily:      25,
	Continuous: 1,
}

// occurrencesPerYear is how often a periodic control runs, so that a period of
// m months holds ceil(per × m / 12) occurrences: an annual control in a
// 3-month period has one run to test, the one within the period.
var occurrencesPerYear = map[Frequency]float64{
	Annual:    1,
	Quarterly: 4,
	Monthly:   12,
	Weekly:    52,
	Daily:     260, // working days
}

// widenedSample is how many points in the period an auditor tests an
// automated control at when the IT general controls around it are missing and
// a test of one cannot be relied on: as for a monthly control.
const widenedSample = 3

// missShare is the share of a control's occurrences missed (or done without
// proof) that an answer implies, for estimating the miss count k = share × N
// when the company did not count its misses. "Mostly" is a slip now and then
// (about 1 in 30); "sometimes" a quarter; "rarely" more missed than done. k may
// be fractional (a 3% slip over four quarters is 0.12 expected misses): P is
// then the mix of the exact chances at ⌊k⌋ and ⌈k⌉. Calibrated on the
// profiles in testdata/calibration: a 60-person company whose manual controls
// all ran "mostly" with thin proof gets the 4–10 exceptions an auditor
// predicts (at 5% it got 11).
var missShare = map[Consistency]float64{
	Always:    0,
	Mostly:    0.03,
	Sometimes: 0.25,
	Rarely:    0.6,
}

// evidenceMissShare is the share of occurrences without proof: a sampled
// occurrence without proof is a deviation just like one that did not happen,
// so evidence and consistency are one test, and the larger share counts.
// "Partial" is proof missing for a few occurrences, as "mostly" is for the
// runs; "none" means no occurrence can be shown.
var evidenceMissShare = map[EvidenceLevel]float64{
	EvidenceComplete: 0,
	EvidencePartial:  0.03,
	EvidenceNone:     1,
}

// partialMissShare is the share of occurrences a partly implemented control
// does not cover (some systems, some teams): the auditor tests the control as
// described, so those occurrences fail when sampled.
const partialMissShare = 0.5

// Opinion thresholds. A criterion is not met when no control that exists
// addresses it; an auditor qualifies the opinion for one or a few such
// criteria, and gives an adverse opinion when the failures are pervasive. A
// missing key control (impact 3) leaves its criterion at risk of the same.
const (
	adverseNotMetCriteria = 5 // this many criteria not met: pervasive
	keyControlImpact      = 3
)

// Verdict thresholds (the two readiness bands are exported for charts).
// Until MinCoverage of the applicable questions are answered the verdict is
// incomplete: unanswered questions are unknown, not failed. Ready means an
// auditor would most likely write a clean, unqualified report: nearly
// everything answered, no criterion at risk, high readiness and at most about
// one expected exception. Nearly ready is a few weeks of work away.
const (
	MinCoverage            = 0.80
	readyMinCoverage       = 0.95
	ReadyReadiness         = 90.0
	readyMaxExpected       = 1.0
	NearlyReadyReadiness   = 70.0
	nearlyReadyMaxExpected = 5.0
)

// MaterialProbability is the P(exception) from which a question is listed as a
// likely exception and becomes a plan action.
const MaterialProbability = 0.05

// leadDays is how many calendar days an action of each effort needs, so that
// its target date leaves time to do it: S ≤ 2 working days, M ≤ 2 weeks, L more.
var leadDays = map[Effort]int{
	EffortS: 7,
	EffortM: 21,
	EffortL: 45,
}

// EffortDays is the rough range of person-days behind each effort size
// (design.md: S ≤ 2 days, M ≤ 2 weeks, L > 2 weeks), for effort estimates
// and each owner's load.
var EffortDays = map[Effort][2]int{
	EffortS: {1, 2},
	EffortM: {3, 10},
	EffortL: {10, 30},
}

// safetyMarginDays is how long before the deadline every action should be done,
// so that evidence can be gathered and a slip does not hit the audit.
const safetyMarginDays = 14

// cycleDays is one run of a recurring control: a Type II period needs at least
// one evidenced run before it starts. Longer cycles are capped at
// maxCycleLeadDays so an annual control is not pushed a year back.
var cycleDays = map[Frequency]int{
	Continuous: 7,
	PerEvent:   14,
	Daily:      7,
	Weekly:     14,
	Monthly:    31,
	Quarterly:  92,
	Annual:     92,
}

const maxCycleLeadDays = 92
