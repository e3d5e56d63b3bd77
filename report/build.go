package report

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"soc2ready/assessment"
)

// dateLayout is how the report prints dates: unambiguous on both sides of
// the Atlantic.
const dateLayout = "2 Jan 2006"

// The readiness bands of the area chart are the verdict's thresholds.
const (
	readyBand  = assessment.ReadyReadiness
	nearlyBand = assessment.NearlyReadyReadiness
)

// topExceptions is how many likely exceptions the executive summary lists.
const topExceptions = 5

// profileReasons says why a question with an applies_if condition drops out:
// [0] when the condition is false, [1] when a negated condition is true.
var profileReasons = map[string][2]string{
	"employees":          {"the company has no staff beyond the founders", "the company has staff beyond the founders"},
	"office":             {"the company has no physical office", "the company has a physical office"},
	"personal_data":      {"the company holds no personal data", "the company holds personal data"},
	"develops_software":  {"the company does not build its own software", "the company builds its own software"},
	"own_infrastructure": {"the company runs no servers of its own", "the company runs servers of its own"},
	"company_devices":    {"the company issues no devices to staff", "the company issues devices to staff"},
}

var categoryNames = map[assessment.Category]string{
	assessment.Security:            "Security",
	assessment.Availability:        "Availability",
	assessment.Confidentiality:     "Confidentiality",
	assessment.ProcessingIntegrity: "Processing integrity",
	assessment.Privacy:             "Privacy",
}

var statusWords = map[assessment.Status]string{
	assessment.Implemented:   "Implemented",
	assessment.Partial:       "Partly in place",
	assessment.Planned:       "Planned",
	assessment.Missing:       "Missing",
	assessment.NotApplicable: "Not applicable",
	"":                       "Not answered",
}

var evidenceWords = map[assessment.EvidenceLevel]string{
	assessment.EvidenceComplete: "Complete",
	assessment.EvidencePartial:  "Partial",
	assessment.EvidenceNone:     "None",
}

var consistencyWords = map[assessment.Consistency]string{
	assessment.Always:    "Always",
	assessment.Mostly:    "Mostly",
	assessment.Sometimes: "Sometimes",
	assessment.Rarely:    "Rarely",
}

// runsWords is how often a control runs, per occurrence of its population
// when it has one ("per leaver", "annual per person").
func runsWords(q assessment.Question) string {
	switch {
	case q.Population != "" && q.Frequency == assessment.PerEvent:
		return "per " + q.Population.Singular()
	case q.Population != "":
		return q.Frequency.Words() + " per " + q.Population.Singular()
	}
	return q.Frequency.Words()
}

var planStatusWords = map[assessment.PlanStatus]string{
	assessment.PlanTodo:       "To do",
	assessment.PlanInProgress: "In progress",
	assessment.PlanDone:       "Done",
	"":                        "To do",
}

// Build computes everything the report shows. now is the generation time:
// it dates the report, the plan and the progress comparison, so a fixed now
// gives a fixed model.
func Build(b *assessment.Bank, a *assessment.Assessment, now time.Time) Model {
	f := assessment.Score(b, a)
	today := assessment.DateOf(now)
	p := assessment.BuildPlan(f, a, today)

	m := documentHeader(b, a, now)
	m.Title = "SOC 2 readiness: remediation plan"
	m.Materiality = pct(assessment.MaterialProbability)
	m.Exceptions, m.Areas, m.Coverage = []Exception{}, []AreaDetail{}, []Criterion{}

	items := make(map[string]assessment.Item, len(f.Items))
	for _, it := range f.Items {
		items[it.Question.ID] = it
	}
	ex := f.Exceptions()
	for i, it := range ex {
		m.Exceptions = append(m.Exceptions, exception(b, i+1, it))
	}
	m.Summary = summary(f, p, a.Scope, today, m.Exceptions)
	m.Summary.Recommend = assessment.Recommend(f, p, today).Text
	m.Summary.Impact = businessImpact(f)
	m.Method, m.Samples = method(b, a, f)
	m.Progress = progress(a.History, f, now)
	m.Plan = plan(p, a.Scope, today)
	answered := map[string]bool{}
	for _, r := range a.Responses {
		m.Responses = append(m.Responses, response(b, r))
		answered[r.Question] = true
	}
	// a lapse already inside the period will be in the report: draft the
	// response the company has not written yet
	for _, act := range p.Actions {
		if act.Kind == assessment.KindRespond && !answered[act.Question.ID] {
			d := response(b, assessment.DraftResponse(items[act.Question.ID]))
			d.Draft = true
			m.Responses = append(m.Responses, d)
		}
	}
	m.Mock = mockSection(b, a)
	m.Areas = areas(b, a, f, items)
	m.Coverage = coverage(b, a, f, items)
	return m
}

