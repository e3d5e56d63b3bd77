package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"soc2ready/assessment"
)

// testBankYAML is a small bank whose content the tests control: two
// questions switched by the profile, one optional category.
const testBankYAML = `
id: test-bank
version: "1"
areas:
  - {id: access, name: Access control}
  - {id: operations, name: System operations}
  - {id: people, name: People}
  - {id: availability, name: Availability}
questions:
  - {id: AC-01, area: access, category: security, title: MFA, prompt: p, help: h, evidence: e,
     criteria: [CC6.1], frequency: continuous, impact: 3,
     remediation: {action: a, steps: [s], effort: S, owner_role: CTO}}
  - {id: AC-02, area: access, category: security, title: Offboarding, prompt: p, help: h, evidence: e,
     criteria: [CC6.2], frequency: per_event, impact: 3,
     remediation: {action: a, steps: [s], effort: M, owner_role: CTO}}
  - {id: OP-01, area: operations, category: security, title: Scanning, prompt: p, help: h, evidence: e,
     criteria: [CC7.1], frequency: monthly, impact: 2,
     remediation: {action: a, steps: [s], effort: M, owner_role: CTO}}
  - {id: PE-01, area: people, category: security, title: Training, prompt: p, help: h, evidence: e,
     criteria: [CC1.4], frequency: annual, impact: 1, applies_if: employees,
     remediation: {action: a, steps: [s], effort: S, owner_role: People lead}}
  - {id: AV-01, area: availability, category: availability, title: Backups, prompt: p, help: h, evidence: e,
     criteria: [A1.2], frequency: daily, impact: 2,
     remediation: {action: a, steps: [s], effort: L, owner_role: CTO}}
`

func testBank(t testing.TB) *assessment.Bank {
	t.Helper()
	b, err := assessment.ParseBank([]byte(testBankYAML))
	if err != nil {
		t.Fatalf("test bank: %v", err)
	}
	return b
}

// genBank makes a valid bank of n questions with IDs from qid.
func genBank(t testing.TB, n int) *assessment.Bank {
	t.Helper()
	b := assessment.Bank{ID: "gen-bank", Version: "1", Areas: []assessment.Area{{ID: "access", Name: "Access"}}}
	for i := range n {
		b.Questions = append(b.Questions, assessment.Question{
			ID: qid(i), Area: "access", Category: assessment.Security, Title: "Q", Prompt: "p", Help: "h",
			Evidence: "e", Criteria: []string{"CC6.1"}, Frequency: assessment.Monthly, Impact: 1 + i%3,
			Remediation: assessment.Remediation{Action: "a", Steps: []string{"s"}, Effort: assessment.EffortS, OwnerRole: "CTO"},
		})
	}
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := assessment.ParseBank(data)
	if err != nil {
		t.Fatalf("generated bank: %v", err)
	}
	return parsed
}

func qid(i int) string { return fmt.Sprintf("Q-%05d", i) }

// genAnswers answers n generated questions.
func genAnswers(n int) map[string]assessment.Answer {
	m := make(map[string]assessment.Answer, n)
	for i := range n {
		m[qid(i)] = assessment.Answer{
			Status: assessment.Statuses[i%4], Evidence: assessment.EvidenceLevels[i%3],
			Consistency: assessment.Consistencies[i%4], Owner: "Alex", Notes: "notes for " + qid(i),
			Changed: t0.Add(time.Duration(i) * time.Minute),
		}
	}
	return m
}

var t0 = time.Date(2026, 11, 2, 9, 30, 15, 123456789, time.UTC)

func date(s string) assessment.Date {
	d, err := assessment.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// fullAssessment sets every field the interchange file carries.
func fullAssessment() *assessment.Assessment {
	return &assessment.Assessment{
		Company:    "Acme Łódź Ltd",
		PreparedBy: "Dana Founder",
		Profile:    assessment.Profile{Conditions: map[string]bool{"employees": true, "office": false}},
		Scope: assessment.Scope{
			ReportType: assessment.Type2, Categories: []assessment.Category{assessment.Security, assessment.Availability},
			AuditDate: date("2027-03-01"), PeriodStart: date("2026-09-01"), PeriodMonths: 6,
		},
		Bank: assessment.BankRef{ID: "test-bank", Version: "1"},
		Answers: map[string]assessment.Answer{
			"AC-01": {Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Consistency: assessment.Always,
				Owner: "CTO", Due: date("2027-01-15"), Notes: "Okta enforced", Flag: true, Changed: t0},
			"AC-02": {Status: assessment.Partial, Evidence: assessment.EvidencePartial, Consistency: assessment.Mostly, Changed: t0.Add(time.Hour)},
			"PE-01": {Status: assessment.NotApplicable, NAReason: "no staff yet", Changed: t0.Add(2 * time.Hour)},
			"AV-01": {Status: assessment.Missing, Changed: t0.Add(3 * time.Hour)},
		},
		Plan: map[string]assessment.PlanEdit{
			"AC-02": {Owner: "Sam", Due: date("2026-12-01"), Status: assessment.PlanInProgress},
			"AV-01": {Status: assessment.PlanTodo},
		},
		Responses: []assessment.Response{
			{ID: "r-first", Question: "AV-01", WhatHappened: "no backups", RootCause: "never set up", ImmediateSteps: "snapshot",
				LongTermFix: "daily backups", Owner: "CTO", ManagementResponse: "We have since…", Updated: t0},
			{ID: "r-second", Question: "AC-02", WhatHappened: "late offboarding", Updated: t0.Add(time.Minute)},
		},
		History: []assessment.Snapshot{
			{Taken: t0, Label: "first", Readiness: 41.5, Expected: 2.25, CleanChance: 0.125, Verdict: assessment.NotReady,
				Answered: 3, Applicable: 4, Areas: map[string]float64{"access": 50}, Probabilities: map[string]float64{"AC-01": 0, "AV-01": 1}},
			{Taken: t0.Add(24 * time.Hour), Readiness: 60, Verdict: assessment.NearlyReady},
		},
	}
}

// openStore opens a store that is checked (tx.Check) and closed when the
// test ends.
func openStore(t testing.TB, path string, opt Options) *Store {
	t.Helper()
	s, err := Open(path, opt)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { closeStore(t, s) })
	return s
}

