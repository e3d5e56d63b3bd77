package assessment

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Times for the merge tests, oldest first.
var (
	t1 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	t2 = time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	t3 = time.Date(2026, 11, 3, 9, 12, 0, 0, time.UTC)
)

// mergeFile is one person's file of the test bank's company.
func mergeFile(company string, updated time.Time, answers map[string]Answer) *Assessment {
	return &Assessment{
		Company: company, Bank: BankRef{"test-bank", "1"}, Updated: updated, Created: updated.Add(-48 * time.Hour),
		Scope:   Scope{ReportType: Type2, PeriodStart: Date{time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}, PeriodMonths: 6},
		Answers: answers,
	}
}

// conflictString is a conflict in a few words, for comparing.
func conflictString(c Conflict) string {
	s := fmt.Sprintf("%s %s: file %d %s, file %d %s; kept %d", c.Kind, c.Question, c.Versions[0].File, c.Versions[0].Answer.Summary(),
		c.Versions[1].File, c.Versions[1].Answer.Summary(), c.Kept)
	if c.Kind == ScopeConflict {
		s = fmt.Sprintf("scope: file %d %s, file %d %s; kept %d", c.Versions[0].File, c.Versions[0].Scope.Summary(), c.Versions[1].File, c.Versions[1].Scope.Summary(), c.Kept)
	}
	if len(c.Differs) > 0 {
		s += " (" + strings.Join(c.Differs, ", ") + ")"
	}
	return s
}

func conflictStrings(cs []Conflict) []string {
	var out []string
	for _, c := range cs {
		out = append(out, conflictString(c))
	}
	return out
}