// method explains in plain words how the forecast was made and what it is
// not, with the bank, the coverage and the populations it sampled from.
func method(b *assessment.Bank, a *assessment.Assessment, f assessment.Forecast) ([]MethodPart, []SampleRow) {
	applicable := 0
	for _, q := range b.Questions {
		if a.Applies(q) {
			applicable++
		}
	}
	parts := []MethodPart{
		{"What this is", "A forecast of how a SOC 2 auditor would most likely conclude, computed from the answers given in this assessment. It is not an audit and not an attestation: no auditor has reviewed it, and only a licensed CPA firm can issue a SOC 2 report. The answers are the company's own; where they are optimistic, so is the forecast."},
		{"The opinion", fmt.Sprintf("For every Trust Services Criterion in scope the forecast looks at the required controls that address it. A criterion is met when they are in place, at risk when some are missing or only planned beside others that exist, and not met when no control that exists addresses it. One or a few criteria not met, or a missing key control (impact high), put the opinion at risk of qualification; %d or more not met is pervasive, and an auditor would give an adverse opinion. Recommended practices raise readiness but never put a criterion at risk.", 5)},
		{"Exceptions", "A control that exists is tested by sampling its occurrences in the period, as an auditor does: per-event and per-person controls from the company's populations (leavers, joiners, changes, vendors, incidents, people), about 10% with a minimum of 3 and a maximum of 25, or all of 3 or fewer; periodic controls by frequency (annual 1, quarterly 2, monthly 3, weekly 10, daily 25); an automated control once, unless the change management and access controls it relies on are missing. With k of N occurrences missed or without proof, the chance that a sample of n holds one is 1 − C(N−k, n) / C(N, n): a quarterly review missed once in a year is found half the time. A sampled occurrence without proof is a deviation like one that did not happen. Where the company did not count its misses, its answer gives an estimate (ran mostly, or proof for most: about 1 in 33; sometimes: 1 in 4; rarely: more missed than done). A population with no occurrences in the period is not tested. Questions that test one control from two angles count once."},
		{"The figures", fmt.Sprintf("Readiness, the expected exceptions and the area scores are computed over the %d questions answered of %d that apply: an unanswered question is unknown, not a failure. Until 80%% are answered the verdict is incomplete. The expected number of exceptions is the sum of the chances; the likely range is the 10th to 90th percentile.", f.Answered, f.Applicable)},
		{"Limits", "Sample sizes and the judgement of what a missing control means differ between audit firms; treat the figures as the middle of a range. Subservice organisations (cloud and other providers) are assumed carved out: their own SOC reports cover their controls, and the complementary controls the company must run are among the questions. The forecast cannot see documents: evidence is as described in the answers."},
		{"Questions used", fmt.Sprintf("Question bank %s %s: %d questions, of which %d apply to this company's scope and profile.", b.ID, b.Version, len(b.Questions), applicable)},
	}
	var rows []SampleRow
	for _, k := range assessment.PopulationKinds {
		used := false
		for _, it := range f.Items {
			if it.Population == k {
				used = true
				break
			}
		}
		if !used {
			continue
		}
		rate, assumed := a.Profile.Rate(k)
		n, _ := a.Profile.InPeriod(k, a.Scope)
		given := fmt.Sprintf("%.0f%s", rate, k.RateWords())
		if assumed {
			given = "about " + given + " (assumed from the headcount)"
		} else {
			given += " (given)"
		}
		sample := "not tested: none in the period"
		if n > 0 {
			sample = fmt.Sprintf("%d of %d", assessment.PopulationSample(n), n)
		}
		rows = append(rows, SampleRow{Population: strings.ToUpper(k.Noun()[:1]) + k.Noun()[1:], Given: given, InPeriod: fmt.Sprint(n), Sample: sample})
	}
	return parts, rows
}

