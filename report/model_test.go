package report

import (
	"strings"
	"testing"
	"time"

	"soc2ready/assessment"
)

// The edges of the report model that a reader sees, each on both sides.

// An area's band follows the readiness bands: at the threshold it is in the
// higher band, just under it in the lower one.
func TestBandNameEdges(t *testing.T) {
	tests := []struct {
		readiness float64
		want      assessment.Verdict
	}{
		{100, assessment.Ready}, {readyBand, assessment.Ready}, {readyBand - 0.01, assessment.NearlyReady},
		{nearlyBand, assessment.NearlyReady}, {nearlyBand - 0.01, assessment.NotReady}, {0, assessment.NotReady},
	}
	for _, tt := range tests {
		if got := bandName(tt.readiness); got != string(tt.want) {
			t.Errorf("bandName(%v) = %q, want %q", tt.readiness, got, tt.want)
		}
	}
}

func TestImpactWords(t *testing.T) {
	for n, want := range map[int]string{4: "High", 3: "High", 2: "Medium", 1: "Low", 0: "Low"} {
		if got := impact(n); got != want {
			t.Errorf("impact(%d) = %q, want %q", n, got, want)
		}
	}
}

// The summary says how far the deadline is, in days, on both sides of
// today.
func TestSummaryDeadline(t *testing.T) {
	b := testBank(t)
	tests := []struct {
		audit string
		want  string
	}{
		{"2026-11-28", "Audit date: 28 Nov 2026, 1 day from today."},
		{"2026-11-29", "Audit date: 29 Nov 2026, 2 days from today."},
		{"2026-11-27", "Audit date: 27 Nov 2026, today."},
		{"2026-11-26", "Audit date: 26 Nov 2026, 1 day ago."},
		{"2026-11-20", "Audit date: 20 Nov 2026, 7 days ago."},
	}
	for _, tt := range tests {
		a := empty(b)
		a.Scope = assessment.Scope{ReportType: assessment.Type1, AuditDate: day(tt.audit)}
		if got := Build(b, a, clock).Summary.Deadline; got != tt.want {
			t.Errorf("audit on %s: %q, want %q", tt.audit, got, tt.want)
		}
	}
}

// Progress compares with the latest snapshot taken before now that differs
// from now (else the latest), and says the change in whole points.
func TestProgress(t *testing.T) {
	b := testBank(t)
	a := realistic(b)
	a.History = nil
	now := assessment.Score(b, a)
	snap := func(taken time.Time, readiness float64) assessment.Snapshot {
		return assessment.Snapshot{Taken: taken, Readiness: readiness, Answered: now.Answered, Expected: now.Expected, Applicable: now.Applicable}
	}
	nov := func(d int) time.Time { return time.Date(2026, 11, d, 9, 0, 0, 0, time.UTC) }
	tests := []struct {
		name    string
		history []assessment.Snapshot
		since   string // "" for no progress
		change  string
	}{
		{"no history", nil, "", ""},
		{"only a snapshot taken later", []assessment.Snapshot{snap(nov(28), 10)}, "", ""},
		{"a snapshot taken at the same instant is not earlier", []assessment.Snapshot{snap(clock, 10)}, "", ""},
		{"one point lower before", []assessment.Snapshot{snap(nov(2), now.Readiness-1)}, "2 Nov 2026", "+1"},
		{"one point higher before", []assessment.Snapshot{snap(nov(2), now.Readiness+1)}, "2 Nov 2026", "−1"},
		{"the latest different one", []assessment.Snapshot{snap(nov(2), 10), snap(nov(5), 20), snap(nov(9), now.Readiness)}, "5 Nov 2026", ""},
		{"the latest of several the same as now", []assessment.Snapshot{snap(nov(9), now.Readiness), snap(nov(12), now.Readiness), snap(nov(3), now.Readiness)}, "12 Nov 2026", "no change"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := progress(tt.history, now, clock)
			switch {
			case tt.since == "" && p != nil:
				t.Errorf("progress since %s, want none", p.Since)
			case tt.since != "" && (p == nil || p.Since != tt.since):
				t.Errorf("progress %+v, want since %s", p, tt.since)
			case tt.change != "" && p.Change != tt.change:
				t.Errorf("change %q, want %q", p.Change, tt.change)
			}
		})
	}
}