func TestMerge(t *testing.T) {
	b := testBank(t)
	impl := Answer{Status: Implemented, Evidence: EvidenceComplete, Consistency: Mostly}
	part := Answer{Status: Partial, Evidence: EvidencePartial, Consistency: Sometimes}
	changed := func(a Answer, at time.Time) Answer { a.Changed = at; return a }
	type1 := Scope{ReportType: Type1, AuditDate: Date{time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}}
	tests := []struct {
		name      string
		files     []*Assessment
		answers   map[string]Answer
		conflicts []string
		check     func(t *testing.T, m *Assessment)
	}{
		{
			name: "different areas are unioned",
			files: []*Assessment{
				mergeFile("Acme Ltd", t1, map[string]Answer{"AC-01": changed(impl, t1), "AC-02": changed(part, t1)}),
				mergeFile("Acme Ltd", t2, map[string]Answer{"SO-01": changed(part, t2)}),
			},
			answers: map[string]Answer{"AC-01": changed(impl, t1), "AC-02": changed(part, t1), "SO-01": changed(part, t2)},
		},
		{
			name: "the most recently changed answer wins and the other is a conflict",
			files: []*Assessment{
				mergeFile("Acme Ltd", t3, map[string]Answer{"SO-02": changed(impl, t1), "AC-01": changed(impl, t2)}),
				mergeFile("Acme Ltd", t1, map[string]Answer{"AC-01": changed(part, t3)}),
			},
			answers:   map[string]Answer{"AC-01": changed(part, t3), "SO-02": changed(impl, t1)},
			conflicts: []string{"answer AC-01: file 0 implemented/complete/mostly, file 1 partial/partial/sometimes; kept 1 (status, evidence, consistency)"},
		},
		{
			name: "the same answer changed at two times is no conflict",
			files: []*Assessment{
				mergeFile("Acme Ltd", t1, map[string]Answer{"AC-01": changed(impl, t2)}),
				mergeFile("Acme Ltd", t2, map[string]Answer{"AC-01": changed(impl, t1)}),
			},
			answers: map[string]Answer{"AC-01": changed(impl, t2)},
		},
		{
			name: "an answer without a time is the oldest",
			files: []*Assessment{
				mergeFile("Acme Ltd", t3, map[string]Answer{"AC-01": impl}),
				mergeFile("Acme Ltd", t1, map[string]Answer{"AC-01": changed(part, t1)}),
			},
			answers:   map[string]Answer{"AC-01": changed(part, t1)},
			conflicts: []string{"answer AC-01: file 0 implemented/complete/mostly, file 1 partial/partial/sometimes; kept 1 (status, evidence, consistency)"},
		},
		{
			name: "a tie goes to the greater answer",
			files: []*Assessment{
				mergeFile("Acme Ltd", t1, map[string]Answer{"AC-01": changed(part, t2)}),
				mergeFile("Acme Ltd", t2, map[string]Answer{"AC-01": changed(impl, t2)}),
			},
			answers:   map[string]Answer{"AC-01": changed(part, t2)},
			conflicts: []string{"answer AC-01: file 0 partial/partial/sometimes, file 1 implemented/complete/mostly; kept 0 (status, evidence, consistency)"},
		},
		{
			name: "notes alone make a conflict",
			files: []*Assessment{
				mergeFile("Acme Ltd", t1, map[string]Answer{"SO-01": {Status: Implemented, Notes: "Datadog", Changed: t1}}),
				mergeFile("Acme Ltd", t2, map[string]Answer{"SO-01": {Status: Implemented, Notes: "Grafana", Changed: t2}}),
			},
			answers:   map[string]Answer{"SO-01": {Status: Implemented, Notes: "Grafana", Changed: t2}},
			conflicts: []string{"answer SO-01: file 0 implemented, file 1 implemented; kept 1 (notes)"},
		},
		{
			name: "three files: only answers that differ from the kept one conflict, in bank order",
			files: []*Assessment{
				mergeFile("Acme Ltd", t1, map[string]Answer{"SO-01": changed(impl, t1), "AC-02": changed(impl, t1)}),
				mergeFile("Acme Ltd", t2, map[string]Answer{"SO-01": changed(part, t2)}),
				mergeFile("Acme Ltd", t3, map[string]Answer{"SO-01": changed(part, t3), "AC-02": changed(part, t3)}),
			},
			answers: map[string]Answer{"SO-01": changed(part, t3), "AC-02": changed(part, t3)},
			conflicts: []string{
				"answer AC-02: file 0 implemented/complete/mostly, file 2 partial/partial/sometimes; kept 2 (status, evidence, consistency)",
				"answer SO-01: file 0 implemented/complete/mostly, file 2 partial/partial/sometimes; kept 2 (status, evidence, consistency)",
			},
		},
		{
			name: "answers to retired and unknown questions are kept",
			files: []*Assessment{
				mergeFile("Acme Ltd", t1, map[string]Answer{"AV-02": changed(impl, t1)}),
				mergeFile("Acme Ltd", t2, map[string]Answer{"ZZ-01": changed(part, t2)}),
			},
			answers: map[string]Answer{"AV-02": changed(impl, t1), "ZZ-01": changed(part, t2)},
		},
		{
			name: "company, scope and profile come from the most recently updated file; another scope is a conflict",
			files: func() []*Assessment {
				old := mergeFile("acme ltd ", t1, map[string]Answer{})
				old.Profile = Profile{Conditions: map[string]bool{"office": true}}
				old.PreparedBy = "Ana"
				newer := mergeFile("Acme Ltd", t2, map[string]Answer{})
				newer.Scope = type1
				newer.Profile = Profile{Conditions: map[string]bool{"office": false}}
				newer.PreparedBy = "Bo"
				return []*Assessment{old, newer}
			}(),
			answers:   map[string]Answer{},
			conflicts: []string{"scope: file 0 Type II · 6 months from 2027-03-01 · security, file 1 Type I · as of 2027-03-01 · security; kept 1"},
			check: func(t *testing.T, m *Assessment) {
				if m.Company != "Acme Ltd" || m.PreparedBy != "Bo" || !reflect.DeepEqual(m.Scope, type1) || m.Profile.Holds("office") {
					t.Errorf("details not from the newest file: %q %q %+v %v", m.Company, m.PreparedBy, m.Scope, m.Profile)
				}
			},
		},
		{
			name: "scopes written differently but meaning the same are no conflict",
			files: func() []*Assessment {
				x := mergeFile("Acme Ltd", t1, nil)
				x.Scope = Scope{ReportType: Type2, Categories: []Category{Availability, Security}, AuditDate: Date{time.Date(2027, 8, 31, 0, 0, 0, 0, time.UTC)}}
				y := mergeFile("Acme Ltd", t2, nil)
				y.Scope.Categories = []Category{Availability}
				return []*Assessment{x, y}
			}(),
			answers: map[string]Answer{},
		},
		{
			name: "plan edits, responses and history are unioned",
			files: func() []*Assessment {
				x := mergeFile("Acme Ltd", t1, nil)
				x.Plan = map[string]PlanEdit{"AC-01": {Owner: "Ana"}, "SO-01": {Status: PlanDone}}
				x.Responses = []Response{{ID: "r1", Question: "AC-01", WhatHappened: "old", Updated: t1}, {ID: "r2", Question: "SO-01", Updated: t1}}
				x.History = []Snapshot{{Taken: t1, Readiness: 10}, {Taken: t3, Readiness: 30}}
				y := mergeFile("Acme Ltd", t2, nil)
				y.Plan = map[string]PlanEdit{"AC-01": {Owner: "Bo"}}
				y.Responses = []Response{{ID: "r3", Question: "AC-02", Updated: t1}, {ID: "r1", Question: "AC-01", WhatHappened: "new", Updated: t2}}
				y.History = []Snapshot{{Taken: t2, Readiness: 20}, {Taken: t1, Readiness: 10}}
				return []*Assessment{x, y}
			}(),
			answers: map[string]Answer{},
			check: func(t *testing.T, m *Assessment) {
				if want := map[string]PlanEdit{"AC-01": {Owner: "Bo"}, "SO-01": {Status: PlanDone}}; !reflect.DeepEqual(m.Plan, want) {
					t.Errorf("plan %+v, want %+v", m.Plan, want)
				}
				var rs []string
				for _, r := range m.Responses {
					rs = append(rs, r.ID+" "+r.WhatHappened)
				}
				if want := []string{"r3 ", "r1 new", "r2 "}; !reflect.DeepEqual(rs, want) {
					t.Errorf("responses %q, want %q", rs, want)
				}
				var hs []float64
				for _, s := range m.History {
					hs = append(hs, s.Readiness)
				}
				if want := []float64{10, 20, 30}; !reflect.DeepEqual(hs, want) {
					t.Errorf("history %v, want %v", hs, want)
				}
				if !m.Created.Equal(t1.Add(-48*time.Hour)) || !m.Updated.Equal(t2) || m.Bank != b.Ref() {
					t.Errorf("created %v, updated %v, bank %v", m.Created, m.Updated, m.Bank)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, conflicts, err := Merge(b, tt.files...)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m.Answers, tt.answers) {
				t.Errorf("answers\n got %+v\nwant %+v", m.Answers, tt.answers)
			}
			if got := conflictStrings(conflicts); !slices.Equal(got, tt.conflicts) {
				t.Errorf("conflicts\n got %q\nwant %q", got, tt.conflicts)
			}
			if tt.check != nil {
				tt.check(t, m)
			}
		})
	}
}