// documentHeader is what every document of an assessment prints on its cover and
// running header: company, preparer, report type, period, categories, bank
// and date.
func documentHeader(b *assessment.Bank, a *assessment.Assessment, now time.Time) Model {
	m := Model{
		Company:     strings.TrimSpace(a.Company),
		PreparedBy:  strings.TrimSpace(a.PreparedBy),
		Categories:  categories(a.Scope),
		Bank:        strings.TrimSpace(b.ID + " " + b.Version),
		Generated:   date(assessment.DateOf(now)),
		GeneratedAt: now,
	}
	if m.Company == "" {
		m.Company = "Unnamed company"
	}
	m.ReportType, m.PeriodLabel, m.Period = period(a.Scope)
	return m
}

func date(d assessment.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format(dateLayout)
}

// pct is assessment.Percent: one rule for probabilities everywhere.
func pct(p float64) string { return assessment.Percent(p) }

func score(v float64) string { return fmt.Sprintf("%.0f", v) }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func impact(n int) string {
	switch {
	case n >= 3:
		return "High"
	case n == 2:
		return "Medium"
	}
	return "Low"
}

func categories(s assessment.Scope) string {
	var names []string
	for _, c := range assessment.Categories {
		if s.InScope(c) {
			names = append(names, categoryNames[c])
		}
	}
	return strings.Join(names, ", ")
}

func period(s assessment.Scope) (kind, label, text string) {
	if s.ReportType != assessment.Type2 {
		if s.AuditDate.IsZero() {
			return "SOC 2 Type I", "Audit date", "not set yet"
		}
		return "SOC 2 Type I", "Audit date", "as of " + date(s.AuditDate)
	}
	months := plural(s.Months(), "month", "months")
	start, end := s.Start(), s.End()
	if start.IsZero() {
		return "SOC 2 Type II", "Observation period", months + ", dates not set yet"
	}
	return "SOC 2 Type II", "Observation period", fmt.Sprintf("%s to %s, %s", date(start), date(end), months)
}

func deadlineLabel(s assessment.Scope) string {
	if s.ReportType == assessment.Type2 {
		return "Observation period starts"
	}
	return "Audit date"
}

func days(from, to assessment.Date) int {
	return int(math.Round(to.Sub(from.Time).Hours() / 24))
}

func exception(b *assessment.Bank, rank int, it assessment.Item) Exception {
	q := it.Question
	return Exception{
		Rank:        rank,
		ID:          q.ID,
		Title:       q.Title,
		Area:        b.AreaName(q.Area),
		Probability: math.Round(it.Probability*1000) / 1000,
		Chance:      pct(it.Probability),
		Impact:      impact(q.Impact),
		Criteria:    strings.Join(q.Criteria, ", "),
		Kind:        it.FindingWords(),
		Reason:      it.Reason,
	}
}

// mockSection lays out the mock audit's samples, or nil before a list is
// imported.
func mockSection(b *assessment.Bank, a *assessment.Assessment) *MockSection {
	samples := assessment.DrawSamples(b, a)
	if len(samples) == 0 {
		return nil
	}
	ms := &MockSection{Seed: a.Mock.Seed}
	if ms.Seed == 0 {
		ms.Seed = assessment.DefaultSeed
	}
	for _, s := range samples {
		owner := a.Answers[s.Question.ID].Owner
		if owner == "" {
			owner = s.Question.Remediation.OwnerRole
		}
		row := MockSample{ID: s.Question.ID, Title: s.Question.Title, Owner: owner,
			Drawn: fmt.Sprintf("%d of %d %s in the period", len(s.Items), s.InPeriod, s.Population.Noun())}
		for _, it := range s.Items {
			res := map[string]string{assessment.ResultPass: "Pass", assessment.ResultFail: "Fail"}[it.Result.Result]
			switch res {
			case "Fail":
				ms.Failed++
			case "":
				ms.Open++
			}
			row.Items = append(row.Items, MockItem{ID: it.ID, Date: date(it.Date), Result: res, Note: it.Result.Note})
		}
		ms.Samples = append(ms.Samples, row)
	}
	return ms
}