// The timeline spans whole months from today (or the earliest target date)
// to the deadline (or the latest target date), marks dates before today as
// overdue, and groups actions by date.
func TestTimeline(t *testing.T) {
	today := day("2026-11-27")
	act := func(priority int, due string, effort assessment.Effort, status assessment.PlanStatus) assessment.Action {
		a := assessment.Action{Priority: priority, Effort: effort, Status: status}
		if due != "" {
			a.Due = day(due)
		}
		return a
	}
	p := assessment.Plan{Deadline: day("2027-02-10"), Actions: []assessment.Action{
		act(1, "2026-11-26", assessment.EffortS, ""),
		act(2, "2026-11-27", assessment.EffortM, ""),
		act(3, "2026-11-27", assessment.EffortS, ""),
		act(4, "2027-01-05", assessment.EffortL, assessment.PlanInProgress),
		act(5, "2027-01-05", assessment.EffortS, assessment.PlanDone),
	}}
	tl := timeline(p, today)
	if tl.Start != "1 Nov 2026" || tl.End != "28 Feb 2027" || len(tl.Months) != 4 {
		t.Errorf("axis %s to %s, %d months; want Nov 2026 to Feb 2027", tl.Start, tl.End, len(tl.Months))
	}
	if tl.Today != 26 || tl.Deadline != 101 || tl.Span != 120 {
		t.Errorf("today at day %d, deadline at %d of %d; want 26, 101 of 120", tl.Today, tl.Deadline, tl.Span)
	}
	var got []string
	for _, mg := range tl.Groups {
		for _, g := range mg.Dates {
			got = append(got, strings.Join([]string{mg.Month, g.Due, g.Priorities, g.Effort, map[bool]string{true: "overdue", false: "due"}[g.Overdue]}, " | "))
		}
	}
	want := []string{
		"November 2026 | 26 Nov 2026 | #1 | 1 S | overdue",
		"November 2026 | 27 Nov 2026 | #2, #3 | 1 S · 1 M | due",
		"January 2027 | 5 Jan 2027 | #4 | 1 L | due",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if tl.HiddenDone != 1 || !strings.Contains(tl.Description, "4 open actions with 3 different target dates") || !strings.Contains(tl.Description, "1 action is done and not shown") {
		t.Errorf("description %q, hidden %d", tl.Description, tl.HiddenDone)
	}
}

// A timeline with nothing done does not mention done actions, and one with
// nothing open says so.
func TestTimelineDescription(t *testing.T) {
	today := day("2026-11-27")
	open := assessment.Action{Priority: 1, Due: day("2026-12-01"), Effort: assessment.EffortS}
	done := open
	done.Status = assessment.PlanDone
	tests := []struct {
		name string
		acts []assessment.Action
		want string
	}{
		{"one open", []assessment.Action{open}, "1 open action with 1 target date. Each marker is a target date; the number on it counts the actions due that day."},
		{"only done", []assessment.Action{done}, "No open actions. 1 action is done and not shown."},
		{"nothing", nil, "No open actions."},
	}
	for _, tt := range tests {
		tl := timeline(assessment.Plan{Actions: tt.acts}, today)
		if tl.Description != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tl.Description, tt.want)
		}
		if tl.Deadline != -1 {
			t.Errorf("%s: without a deadline its marker is at day %d, want none (-1)", tt.name, tl.Deadline)
		}
	}
}

// A change in expected exceptions that shows (0.0 → 0.1) makes a snapshot
// differ from now, so progress compares with it.
func TestProgressExpectedEdge(t *testing.T) {
	now := assessment.Forecast{Readiness: 50, Answered: 3, Expected: 0}
	history := []assessment.Snapshot{
		{Taken: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), Readiness: 40, Answered: 3},
		{Taken: time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC), Readiness: 50, Answered: 3, Expected: 0.05},
	}
	if p := progress(history, now, clock); p == nil || p.Since != "5 Nov 2026" || p.ExpectedThen != "0.1" {
		t.Errorf("progress = %+v, want since 5 Nov 2026, expected then 0.1", p)
	}
}

// An area's summary counts the likely exceptions in it: a question at the
// material probability exactly is one, one just under is not.
func TestAreaSummaryCountsMaterialEdge(t *testing.T) {
	b := testBank(t)
	a := realistic(b)
	for _, p := range []struct {
		chance float64
		want   string
	}{{assessment.MaterialProbability, "1 finding"}, {assessment.MaterialProbability - 1e-9, "0 findings"}} {
		f := assessment.Score(b, a)
		area := f.Items[0].Question.Area
		items := map[string]assessment.Item{}
		for i := range f.Items {
			if f.Items[i].Question.Area == area {
				f.Items[i].Probability = 0
				if i == 0 {
					f.Items[i].Probability = p.chance
				}
			}
			items[f.Items[i].Question.ID] = f.Items[i]
		}
		for _, d := range areas(b, a, f, items) {
			if d.Name == b.AreaName(area) && !strings.HasSuffix(d.Summary, " · "+p.want) {
				t.Errorf("with P = %v the area says %q, want %q", p.chance, d.Summary, p.want)
			}
		}
	}
}

// The plan CSV's probabilities are rounded half up to four places.
func TestRound4(t *testing.T) {
	for x, want := range map[float64]float64{0: 0, 1: 1, 0.5: 0.5, 0.12344: 0.1234, 0.12346: 0.1235, 0.99996: 1} {
		if got := round4(x); got != want {
			t.Errorf("round4(%v) = %v, want %v", x, got, want)
		}
	}
}