func TestMergeRefuses(t *testing.T) {
	b := testBank(t)
	other := func(a *Assessment, bank BankRef) *Assessment { a.Bank = bank; return a }
	tests := []struct {
		name  string
		bank  *Bank
		files []*Assessment
		pair  [2]int // the files a *MergeError names; {} for other errors
		want  string
	}{
		{"no files", b, nil, [2]int{}, "no files to merge"},
		{"no bank", nil, []*Assessment{mergeFile("A", t1, nil)}, [2]int{}, "no question bank"},
		{"different companies", b, []*Assessment{mergeFile("Acme Ltd", t1, nil), mergeFile("Acme Ltd", t2, nil), mergeFile("Acme Inc", t1, nil)},
			[2]int{0, 2}, `files 1 and 3 cannot be merged: they are about different companies ("Acme Ltd" and "Acme Inc")`},
		{"different banks", b, []*Assessment{other(mergeFile("Acme Ltd", t1, nil), BankRef{}), mergeFile("Acme Ltd", t1, nil), other(mergeFile("Acme Ltd", t2, nil), BankRef{"acme-custom", "1"})},
			[2]int{1, 2}, `files 2 and 3 cannot be merged: they were made with different question banks ("test-bank" and "acme-custom")`},
		{"all made with another bank", b, []*Assessment{other(mergeFile("Acme Ltd", t1, nil), BankRef{"acme-custom", "1"})},
			[2]int{}, `file 1: made with question bank "acme-custom", not "test-bank"`},
		{"too many snapshots together", b, []*Assessment{history(mergeFile("Acme Ltd", t1, nil), 0), history(mergeFile("Acme Ltd", t2, nil), 10)},
			[2]int{}, "merged history: 4000 snapshots, at most 2000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, conflicts, err := Merge(tt.bank, tt.files...)
			if err == nil || m != nil || conflicts != nil {
				t.Fatalf("merged: %+v, %v, %v", m, conflicts, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
			var me *MergeError
			if errors.As(err, &me) != (tt.pair != [2]int{}) || me != nil && [2]int{me.A, me.B} != tt.pair {
				t.Errorf("error %#v, want a *MergeError naming files %v", err, tt.pair)
			}
		})
	}
}

// history gives a file MaxSnapshots distinct snapshots, one a minute from
// an offset of n days.
func history(a *Assessment, n int) *Assessment {
	for i := range MaxSnapshots {
		a.History = append(a.History, Snapshot{Taken: t1.AddDate(0, 0, n).Add(time.Duration(i) * time.Minute), Verdict: Ready})
	}
	return a
}

// randomFile makes a file of the test bank's company with values drawn from
// small pools, so that files overlap, conflict and tie.
func randomFile(r *rand.Rand, b *Bank, updated time.Time) *Assessment {
	times := []time.Time{{}, t1, t2, t3}
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	scopes := []Scope{
		{ReportType: Type2, PeriodStart: Date{t1}, PeriodMonths: 6},
		{ReportType: Type1, AuditDate: Date{t3}},
		{ReportType: Type2, PeriodStart: Date{t1}, PeriodMonths: 6, Categories: []Category{Availability}},
	}
	a := &Assessment{
		ID: pick("id1", "id2"), Company: pick("Acme Ltd", "ACME LTD", " acme ltd"), PreparedBy: pick("", "Ana", "Bo"),
		Profile: Profile{Conditions: map[string]bool{"office": r.IntN(2) == 0}}, Scope: scopes[r.IntN(len(scopes))], Bank: b.Ref(),
		Answers: map[string]Answer{}, Created: times[1+r.IntN(3)], Updated: updated,
	}
	ids := []string{"ZZ-01"} // a question the bank no longer has
	for _, q := range b.Questions {
		ids = append(ids, q.ID)
	}
	for _, id := range ids {
		if r.IntN(2) == 0 {
			continue
		}
		a.Answers[id] = Answer{
			Status: Status(pick("", "implemented", "partial", "missing")), Evidence: EvidenceLevel(pick("", "complete", "none")),
			Consistency: Consistency(pick("", "mostly")), Notes: pick("", "n1", "n2"), Flag: r.IntN(4) == 0,
			Changed: times[r.IntN(len(times))],
		}
		if r.IntN(3) == 0 {
			if a.Plan == nil {
				a.Plan = map[string]PlanEdit{}
			}
			a.Plan[id] = PlanEdit{Owner: pick("", "Ana", "Bo"), Status: PlanStatus(pick("", "todo", "done"))}
		}
	}
	for _, id := range []string{"r1", "r2", "r3"} {
		if r.IntN(2) == 0 {
			a.Responses = append(a.Responses, Response{ID: id, Question: "AC-01", WhatHappened: pick("x", "y"), Updated: times[r.IntN(len(times))]})
		}
	}
	if r.IntN(2) == 0 {
		a.Responses = append(a.Responses, Response{Question: "SO-01", RootCause: pick("no ID 1", "no ID 2")})
	}
	for _, at := range times[1:] {
		if r.IntN(2) == 0 {
			a.History = append(a.History, Snapshot{Taken: at, Readiness: float64(r.IntN(3)), Probabilities: map[string]float64{"AC-01": 0.5}})
		}
	}
	return a
}

// canonical describes the conflicts of a merge of perm (indexes into the
// original files) by the losing file's original index and both versions'
// content, in a fixed order. (When two files hold the kept version, which
// one a conflict names is the one tie left to the order of the files.)
func canonical(cs []Conflict, perm []int) []string {
	var out []string
	for _, c := range cs {
		lost, kept := c.Versions[0], c.Versions[1]
		if lost.File == c.Kept {
			lost, kept = kept, lost
		}
		out = append(out, fmt.Sprintf("%s %s: file %d %+v %+v %v lost to %+v %+v %v", c.Kind, c.Question,
			perm[lost.File], lost.Answer, lost.Scope, lost.Changed, kept.Answer, kept.Scope, kept.Changed))
	}
	sort.Strings(out)
	return out
}

func TestMergeProperties(t *testing.T) {
	b := testBank(t)
	r := rand.New(rand.NewPCG(7, 11))
	perms := [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	for round := range 300 {
		// Distinct Updated times: the order of responses of two files
		// updated at the same instant is the one tie left to the order.
		base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(round) * time.Hour)
		files := []*Assessment{randomFile(r, b, base), randomFile(r, b, base.Add(time.Minute)), randomFile(r, b, base.Add(-time.Minute))}

		// Merging a file with itself changes nothing.
		for _, n := range []int{1, 2} {
			self := slices.Repeat([]*Assessment{files[0]}, n)
			m, conflicts, err := Merge(b, self...)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m, files[0]) || len(conflicts) > 0 {
				t.Fatalf("round %d: merging a file with itself %d time(s) changed it:\n got %+v\nwant %+v\nconflicts %v", round, n, m, files[0], conflictStrings(conflicts))
			}
		}

		// The order of the files changes nothing.
		want, wantConflicts, err := Merge(b, files...)
		if err != nil {
			t.Fatal(err)
		}
		for _, perm := range perms {
			m, conflicts, err := Merge(b, files[perm[0]], files[perm[1]], files[perm[2]])
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m, want) {
				t.Fatalf("round %d: order %v changed the merge:\n got %+v\nwant %+v", round, perm, m, want)
			}
			if got, w := canonical(conflicts, perm), canonical(wantConflicts, []int{0, 1, 2}); !slices.Equal(got, w) {
				t.Fatalf("round %d: order %v changed the conflicts:\n got %q\nwant %q", round, perm, got, w)
			}
		}

		// No answer is dropped, the newest wins, and every file whose answer
		// differs from the kept one has its conflict.
		nConflicts := 0
		for _, c := range wantConflicts {
			if c.Kind == AnswerConflict {
				nConflicts++
			}
		}
		wantN := 0
		for _, f := range files {
			for id, ans := range f.Answers {
				got, ok := want.Answers[id]
				if !ok || got.Changed.Before(ans.Changed) {
					t.Fatalf("round %d: %s: kept %+v over %+v", round, id, got, ans)
				}
				if len(answerDiff(ans, got)) > 0 {
					wantN++
				}
			}
		}
		if nConflicts != wantN {
			t.Fatalf("round %d: %d answer conflicts, want %d", round, nConflicts, wantN)
		}
	}
}

// Evidence records merge per question: the most recently changed one wins,
// and a record only one file has is kept.
func TestMergeEvidence(t *testing.T) {
	b := testBank(t)
	alice := mergeFile("Acme", t2, map[string]Answer{})
	alice.Evidence = map[string]EvidenceRecord{
		"AC-01": {Reference: "old.png", Changed: t1},
		"AC-02": {Reference: "reviews.xlsx", Changed: t1},
	}
	bob := mergeFile("Acme", t1, map[string]Answer{})
	bob.Evidence = map[string]EvidenceRecord{"AC-01": {Reference: "new.png", Collected: Date{t3}, Changed: t3}}
	for _, order := range [][]*Assessment{{alice, bob}, {bob, alice}} {
		got, _, err := Merge(b, order...)
		if err != nil {
			t.Fatal(err)
		}
		if got.Evidence["AC-01"].Reference != "new.png" || got.Evidence["AC-02"].Reference != "reviews.xlsx" || len(got.Evidence) != 2 {
			t.Errorf("merged evidence %+v", got.Evidence)
		}
	}
}