// businessImpact says what the forecast means in the terms leadership weighs:
// deals that need a clean report, customers' trust, the cost of auditing
// again.
func businessImpact(f assessment.Forecast) string {
	switch {
	case f.Verdict == assessment.Incomplete:
		return ""
	case f.Opinion == assessment.Adverse:
		return "An adverse report tells customers the controls do not meet the criteria: it cannot be used in a security review, and the company pays for another audit after fixing them."
	case f.Opinion == assessment.Qualified:
		return "Many enterprise customers' security reviews reject a qualified report, so deals that need a clean SOC 2 stall until a new period is audited, months later and at the audit fee again."
	case f.Expected >= 1:
		return "A clean opinion with exceptions is common in a first report, but each exception is printed beside management's response, and customers' reviewers read them and ask about them."
	}
	return "A clean opinion with few or no exceptions is what customers' security reviews look for, and what shortens them."
}

func summary(f assessment.Forecast, p assessment.Plan, s assessment.Scope, today assessment.Date, ex []Exception) Summary {
	sm := Summary{
		Verdict:     f.Verdict.Label(),
		Level:       string(f.Verdict),
		Reason:      f.VerdictReason,
		Readiness:   score(f.Readiness),
		CleanChance: pct(f.CleanChance),
		Expected:    fmt.Sprintf("%.1f", f.Expected),
		Answered:    fmt.Sprintf("%d of %d", f.Answered, f.Applicable),
		Areas:       []Bar{},

		Opinion:       f.Opinion.Label(),
		OpinionReason: f.OpinionReason,
		AtRisk:        []CriterionRow{},
		ExpectedRange: fmt.Sprintf("%d–%d", f.ExpectedRange[0], f.ExpectedRange[1]),
		Coverage:      fmt.Sprintf("Forecast over %d of %d questions answered.", f.Answered, f.Applicable),
	}
	for _, c := range f.AtRisk() {
		sm.AtRisk = append(sm.AtRisk, CriterionRow{c.Criterion.ID, c.State.Label(), c.State == assessment.CriterionNotMet || c.KeyGap, c.Reason})
	}
	if f.Answered == 0 {
		sm.Readiness = "—"
	}
	if f.Applicable == 0 { // nothing to forecast: no number would mean anything
		sm.Readiness, sm.CleanChance, sm.Expected = "n/a", "n/a", "n/a"
		sm.NothingApplies = true
	}
	if sm.Level == "" {
		sm.Level = string(assessment.NotReady)
	}
	for _, as := range f.Areas {
		bar := Bar{
			Name:     as.Name,
			Value:    as.Readiness,
			Label:    score(as.Readiness),
			Band:     bandName(as.Readiness),
			Answered: fmt.Sprintf("%d of %d answered", as.Answered, as.Applicable),
		}
		if !as.Scored() { // unknown, not 0: no bar
			bar.Value, bar.Label, bar.Band = 0, "—", "not_answered"
		}
		sm.Areas = append(sm.Areas, bar)
	}
	sm.Top = ex[:min(len(ex), topExceptions)]
	sm.More = len(ex) - len(sm.Top)
	sm.Effort = effort(p)

	d := p.Deadline
	switch n := days(today, d); {
	case d.IsZero():
		sm.Deadline = "No audit date is set yet: target dates count from today."
	case n > 0:
		sm.Deadline = fmt.Sprintf("%s: %s, %s from today.", deadlineLabel(s), date(d), plural(n, "day", "days"))
	case n == 0:
		sm.Deadline = fmt.Sprintf("%s: %s, today.", deadlineLabel(s), date(d))
	default:
		sm.Deadline = fmt.Sprintf("%s: %s, %s ago.", deadlineLabel(s), date(d), plural(-n, "day", "days"))
	}
	return sm
}

func bandName(readiness float64) string {
	switch {
	case readiness >= readyBand:
		return string(assessment.Ready)
	case readiness >= nearlyBand:
		return string(assessment.NearlyReady)
	}
	return string(assessment.NotReady)
}

