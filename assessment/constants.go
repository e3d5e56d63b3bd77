package assessment

// Every number the forecast and the plan depend on lives here, with the reason
// for it. Change one and the tests in constants_test.go say what moved.

// DefaultPeriodMonths is the observation period assumed for a Type II report
// when none is given: first reports usually cover 3–6 months.
const DefaultPeriodMonths = 6

// designGap is D, the chance that a control fails on design or implementation
// alone. A missing or merely planned control is an exception for certain; a
// partial one usually is, because the auditor tests the control as described.
var designGap = map[Status]float64{
	Missing:     1,
	Planned:     1,
	Partial:     0.6,
	Implemented: 0,
}

// evidenceGap is E, the chance of an exception because proof is lacking. An
// auditor cannot test a control without evidence, so "none" is nearly always an
// exception; "partial" means some occurrences cannot be shown. An unanswered
// evidence question counts as "none": nothing has been shown yet.
var evidenceGap = map[EvidenceLevel]float64{
	EvidenceNone:     0.7,
	EvidencePartial:  0.3,
	EvidenceComplete: 0,
	"":               0.7,
}

// deviationRate is d, the share of a recurring control's occurrences that did
// not happen as described. "Mostly" at 5% reproduces the rule of thumb that a
// quarterly control done mostly has about a 10% chance of one missed sample
// out of two. An unanswered consistency counts as "rarely".
var deviationRate = map[Consistency]float64{
	Always:    0,
	Mostly:    0.05,
	Sometimes: 0.2,
	Rarely:    0.5,
	"":        0.5,
}

// sampleSize is n, the usual auditor sample by control frequency (domain.md):
// annual 1, quarterly 2, monthly 2–5 (3), weekly 5–15 (10), daily 25, per event
// 25, and a test of one for an automated control.
var sampleSize = map[Frequency]int{
	Annual:     1,
	Quarterly:  2,
	Monthly:    3,
	Weekly:     10,
	Daily:      25,
	PerEvent:   25,
	Continuous: 1,
}

// occurrencesPerYear caps the sample: an auditor cannot sample more
// occurrences than happened in the period. Per-event and continuous controls
// are not capped (events are frequent; the automated test is one).
var occurrencesPerYear = map[Frequency]float64{
	Annual:    1,
	Quarterly: 4,
	Monthly:   12,
	Weekly:    52,
	Daily:     260, // working days
}

// Verdict thresholds (the two readiness bands are exported for charts). Ready means an auditor would most likely write a clean
// report: almost everything answered, high readiness and at most about one
// expected exception. Nearly ready is a few weeks of work away.
const (
	ReadyReadiness         = 90.0
	readyMaxExpected       = 1.0
	NearlyReadyReadiness   = 70.0
	nearlyReadyMaxExpected = 5.0
	maxUnansweredShare     = 0.10 // more than 10% unanswered: too early to say better than "not ready"
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