// newStore opens a new store in a temporary folder, with the test bank.
func newStore(t testing.TB) *Store {
	t.Helper()
	return openStore(t, filepath.Join(t.TempDir(), DBFileName), Options{Bank: testBank(t)})
}

// closeStore runs bbolt's consistency check, then closes. Closing twice is
// harmless.
func closeStore(t testing.TB, s *Store) {
	t.Helper()
	checkDB(t, s.db)
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func checkDB(t testing.TB, db *bbolt.DB) {
	t.Helper()
	err := db.View(func(tx *bbolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("%s: tx.Check: %v", db.Path(), err)
		}
		checkLayout(t, tx)
		return nil
	})
	if err != nil && !errors.Is(err, berrors.ErrDatabaseNotOpen) {
		t.Errorf("check %s: %v", db.Path(), err)
	}
}

// checkLayout checks what this package keeps consistent beyond bbolt's own
// structure: every summary row belongs to a live assessment, a live
// assessment holds none of the trash's keys, and an assessment in the trash
// holds its deletion time and its summary.
func checkLayout(t testing.TB, tx *bbolt.Tx) {
	t.Helper()
	as, sums, trash := tx.Bucket(bucketAssessments), tx.Bucket(bucketSummaries), tx.Bucket(bucketTrash)
	if as == nil || sums == nil || trash == nil {
		return // an old or damaged file, checked by the test that made it
	}
	_ = sums.ForEach(func(k, _ []byte) error {
		if as.Bucket(k) == nil {
			t.Errorf("summary row %s belongs to no live assessment", k)
		}
		return nil
	})
	_ = as.ForEachBucket(func(k []byte) error {
		if ab := as.Bucket(k); ab.Get(keyDeleted) != nil || ab.Get(keySummary) != nil {
			t.Errorf("live assessment %s holds the trash's keys", k)
		}
		return nil
	})
	_ = trash.ForEachBucket(func(k []byte) error {
		if tb := trash.Bucket(k); tb.Get(keyDeleted) == nil || tb.Get(keySummary) == nil {
			t.Errorf("assessment %s in the trash lacks its deletion time or summary", k)
		}
		return nil
	})
}

// reopen closes s (checking it) and opens the same file again.
func reopen(t testing.TB, s *Store, opt Options) *Store {
	t.Helper()
	closeStore(t, s)
	return openStore(t, s.Path(), opt)
}

func mustCreate(t testing.TB, s *Store, a *assessment.Assessment) string {
	t.Helper()
	id, err := s.Create(a)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return id
}

func mustGet(t testing.TB, s *Store, id string) *assessment.Assessment {
	t.Helper()
	a, err := s.Get(id)
	if err != nil {
		t.Fatalf("Get(%s): %v", id, err)
	}
	return a
}

func mustList(t testing.TB, s *Store) []Summary {
	t.Helper()
	l, err := s.List()
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	return l
}

func deepEqual(t testing.TB, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("%s differs\ngot:  %s\nwant: %s", what, g, w)
	}
}

// fileState is what must not change when a file is refused.
type fileState struct {
	data  []byte
	mtime time.Time
	mode  os.FileMode
}

// freeze sets a file's times to a fixed past instant (so that any write
// would show) and records its state.
func freeze(t testing.TB, path string) fileState {
	t.Helper()
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	return stateOf(t, path)
}

func stateOf(t testing.TB, path string) fileState {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	var data []byte
	if !info.IsDir() {
		if data, err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
	return fileState{data, info.ModTime(), info.Mode()}
}

func assertUnchanged(t testing.TB, path string, before fileState) {
	t.Helper()
	after := stateOf(t, path)
	if !after.mtime.Equal(before.mtime) || after.mode != before.mode || string(after.data) != string(before.data) {
		t.Errorf("%s changed: mtime %v → %v, mode %v → %v, %d → %d bytes (equal: %t)", path,
			before.mtime, after.mtime, before.mode, after.mode, len(before.data), len(after.data), string(after.data) == string(before.data))
	}
}

// dirNames lists a folder, to show that nothing was created beside a file.
func dirNames(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