// effort sums the open remediation actions by size. "Answer this first"
// rows are counted apart: answering a question is not remediation work.
func effort(p assessment.Plan) Effort {
	var e Effort
	for _, a := range p.Actions {
		if a.Status != assessment.PlanDone && a.Kind == assessment.KindAnswer {
			e.Unanswered++
		}
	}
	n := p.EffortCount()
	e.Small, e.Medium, e.Large = n[assessment.EffortS], n[assessment.EffortM], n[assessment.EffortL]
	for size, k := range n {
		e.Open += k
		e.DaysLow += k * assessment.EffortDays[size][0]
		e.DaysHigh += k * assessment.EffortDays[size][1]
	}
	switch {
	case e.Open == 0 && e.Unanswered == 0:
		e.Headline = "No open actions"
		e.Breakdown = "Nothing is left to remediate."
		return e
	case e.Open == 0:
		e.Headline = "No remediation known yet"
	default:
		e.Headline = fmt.Sprintf("%s · roughly %d–%d person-days", plural(e.Open, "open action", "open actions"), e.DaysLow, e.DaysHigh)
		e.Breakdown = fmt.Sprintf("%d small (up to 2 days) · %d medium (up to 2 weeks) · %d large (more than 2 weeks)", e.Small, e.Medium, e.Large)
	}
	if e.Unanswered > 0 {
		if e.Breakdown != "" {
			e.Breakdown += ". "
		}
		e.Breakdown += fmt.Sprintf("%s first: the estimate grows with what they reveal.", plural(e.Unanswered, "question to answer", "questions to answer"))
	}
	return e
}

// progress compares the forecast with the latest snapshot taken before now.
func progress(history []assessment.Snapshot, f assessment.Forecast, now time.Time) *Progress {
	// The most recent earlier snapshot that differs from today: a snapshot
	// taken when the last session ended would otherwise always show "no change".
	same := func(s *assessment.Snapshot) bool {
		return s.Readiness == f.Readiness && s.Answered == f.Answered && math.Abs(s.Expected-f.Expected) < 0.05
	}
	var last, newest *assessment.Snapshot
	for i := range history {
		s := &history[i]
		if !s.Taken.Before(now) {
			continue
		}
		if newest == nil || !s.Taken.Before(newest.Taken) {
			newest = s
		}
		if !same(s) && (last == nil || !s.Taken.Before(last.Taken)) {
			last = s
		}
	}
	if last == nil {
		last = newest
	}
	if last == nil {
		return nil
	}
	then, cur := math.Round(last.Readiness), math.Round(f.Readiness)
	pr := &Progress{
		Since:         date(assessment.DateOf(last.Taken)),
		Label:         strings.TrimSpace(last.Label),
		ReadinessThen: score(then),
		ReadinessNow:  score(cur),
		ExpectedThen:  fmt.Sprintf("%.1f", last.Expected),
		ExpectedNow:   fmt.Sprintf("%.1f", f.Expected),
		AnsweredThen:  fmt.Sprintf("%d of %d", last.Answered, last.Applicable),
		AnsweredNow:   fmt.Sprintf("%d of %d", f.Answered, f.Applicable),
	}
	switch d := cur - then; {
	case d > 0:
		pr.Change = fmt.Sprintf("+%.0f", d)
	case d < 0:
		pr.Change = fmt.Sprintf("−%.0f", -d)
	default:
		pr.Change = "no change"
	}
	pr.Text = fmt.Sprintf("Readiness %s → %s (%s) · expected exceptions %s → %s · answered %s → %s",
		pr.ReadinessThen, pr.ReadinessNow, pr.Change, pr.ExpectedThen, pr.ExpectedNow, pr.AnsweredThen, pr.AnsweredNow)
	return pr
}

func plan(p assessment.Plan, s assessment.Scope, today assessment.Date) Plan {
	pl := Plan{
		Today:         date(today),
		Deadline:      date(p.Deadline),
		DeadlineLabel: deadlineLabel(s),
		Actions:       []Action{},
	}
	pl.Note = "Ordered by impact × chance of an exception, then by the longest lead time. Target dates leave each control operating, with a safety margin, before the deadline"
	if p.Deadline.IsZero() {
		pl.Note = "Ordered by impact × chance of an exception, then by the longest lead time. No audit date is set, so target dates count from today"
	}
	if s.ReportType == assessment.Type2 {
		pl.Note += "; recurring controls also need one evidenced run before the observation period starts"
	}
	pl.Note += ". An action that depends on another starts after it is done. Late marks an action that cannot be finished by its target date even if started today."
	var critical []string
	for _, act := range p.Actions {
		if act.Critical {
			critical = append(critical, act.Question.ID)
		}
		pl.Actions = append(pl.Actions, Action{
			Priority: act.Priority,
			ID:       act.Question.ID,
			Title:    act.Question.Title,
			Action:   act.Action,
			Answer:   act.Kind == assessment.KindAnswer,
			Respond:  act.Kind == assessment.KindRespond,
			Steps:    act.Steps,
			After:    strings.Join(act.After, ", "),
			Critical: act.Critical,
			Owner:    act.Owner,
			Due:      date(act.Due),
			Late:     act.Late,
			Effort:   string(act.Effort),
			Criteria: strings.Join(act.Question.Criteria, ", "),
			Status:   planStatusWords[act.Status],
			Chance:   pct(act.Probability),
		})
	}
	pl.Timeline = timeline(p, today)
	if len(critical) > 0 {
		pl.Critical = fmt.Sprintf("The longest chain of dependent work (%s) takes at least %d days, however many hands; start it first.", strings.Join(critical, ", "), p.CriticalDays)
	}
	pl.Load = loadTable(p.Load())
	return pl
}

// loadTable lays out each owner's work per month as a table.
func loadTable(load []assessment.OwnerLoad) LoadTable {
	t := LoadTable{Months: []string{}, Rows: []LoadRow{}}
	col := map[string]int{}
	var months []string
	for _, l := range load {
		if _, ok := col[l.Month]; !ok {
			col[l.Month] = 0
			months = append(months, l.Month)
		}
	}
	sort.Strings(months)
	for i, m := range months {
		col[m] = i
		d, _ := time.Parse("2006-01", m)
		t.Months = append(t.Months, d.Format("Jan 2006"))
	}
	row := map[string]int{}
	for _, l := range load {
		i, ok := row[l.Owner]
		if !ok {
			i = len(t.Rows)
			row[l.Owner] = i
			t.Rows = append(t.Rows, LoadRow{Owner: l.Owner, Days: make([]string, len(months))})
		}
		t.Rows[i].Days[col[l.Month]] = fmt.Sprint(l.Days)
	}
	return t
}

// timeline groups the open actions by target date and the dates by month, on
// an axis of whole months from today (or the earliest date) to the deadline
// (or the latest target date).
func timeline(p assessment.Plan, today assessment.Date) Timeline {
	var open []assessment.Action
	var done int
	for _, act := range p.Actions {
		if act.Status == assessment.PlanDone {
			done++
			continue
		}
		open = append(open, act)
	}
	first, last := today, today
	widen := func(d assessment.Date) {
		if d.IsZero() {
			return
		}
		if d.Before(first.Time) {
			first = d
		}
		if d.After(last.Time) {
			last = d
		}
	}
	widen(p.Deadline)
	for _, act := range open {
		widen(act.Due)
	}
	start := assessment.Date{Time: time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)}
	end := assessment.Date{Time: time.Date(last.Year(), last.Month()+1, 1, 0, 0, 0, 0, time.UTC)}
	t := Timeline{
		Start:      date(start),
		End:        date(end.AddDays(-1)),
		Span:       days(start, end),
		Today:      days(start, today),
		Deadline:   -1,
		HiddenDone: done,
		Groups:     []MonthGroups{},
	}
	if !p.Deadline.IsZero() {
		t.Deadline = days(start, p.Deadline)
	}
	for m := start; m.Before(end.Time); m = (assessment.Date{Time: m.AddDate(0, 1, 0)}) {
		next := assessment.Date{Time: m.AddDate(0, 1, 0)}
		t.Months = append(t.Months, Month{
			Long:  m.Format("Jan 2006"),
			Short: m.Format("Jan"),
			From:  days(start, m),
			To:    days(start, next),
		})
	}

	byDue := map[string][]assessment.Action{}
	var dues []assessment.Date
	for _, act := range open {
		k := act.Due.String()
		if _, ok := byDue[k]; !ok {
			dues = append(dues, act.Due)
		}
		byDue[k] = append(byDue[k], act)
	}
	sort.Slice(dues, func(i, j int) bool { return dues[i].Before(dues[j].Time) })
	for _, d := range dues {
		acts := byDue[d.String()]
		g := DueGroup{
			Due:        date(d),
			Day:        days(start, d),
			Count:      len(acts),
			Priorities: priorities(acts),
			Effort:     effortMix(acts),
			Overdue:    d.Before(today.Time),
		}
		if d.IsZero() {
			g.Due, g.Day = "no date", t.Today
		}
		for _, act := range acts {
			g.Late = g.Late || act.Late
		}
		month := d.Format("January 2006")
		if d.IsZero() {
			month = "No target date"
		}
		if n := len(t.Groups); n == 0 || t.Groups[n-1].Month != month {
			t.Groups = append(t.Groups, MonthGroups{Month: month})
		}
		mg := &t.Groups[len(t.Groups)-1]
		mg.Count += g.Count
		mg.Dates = append(mg.Dates, g)
	}
	switch {
	case len(open) == 0:
		t.Description = "No open actions."
	default:
		t.Description = fmt.Sprintf("%s with %s", plural(len(open), "open action", "open actions"), plural(len(dues), "target date", "different target dates"))
		if !p.Deadline.IsZero() {
			t.Description += ", against the deadline of " + date(p.Deadline)
		}
		t.Description += ". Each marker is a target date; the number on it counts the actions due that day."
	}
	if done > 0 {
		t.Description += " " + plural(done, "action is", "actions are") + " done and not shown."
	}
	return t
}

// priorities prints action numbers with runs collapsed: "#1–5, #9".
func priorities(acts []assessment.Action) string {
	ns := make([]int, len(acts))
	for i, a := range acts {
		ns[i] = a.Priority
	}
	sort.Ints(ns)
	var parts []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, fmt.Sprintf("#%d", ns[i]))
		case j == i+1:
			parts = append(parts, fmt.Sprintf("#%d", ns[i]), fmt.Sprintf("#%d", ns[j]))
		default:
			parts = append(parts, fmt.Sprintf("#%d–%d", ns[i], ns[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

func effortMix(acts []assessment.Action) string {
	c := map[assessment.Effort]int{}
	for _, a := range acts {
		c[a.Effort]++
	}
	var parts []string
	for _, sz := range []assessment.Effort{assessment.EffortS, assessment.EffortM, assessment.EffortL} {
		if c[sz] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[sz], sz))
		}
	}
	return strings.Join(parts, " · ")
}

func response(b *assessment.Bank, r assessment.Response) Response {
	title := r.Question
	if q, ok := b.Question(r.Question); ok {
		title = q.ID + " " + q.Title
	}
	return Response{
		Question:           title,
		WhatHappened:       strings.TrimSpace(r.WhatHappened),
		RootCause:          strings.TrimSpace(r.RootCause),
		ImmediateSteps:     strings.TrimSpace(r.ImmediateSteps),
		LongTermFix:        strings.TrimSpace(r.LongTermFix),
		Owner:              strings.TrimSpace(r.Owner),
		ManagementResponse: strings.TrimSpace(r.ManagementResponse),
	}
}

// profileReason says why a question's applies_if switches it off.
func profileReason(cond string) string {
	key, negated := strings.CutPrefix(cond, "!")
	if r, ok := profileReasons[key]; ok {
		if negated {
			return "Does not apply: " + r[1] + "."
		}
		return "Does not apply: " + r[0] + "."
	}
	return "Does not apply to the company profile (" + cond + ")."
}

// inScope reports whether a question belongs in this report at all.
func inScope(a *assessment.Assessment, q assessment.Question) bool {
	return !q.Retired && a.Scope.InScope(q.Category)
}

func areas(b *assessment.Bank, a *assessment.Assessment, f assessment.Forecast, items map[string]assessment.Item) []AreaDetail {
	scores := map[string]assessment.AreaScore{}
	for _, as := range f.Areas {
		scores[as.Area] = as
	}
	var out []AreaDetail
	for _, ar := range b.Areas {
		d := AreaDetail{Name: ar.Name}
		for _, q := range b.Questions {
			if q.Area != ar.ID || !inScope(a, q) {
				continue
			}
			ans := a.Answers[q.ID]
			switch {
			case !a.Applies(q):
				d.NotApplicable = append(d.NotApplicable, Omitted{ID: q.ID, Title: q.Title, Reason: profileReason(q.AppliesIf)})
			case ans.Status == assessment.NotApplicable:
				reason := strings.TrimSpace(ans.NAReason)
				if reason == "" {
					reason = "No reason recorded."
				}
				d.NotApplicable = append(d.NotApplicable, Omitted{ID: q.ID, Title: q.Title, Reason: reason})
			default:
				d.Questions = append(d.Questions, answer(q, ans, items[q.ID]))
			}
		}
		if len(d.Questions) == 0 && len(d.NotApplicable) == 0 {
			continue
		}
		if as, ok := scores[ar.ID]; ok {
			var likely int
			for _, it := range f.Items {
				if it.Question.Area == ar.ID && it.Probability >= assessment.MaterialProbability {
					likely++
				}
			}
			d.Summary = fmt.Sprintf("Readiness %s · %d of %d answered · %s",
				score(as.Readiness), as.Answered, as.Applicable, plural(likely, "finding", "findings"))
			if !as.Scored() {
				d.Summary = fmt.Sprintf("Not answered yet · 0 of %d answered", as.Applicable)
			}
		} else {
			d.Summary = "No question in this area applies."
		}
		out = append(out, d)
	}
	return out
}

func answer(q assessment.Question, ans assessment.Answer, it assessment.Item) Answer {
	w := Answer{
		ID:        q.ID,
		Title:     q.Title,
		Statement: q.ControlStatement(),
		Runs:      runsWords(q),
		Sample:    it.SampleWords(),
		Criteria:  strings.Join(q.Criteria, ", "),
		Status:    statusWords[ans.Status],
		Due:       date(ans.Due),
		Chance:    pct(it.Probability),
		Owner:     strings.TrimSpace(ans.Owner),
		Notes:     strings.TrimSpace(ans.Notes),
	}
	if w.Status == "" {
		w.Status = string(ans.Status)
	}
	operating := ans.Status == assessment.Implemented || ans.Status == assessment.Partial
	w.Evidence = "—" // evidence and consistency only count for a control that exists
	if operating {
		w.Evidence = evidenceWords[ans.Evidence]
		if w.Evidence == "" {
			w.Evidence = "Not given"
		}
	}
	c := "—" // a one-off control has no consistency to rate
	if operating && q.Frequency.Recurring() {
		c = consistencyWords[ans.Consistency]
		if c == "" {
			c = "Not rated"
		}
	}
	if f := q.Frequency.Words(); f != "" {
		c += " (" + f + ")"
	}
	w.Consistency = c
	if w.Owner == "" {
		w.Owner = "Not assigned"
	}
	w.Flagged = ans.Flag
	return w
}

// coverage is the criteria matrix: every criterion in scope, its state before
// the auditor, what that means for the opinion, and the questions behind it.
func coverage(b *assessment.Bank, a *assessment.Assessment, f assessment.Forecast, items map[string]assessment.Item) []Criterion {
	var out []Criterion
	for _, cs := range f.Criteria {
		c := cs.Criterion
		cr := Criterion{ID: c.ID, Subject: c.Subject, State: cs.State.Label(), Effect: criterionEffect(cs), Questions: []Covered{}}
		for _, q := range b.Questions {
			if !inScope(a, q) || !hasCriterion(q, c.ID) {
				continue
			}
			var state string
			it, ok := items[q.ID]
			switch {
			case !a.Applies(q):
				state = "does not apply (company profile)"
			case !ok:
				state = "not applicable"
			case !it.Answered && it.Answer.Status == "":
				state = "not answered"
			case !it.Answered:
				state = "answer not finished"
			case !it.Exists():
				state = strings.ToLower(statusWords[it.Answer.Status])
			case it.Probability >= assessment.MaterialProbability:
				state = "in place, " + pct(it.Probability) + " chance of an exception"
			default:
				state = "in place"
			}
			if q.Practice == assessment.Recommended {
				state += " (recommended)"
			}
			cr.Questions = append(cr.Questions, Covered{ID: q.ID, Title: q.Title, State: state})
		}
		out = append(out, cr)
	}
	return out
}

// criterionEffect says what a criterion's state means for the opinion.
func criterionEffect(cs assessment.CriterionStatus) string {
	switch {
	case cs.State == assessment.CriterionNotMet:
		return "Qualifies the opinion"
	case cs.State == assessment.CriterionAtRisk && cs.KeyGap:
		return "May qualify the opinion: a key control is missing"
	case cs.State == assessment.CriterionAtRisk:
		return "Likely still met; close the gap"
	case cs.State == assessment.CriterionNotAnswered:
		return "Unknown until answered"
	}
	return "None"
}

func hasCriterion(q assessment.Question, id string) bool {
	for _, c := range q.Criteria {
		if c == id {
			return true
		}
	}
	return false
}
