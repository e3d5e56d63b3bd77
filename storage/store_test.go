package storage

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"soc2ready/assessment"
)

func TestAppIDMatchesFyneAppToml(t *testing.T) {
	data, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Skipf("no FyneApp.toml: %v", err)
	}
	m := regexp.MustCompile(`(?m)^\s*ID\s*=\s*"([^"]*)"`).FindSubmatch(data)
	if m == nil {
		t.Fatal("FyneApp.toml has no ID")
	}
	if got := string(m[1]); got != AppID {
		t.Errorf("FyneApp.toml ID = %q, AppID = %q", got, AppID)
	}
}

func TestResolvePath(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the expected default is spelled out for Linux")
	}
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	wantDefault := filepath.Join(cfg, "fyne", AppID, "data", DBFileName)
	if got, err := DefaultPath(); err != nil || got != wantDefault {
		t.Fatalf("DefaultPath() = %q, %v; want %q", got, err, wantDefault)
	}
	tests := []struct {
		name, flag, env, want string
	}{
		{"default", "", "", wantDefault},
		{"environment", "", "/data/env.db", "/data/env.db"},
		{"flag wins", "/data/flag.db", "/data/env.db", "/data/flag.db"},
		{"relative flag made absolute", "rel.db", "", must(filepath.Abs("rel.db"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(EnvDB, tc.env)
			got, err := ResolvePath(tc.flag)
			if err != nil || got != tc.want {
				t.Errorf("ResolvePath(%q) with %s=%q = %q, %v; want %q", tc.flag, EnvDB, tc.env, got, err, tc.want)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, DBFileName)
	s := openStore(t, path, Options{})
	for p, want := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, path: 0o600} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode() & (os.ModeDir | os.ModePerm); got&^want != 0 {
			t.Errorf("%s mode = %v, want at most %v", p, got, want)
		}
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{DBFileName}) {
		t.Errorf("folder holds %v, want only the database (no temporary files)", got)
	}
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	var version uint64
	if err := s.db.View(func(tx *bbolt.Tx) (err error) { version, err = readVersion(tx); return err }); err != nil || version != schemaVersion {
		t.Errorf("schema version = %d, %v; want %d", version, err, schemaVersion)
	}
}

func TestMigrationsAreOrdered(t *testing.T) {
	for i, m := range migrations {
		if m.from != uint64(i+1) {
			t.Errorf("migrations[%d].from = %d, want %d", i, m.from, i+1)
		}
	}
	if last := migrations[len(migrations)-1].from + 1; last != schemaVersion {
		t.Errorf("the migrations end at version %d, schemaVersion is %d", last, schemaVersion)
	}
}

func TestCreateGetPersists(t *testing.T) {
	s := newStore(t)
	in := fullAssessment()
	before := time.Now()
	id := mustCreate(t, s, in)
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(id) {
		t.Errorf("ID %q is not 12 hex digits", id)
	}
	if in.ID != "" || !in.Created.IsZero() {
		t.Errorf("Create modified its argument: ID %q, Created %v", in.ID, in.Created)
	}
	s = reopen(t, s, Options{Bank: testBank(t)})
	got := mustGet(t, s, id)
	if got.Created.Before(before.Add(-time.Second)) || !got.Updated.Equal(got.Created) {
		t.Errorf("Created %v, Updated %v: want both now", got.Created, got.Updated)
	}
	want := fullAssessment()
	want.ID, want.Created, want.Updated = id, got.Created, got.Updated
	deepEqual(t, "Get after reopen", got, want)

	id2 := mustCreate(t, s, &assessment.Assessment{Company: "Bare Inc", Scope: assessment.Scope{ReportType: assessment.Type1}})
	if id2 == id {
		t.Fatal("two assessments got the same ID")
	}
	bare := mustGet(t, s, id2)
	if bare.Answers == nil || bare.Plan != nil || bare.Responses != nil || bare.History != nil || !bare.Profile.IsZero() || bare.Profile.Conditions != nil {
		t.Errorf("empty assessment reads back as %+v: want empty (non-nil) answers and nil plan, responses, history, profile", bare)
	}
	if _, err := s.Get("000000000000"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(unknown) = %v, want ErrNotFound", err)
	}
	if _, err := s.Get(""); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(\"\") = %v, want ErrNotFound", err)
	}
}

func TestCreateRejectsWhatCannotBeExported(t *testing.T) {
	valid := func() *assessment.Assessment {
		return &assessment.Assessment{Company: "Acme", Scope: assessment.Scope{ReportType: assessment.Type1}}
	}
	tests := []struct {
		name   string
		change func(a *assessment.Assessment)
	}{
		{"empty company", func(a *assessment.Assessment) { a.Company = "  " }},
		{"no report type", func(a *assessment.Assessment) { a.Scope.ReportType = "" }},
		{"unknown report type", func(a *assessment.Assessment) { a.Scope.ReportType = "type3" }},
		{"unknown category", func(a *assessment.Assessment) { a.Scope.Categories = []assessment.Category{"finance"} }},
		{"period too long", func(a *assessment.Assessment) { a.Scope.PeriodMonths = 25 }},
		{"unknown profile condition", func(a *assessment.Assessment) {
			a.Profile = assessment.Profile{Conditions: map[string]bool{"pets": true}}
		}},
		{"unknown answer status", func(a *assessment.Assessment) { a.Answers = map[string]assessment.Answer{"AC-01": {Status: "done"}} }},
		{"unknown evidence", func(a *assessment.Assessment) {
			a.Answers = map[string]assessment.Answer{"AC-01": {Status: assessment.Implemented, Evidence: "lots"}}
		}},
		{"empty question ID", func(a *assessment.Assessment) {
			a.Answers = map[string]assessment.Answer{"": {Status: assessment.Missing}}
		}},
		{"unknown plan status", func(a *assessment.Assessment) { a.Plan = map[string]assessment.PlanEdit{"AC-01": {Status: "later"}} }},
		{"response without question", func(a *assessment.Assessment) { a.Responses = []assessment.Response{{WhatHappened: "x"}} }},
		// issue 13: limits and impossible snapshots
		{"company too long", func(a *assessment.Assessment) { a.Company = strings.Repeat("C", assessment.MaxNameLength+1) }},
		{"notes too long", func(a *assessment.Assessment) {
			a.Answers = map[string]assessment.Answer{"AC-01": {Status: assessment.Missing, Notes: strings.Repeat("n", assessment.MaxTextLength+1)}}
		}},
		{"response too long", func(a *assessment.Assessment) {
			a.Responses = []assessment.Response{{Question: "AC-01", RootCause: strings.Repeat("r", assessment.MaxTextLength+1)}}
		}},
		{"too many responses", func(a *assessment.Assessment) {
			a.Responses = make([]assessment.Response, assessment.MaxResponses+1)
			for i := range a.Responses {
				a.Responses[i].Question = "AC-01"
			}
		}},
		{"readiness out of range", func(a *assessment.Assessment) {
			a.History = []assessment.Snapshot{{Taken: t0, Readiness: 1e308, Verdict: assessment.Ready}}
		}},
		{"unknown verdict", func(a *assessment.Assessment) { a.History = []assessment.Snapshot{{Taken: t0, Verdict: "pwned"}} }},
		{"audit date before period start", func(a *assessment.Assessment) {
			a.Scope = assessment.Scope{ReportType: assessment.Type2, AuditDate: date("2027-01-01"), PeriodStart: date("2027-03-01")}
		}},
	}
	s := newStore(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := valid()
			tc.change(a)
			if id, err := s.Create(a); !errors.Is(err, ErrInvalidValue) {
				t.Errorf("Create = %q, %v; want ErrInvalidValue", id, err)
			}
		})
	}
	if l := mustList(t, s); len(l) != 0 {
		t.Errorf("List after refused creates = %v, want empty", l)
	}
}

func TestSaveAnswer(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, &assessment.Assessment{Company: "Acme", Scope: assessment.Scope{ReportType: assessment.Type2}})
	created := mustGet(t, s, id).Updated
	given := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		question string
		answer   assessment.Answer
		want     assessment.Answer // Changed zero: expect "now"
		absent   bool
	}{
		{"new answer", "AC-01", assessment.Answer{Status: assessment.Implemented, Evidence: assessment.EvidencePartial},
			assessment.Answer{Status: assessment.Implemented, Evidence: assessment.EvidencePartial}, false},
		{"every field, time kept", "AC-02",
			assessment.Answer{Status: assessment.Partial, Evidence: assessment.EvidenceNone, Consistency: assessment.Sometimes,
				Owner: "Sam", Due: date("2027-02-02"), Notes: "ask HR", Flag: true, Changed: given},
			assessment.Answer{Status: assessment.Partial, Evidence: assessment.EvidenceNone, Consistency: assessment.Sometimes,
				Owner: "Sam", Due: date("2027-02-02"), Notes: "ask HR", Flag: true, Changed: given}, false},
		{"overwrite", "AC-01", assessment.Answer{Status: assessment.Missing}, assessment.Answer{Status: assessment.Missing}, false},
		{"notes without status", "OP-01", assessment.Answer{Notes: "check with Kim"}, assessment.Answer{Notes: "check with Kim"}, false},
		{"not applicable without reason yet", "PE-01", assessment.Answer{Status: assessment.NotApplicable},
			assessment.Answer{Status: assessment.NotApplicable}, false},
		{"clear", "OP-01", assessment.Answer{Changed: given}, assessment.Answer{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.SaveAnswer(id, tc.question, tc.answer); err != nil {
				t.Fatalf("SaveAnswer: %v", err)
			}
			got, ok := mustGet(t, s, id).Answers[tc.question]
			if ok == tc.absent {
				t.Fatalf("answer present = %t, want %t", ok, !tc.absent)
			}
			if tc.absent {
				return
			}
			if tc.want.Changed.IsZero() {
				if got.Changed.Before(created) {
					t.Errorf("Changed = %v, want now", got.Changed)
				}
				tc.want.Changed = got.Changed
			}
			deepEqual(t, "answer", got, tc.want)
		})
	}
	a := mustGet(t, s, id)
	if !a.Updated.After(created) {
		t.Errorf("Updated %v not after Created %v", a.Updated, created)
	}
	s = reopen(t, s, Options{})
	deepEqual(t, "answers after reopen", mustGet(t, s, id).Answers, a.Answers)

	errTests := []struct {
		name, id, question string
		answer             assessment.Answer
		want               error
	}{
		{"unknown assessment", "ffffffffffff", "AC-01", assessment.Answer{Status: assessment.Missing}, ErrNotFound},
		{"empty assessment ID", "", "AC-01", assessment.Answer{Status: assessment.Missing}, ErrNotFound},
		{"empty question", id, "", assessment.Answer{Status: assessment.Missing}, ErrInvalidValue},
		{"bad status", id, "AC-01", assessment.Answer{Status: "yes"}, ErrInvalidValue},
		{"bad consistency", id, "AC-01", assessment.Answer{Status: assessment.Implemented, Consistency: "often"}, ErrInvalidValue},
		{"question ID too long", id, strings.Repeat("Q", 40000), assessment.Answer{Status: assessment.Missing}, ErrInvalidValue},
	}
	for _, tc := range errTests {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.SaveAnswer(tc.id, tc.question, tc.answer); !errors.Is(err, tc.want) {
				t.Errorf("SaveAnswer = %v, want %v", err, tc.want)
			}
		})
	}
	deepEqual(t, "answers after refused saves", mustGet(t, s, id).Answers, a.Answers)
}

// SaveAnswers (an imported spreadsheet) writes every answer or none.
func TestSaveAnswersAllOrNothing(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, &assessment.Assessment{Company: "Acme", Scope: assessment.Scope{ReportType: assessment.Type1}})
	good := map[string]assessment.Answer{
		"AC-01": {Status: assessment.Implemented, Evidence: assessment.EvidenceComplete},
		"AC-02": {Status: assessment.Partial},
	}
	tests := []struct {
		name    string
		answers map[string]assessment.Answer
		want    error
	}{
		{"one bad value", map[string]assessment.Answer{"AC-03": {Status: assessment.Missing}, "AC-04": {Status: "done"}}, ErrInvalidValue},
		{"one key too long", map[string]assessment.Answer{"AC-03": {Status: assessment.Missing}, strings.Repeat("Q", 40000): {Status: assessment.Missing}}, ErrInvalidValue},
	}
	for _, tc := range tests {
		if err := s.SaveAnswers(id, tc.answers); !errors.Is(err, tc.want) {
			t.Errorf("%s: SaveAnswers = %v, want %v", tc.name, err, tc.want)
		}
		if n := len(mustGet(t, s, id).Answers); n != 0 {
			t.Fatalf("%s: %d answers saved by a refused batch", tc.name, n)
		}
	}
	if err := s.SaveAnswers(id, good); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, Options{})
	got := mustGet(t, s, id).Answers
	if len(got) != 2 || got["AC-02"].Status != assessment.Partial || got["AC-01"].Changed.IsZero() {
		t.Errorf("after SaveAnswers: %+v", got)
	}
}

// TestSaveAnswerCostIsConstant counts the pages one SaveAnswer writes: it
// must not grow with the number of answers (only with the B+tree's depth).
func TestSaveAnswerCostIsConstant(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), DBFileName), Options{})
	pages := map[int]int64{}
	for _, n := range []int{10, 170, 5000} {
		id := mustCreate(t, s, &assessment.Assessment{Company: "Acme", Scope: assessment.Scope{ReportType: assessment.Type1}, Answers: genAnswers(n)})
		st := s.db.Stats()
		before := st.TxStats.GetWrite()
		if err := s.SaveAnswer(id, qid(n/2), assessment.Answer{Status: assessment.Implemented}); err != nil {
			t.Fatal(err)
		}
		st = s.db.Stats()
		pages[n] = st.TxStats.GetWrite() - before
	}
	t.Logf("pages written by one SaveAnswer, by answers held: %v", pages)
	if pages[5000] > pages[170]+4 {
		t.Errorf("SaveAnswer into 5000 answers wrote %d pages, into 170 %d: the cost grows with the answers", pages[5000], pages[170])
	}
}

func TestRenameAndUpdateDetails(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, fullAssessment())
	if err := s.Rename(id, "  Acme Holdings  "); err != nil {
		t.Fatal(err)
	}
	if err := s.Rename(id, " "); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("Rename to blank = %v, want ErrInvalidValue", err)
	}
	if err := s.Rename("nope", "X"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Rename(unknown) = %v, want ErrNotFound", err)
	}
	var seen assessment.Assessment
	err := s.UpdateDetails(id, func(a *assessment.Assessment) {
		seen = *a
		a.PreparedBy = "Consultant"
		a.Profile = assessment.Profile{Conditions: map[string]bool{"personal_data": false}}
		a.Scope.ReportType = assessment.Type1
		a.Scope.Categories = nil
		a.Answers = map[string]assessment.Answer{"AC-01": {Status: assessment.Missing}} // ignored
		a.ID, a.Created = "hijack", time.Time{}                                         // ignored
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen.Company != "Acme Holdings" || seen.Answers != nil {
		t.Errorf("UpdateDetails showed %+v: want the current header without answers", seen)
	}
	err = s.UpdateDetails(id, func(a *assessment.Assessment) { a.Company = ""; a.PreparedBy = "lost" })
	if !errors.Is(err, ErrInvalidValue) {
		t.Errorf("UpdateDetails to an empty company = %v, want ErrInvalidValue", err)
	}
	s = reopen(t, s, Options{Bank: testBank(t)})
	got := mustGet(t, s, id)
	want := fullAssessment()
	want.ID, want.Company, want.PreparedBy = id, "Acme Holdings", "Consultant"
	want.Profile = assessment.Profile{Conditions: map[string]bool{"personal_data": false}}
	want.Scope.ReportType, want.Scope.Categories = assessment.Type1, nil
	want.Created, want.Updated = got.Created, got.Updated
	deepEqual(t, "after UpdateDetails", got, want)
	if !got.Updated.After(got.Created) {
		t.Errorf("Updated %v not after Created %v", got.Updated, got.Created)
	}
	l := mustList(t, s)
	if len(l) != 1 || l[0].Company != "Acme Holdings" || l[0].ReportType != assessment.Type1 {
		t.Errorf("List = %+v, want the new name and report type", l)
	}
}

func TestDuplicate(t *testing.T) {
	s := newStore(t)
	src := fullAssessment()
	id := mustCreate(t, s, src)
	dupID, err := s.Duplicate(id, " Acme 2027 ")
	if err != nil {
		t.Fatal(err)
	}
	if dupID == id {
		t.Fatal("Duplicate reused the ID")
	}
	if _, err := s.Duplicate(id, ""); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("Duplicate with no name = %v, want ErrInvalidValue", err)
	}
	if _, err := s.Duplicate("nope", "X"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Duplicate(unknown) = %v, want ErrNotFound", err)
	}
	s = reopen(t, s, Options{Bank: testBank(t)})
	got := mustGet(t, s, dupID)
	orig := mustGet(t, s, id)
	want := fullAssessment()
	want.ID, want.Company, want.Created, want.Updated = dupID, "Acme 2027", got.Created, got.Updated
	want.Responses, want.History = nil, nil
	want.Plan = map[string]assessment.PlanEdit{"AC-02": {Owner: "Sam"}} // status and due reset; AV-01 had only a status
	deepEqual(t, "duplicate", got, want)
	if !got.Created.After(orig.Created) && !got.Created.Equal(orig.Created) {
		t.Errorf("duplicate Created %v before the original's %v", got.Created, orig.Created)
	}
	want = fullAssessment()
	want.ID, want.Created, want.Updated = id, orig.Created, orig.Updated
	deepEqual(t, "original after Duplicate", orig, want)
	if l := mustList(t, s); len(l) != 2 {
		t.Errorf("List has %d rows, want 2", len(l))
	}
}

func TestDeleteRestorePurge(t *testing.T) {
	s := newStore(t)
	keep := mustCreate(t, s, &assessment.Assessment{Company: "Keep", Scope: assessment.Scope{ReportType: assessment.Type1}})
	gone := mustCreate(t, s, fullAssessment())
	before := mustGet(t, s, gone)
	summaries := mustList(t, s)

	if err := s.Delete(gone); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(gone); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(deleted) = %v, want ErrNotFound", err)
	}
	for _, op := range []struct {
		name string
		err  error
	}{
		{"SaveAnswer", s.SaveAnswer(gone, "AC-01", assessment.Answer{Status: assessment.Missing})},
		{"Delete again", s.Delete(gone)},
		{"Restore live", s.Restore(keep)},
		{"Purge live", s.Purge(keep)},
	} {
		if !errors.Is(op.err, ErrNotFound) {
			t.Errorf("%s = %v, want ErrNotFound", op.name, op.err)
		}
	}
	if l := mustList(t, s); len(l) != 1 || l[0].ID != keep {
		t.Errorf("List after Delete = %+v, want only %s", l, keep)
	}
	s = reopen(t, s, Options{Bank: testBank(t)})
	trash, err := s.Trash()
	if err != nil {
		t.Fatal(err)
	}
	if len(trash) != 1 || trash[0].ID != gone || trash[0].Company != before.Company || trash[0].Deleted.IsZero() {
		t.Fatalf("Trash = %+v, want the deleted assessment with its deletion time", trash)
	}
	if err := s.Restore(gone); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, Options{Bank: testBank(t)})
	deepEqual(t, "restored assessment", mustGet(t, s, gone), before)
	deepEqual(t, "List after Restore", mustList(t, s), summaries)
	if tr, _ := s.Trash(); len(tr) != 0 {
		t.Errorf("Trash after Restore = %+v, want empty", tr)
	}
	if err := s.SaveAnswer(gone, "AC-01", assessment.Answer{Status: assessment.Missing}); err != nil {
		t.Errorf("SaveAnswer after Restore: %v", err)
	}

	if err := s.Delete(gone); err != nil {
		t.Fatal(err)
	}
	if err := s.Purge(gone); err != nil {
		t.Fatal(err)
	}
	if err := s.Restore(gone); !errors.Is(err, ErrNotFound) {
		t.Errorf("Restore(purged) = %v, want ErrNotFound", err)
	}
	if err := s.Delete(keep); err != nil {
		t.Fatal(err)
	}
	if n, err := s.EmptyTrash(); err != nil || n != 1 {
		t.Errorf("EmptyTrash = %d, %v; want 1", n, err)
	}
	s = reopen(t, s, Options{})
	if l, tr := mustList(t, s), must(s.Trash()); len(l)+len(tr) != 0 {
		t.Errorf("after purging: List %v, Trash %v; want both empty", l, tr)
	}
}

func TestPlanEdits(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, &assessment.Assessment{Company: "Acme", Scope: assessment.Scope{ReportType: assessment.Type1}})
	tests := []struct {
		name     string
		question string
		edit     assessment.PlanEdit
		want     map[string]assessment.PlanEdit
	}{
		{"owner", "AC-01", assessment.PlanEdit{Owner: "Kim"}, map[string]assessment.PlanEdit{"AC-01": {Owner: "Kim"}}},
		{"second row", "OP-01", assessment.PlanEdit{Due: date("2027-01-31"), Status: assessment.PlanDone},
			map[string]assessment.PlanEdit{"AC-01": {Owner: "Kim"}, "OP-01": {Due: date("2027-01-31"), Status: assessment.PlanDone}}},
		{"replace", "AC-01", assessment.PlanEdit{Owner: "Lee", Status: assessment.PlanInProgress},
			map[string]assessment.PlanEdit{"AC-01": {Owner: "Lee", Status: assessment.PlanInProgress}, "OP-01": {Due: date("2027-01-31"), Status: assessment.PlanDone}}},
		{"empty edit restores the computed row", "OP-01", assessment.PlanEdit{},
			map[string]assessment.PlanEdit{"AC-01": {Owner: "Lee", Status: assessment.PlanInProgress}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.SavePlanEdit(id, tc.question, tc.edit); err != nil {
				t.Fatal(err)
			}
			deepEqual(t, "plan", mustGet(t, s, id).Plan, tc.want)
		})
	}
	if err := s.SavePlanEdit(id, "AC-01", assessment.PlanEdit{Status: "someday"}); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("bad plan status = %v, want ErrInvalidValue", err)
	}
	if err := s.SavePlanEdit("nope", "AC-01", assessment.PlanEdit{Owner: "x"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown assessment = %v, want ErrNotFound", err)
	}
	s = reopen(t, s, Options{})
	deepEqual(t, "plan after reopen", mustGet(t, s, id).Plan, tests[len(tests)-1].want)
}

func TestResponses(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, &assessment.Assessment{Company: "Acme", Scope: assessment.Scope{ReportType: assessment.Type1}})
	var ids []string
	// Twelve (eleven after the delete below), so that their random IDs sort
	// in the order saved by chance once in 40 million runs, not once in two.
	for _, q := range []string{"AV-01", "AC-01", "OP-01", "AC-02", "PE-01", "AV-01", "AC-01", "OP-01", "AC-02", "PE-01", "AV-01", "AC-01"} {
		rid, err := s.SaveResponse(id, assessment.Response{Question: q, WhatHappened: "about " + q})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rid)
	}
	if ids[0] == ids[1] || ids[0] == "" {
		t.Fatalf("response IDs %v are not unique", ids)
	}
	// Updating the first keeps it first.
	if rid, err := s.SaveResponse(id, assessment.Response{ID: ids[0], Question: "AV-01", ManagementResponse: "fixed"}); err != nil || rid != ids[0] {
		t.Fatalf("update = %q, %v", rid, err)
	}
	if err := s.DeleteResponse(id, ids[1]); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, Options{})
	got := mustGet(t, s, id).Responses
	want := append([]string{ids[0]}, ids[2:]...)
	var gotIDs []string
	for _, r := range got {
		gotIDs = append(gotIDs, r.ID)
	}
	if !slices.Equal(gotIDs, want) {
		t.Fatalf("responses in order %v, want the order saved %v", gotIDs, want)
	}
	if got[0].ManagementResponse != "fixed" || got[0].WhatHappened != "" || got[0].Updated.IsZero() {
		t.Errorf("updated response = %+v, want the new text and a time", got[0])
	}
	errTests := []struct {
		name string
		err  error
		want error
	}{
		{"update unknown response", second(s.SaveResponse(id, assessment.Response{ID: "nope", Question: "AC-01"})), ErrNotFound},
		{"no question", second(s.SaveResponse(id, assessment.Response{WhatHappened: "x"})), ErrInvalidValue},
		{"unknown assessment", second(s.SaveResponse("nope", assessment.Response{Question: "AC-01"})), ErrNotFound},
		{"delete twice", s.DeleteResponse(id, ids[1]), ErrNotFound},
		{"delete empty ID", s.DeleteResponse(id, ""), ErrNotFound},
	}
	for _, tc := range errTests {
		if !errors.Is(tc.err, tc.want) {
			t.Errorf("%s = %v, want %v", tc.name, tc.err, tc.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestHistoryInTimeOrder(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, &assessment.Assessment{Company: "Acme", Scope: assessment.Scope{ReportType: assessment.Type1}})
	add := []assessment.Snapshot{
		{Taken: t0.Add(48 * time.Hour), Label: "c", Readiness: 70, Verdict: assessment.Ready},
		{Taken: t0, Label: "a", Readiness: 10, Verdict: assessment.NotReady, Areas: map[string]float64{"access": 12.5}},
		{Taken: t0.Add(24 * time.Hour), Label: "b1", Verdict: assessment.NotReady},
		{Taken: t0.Add(24 * time.Hour), Label: "b2", Verdict: assessment.NotReady}, // same instant: in the order added
		{Taken: time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC), Label: "before 1970", Verdict: assessment.NotReady},
	}
	for _, snap := range add {
		if err := s.AddSnapshot(id, snap); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddSnapshot(id, assessment.Snapshot{Label: "now", Verdict: assessment.NotReady}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddSnapshot("nope", assessment.Snapshot{Verdict: assessment.Ready}); !errors.Is(err, ErrNotFound) {
		t.Errorf("AddSnapshot(unknown) = %v, want ErrNotFound", err)
	}
	s = reopen(t, s, Options{})
	h, err := s.History(id)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, snap := range h {
		labels = append(labels, snap.Label)
	}
	if want := []string{"before 1970", "a", "b1", "b2", "c", "now"}; !slices.Equal(labels, want) {
		t.Errorf("history order %v, want %v", labels, want)
	}
	deepEqual(t, "snapshot", h[1], add[1])
	if _, err := s.History("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("History(unknown) = %v, want ErrNotFound", err)
	}
	deepEqual(t, "Get's history", mustGet(t, s, id).History, h)
}

func TestListSummaries(t *testing.T) {
	bank := testBank(t)
	path := filepath.Join(t.TempDir(), DBFileName)
	s := openStore(t, path, Options{Bank: bank})
	full := fullAssessment()
	idFull := mustCreate(t, s, full)
	idEmpty := mustCreate(t, s, &assessment.Assessment{Company: "Empty", Scope: assessment.Scope{ReportType: assessment.Type1}})
	other := &assessment.Assessment{Company: "Custom bank", Scope: assessment.Scope{ReportType: assessment.Type1},
		Bank: assessment.BankRef{ID: "consultant-bank", Version: "7"}, Answers: map[string]assessment.Answer{"X-1": {Status: assessment.Implemented}}}
	idOther := mustCreate(t, s, other)

	score := func(id string) assessment.Forecast {
		return assessment.Score(bank, mustGet(t, s, id))
	}
	check := func(t *testing.T, l []Summary, wantOrder ...string) {
		t.Helper()
		var ids []string
		for _, sum := range l {
			ids = append(ids, sum.ID)
			a := mustGet(t, s, sum.ID)
			if sum.Company != a.Company || sum.ReportType != a.Scope.ReportType || !sum.Updated.Equal(a.Updated) {
				t.Errorf("summary %+v does not match its header", sum)
			}
			if sum.ID == idOther {
				if sum.Scored || sum.Answered != 1 || sum.Applicable != 0 {
					t.Errorf("other bank's summary %+v: want 1 answered, unscored", sum)
				}
				continue
			}
			f := score(sum.ID)
			if !sum.Scored || sum.Answered != f.Answered || sum.Applicable != f.Applicable || sum.Readiness != f.Readiness {
				t.Errorf("summary %+v; Score says answered %d, applicable %d, readiness %v", sum, f.Answered, f.Applicable, f.Readiness)
			}
		}
		if !slices.Equal(ids, wantOrder) {
			t.Errorf("List order %v, want %v", ids, wantOrder)
		}
	}
	check(t, mustList(t, s), idOther, idEmpty, idFull)

	// A save makes the summary stale; List rescores it and stores the score.
	if err := s.SaveAnswer(idFull, "AV-01", assessment.Answer{Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Consistency: assessment.Always}); err != nil {
		t.Fatal(err)
	}
	if rec := summaryOf(t, s, idFull); !rec.Stale {
		t.Errorf("summary after SaveAnswer = %+v, want stale", rec)
	}
	check(t, mustList(t, s), idFull, idOther, idEmpty)
	if rec := summaryOf(t, s, idFull); rec.Stale || rec.ScoredWith != bank.Ref() {
		t.Errorf("summary after List = %+v, want fresh, scored with %v", rec, bank.Ref())
	}
	if err := s.UpdateDetails(idEmpty, func(a *assessment.Assessment) {
		a.Profile = assessment.Profile{Conditions: map[string]bool{"employees": false}}
	}); err != nil {
		t.Fatal(err)
	}
	check(t, mustList(t, s), idEmpty, idFull, idOther)

	// Without a bank: answered counts only, read-only or not.
	s = reopen(t, s, Options{ReadOnly: true})
	if err := s.SaveAnswer(idFull, "AC-01", assessment.Answer{Status: assessment.Missing}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("SaveAnswer read-only = %v, want ErrReadOnly", err)
	}
	s = reopen(t, s, Options{})
	if err := s.SaveAnswer(idFull, "OP-01", assessment.Answer{Status: assessment.Planned}); err != nil {
		t.Fatal(err)
	}
	for _, sum := range mustList(t, s) {
		if sum.ID == idFull && (sum.Scored || sum.Answered != len(mustGet(t, s, idFull).Answers)) {
			t.Errorf("summary without a bank = %+v, want every answer counted, unscored", sum)
		}
	}
	// A new bank version rescores.
	bank2 := testBank(t)
	bank2.Version = "2"
	s = reopen(t, s, Options{Bank: bank2})
	mustList(t, s)
	if rec := summaryOf(t, s, idEmpty); rec.ScoredWith != bank2.Ref() {
		t.Errorf("summary scored with %v, want %v", rec.ScoredWith, bank2.Ref())
	}
	// With another bank loaded, a score cached with this one is not shown as
	// that bank's; the row says which bank it was made with.
	idMine := mustCreate(t, s, &assessment.Assessment{Company: "Mine", Scope: assessment.Scope{ReportType: assessment.Type1}, Bank: bank2.Ref()})
	mustList(t, s)
	custom := testBank(t)
	custom.ID = "consultant-bank"
	s = reopen(t, s, Options{Bank: custom})
	for _, sum := range mustList(t, s) {
		if sum.ID == idMine && (sum.Scored || sum.BankID != bank2.ID) {
			t.Errorf("summary %+v: want unscored, made with %s", sum, bank2.ID)
		}
	}
}

func summaryOf(t testing.TB, s *Store, id string) summaryRecord {
	t.Helper()
	var rec summaryRecord
	err := s.db.View(func(tx *bbolt.Tx) error { return getJSON(tx.Bucket(bucketSummaries), []byte(id), &rec) })
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestBackup(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, fullAssessment())
	dir := t.TempDir()
	dst := filepath.Join(dir, "backup.db")
	if err := os.WriteFile(dst, []byte("old backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.BackupTo(dst); err != nil {
		t.Fatal(err)
	}
	if err := s.BackupTo(s.Path()); err == nil {
		t.Error("BackupTo the database itself succeeded")
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"backup.db"}) {
		t.Errorf("backup folder holds %v, want only backup.db", got)
	}
	if info, err := os.Stat(dst); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v, %v; want 0600", info.Mode(), err)
	}
	b := openStore(t, dst, Options{Bank: testBank(t)})
	deepEqual(t, "backup's assessment", mustGet(t, b, id), mustGet(t, s, id))

	var buf strings.Builder
	n, err := s.Backup(&buf)
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Errorf("Backup = %d, %v; wrote %d bytes", n, err, buf.Len())
	}
}

func TestClosedStore(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, fullAssessment())
	closeStore(t, s)
	for name, err := range map[string]error{
		"Get":        second(s.Get(id)),
		"List":       second(s.List()),
		"SaveAnswer": s.SaveAnswer(id, "AC-01", assessment.Answer{Status: assessment.Missing}),
		"Backup":     second(s.Backup(&strings.Builder{})),
	} {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close = %v, want ErrClosed", name, err)
		}
	}
}

func TestReadOnly(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "missing.db"), Options{ReadOnly: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("read-only Open of a missing file = %v, want ErrNotFound", err)
	}
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("read-only Open created %v", got)
	}
	s := newStore(t)
	id := mustCreate(t, s, fullAssessment())
	closeStore(t, s)
	// Two read-only opens share the file.
	r1 := openStore(t, s.Path(), Options{ReadOnly: true})
	r2 := openStore(t, s.Path(), Options{ReadOnly: true, Bank: testBank(t)})
	deepEqual(t, "read-only Get", mustGet(t, r1, id), mustGet(t, r2, id))
	if len(mustList(t, r2)) != 1 {
		t.Error("read-only List lost the assessment")
	}
	for name, err := range map[string]error{
		"Create":     second(r1.Create(fullAssessment())),
		"Delete":     r1.Delete(id),
		"Rename":     r1.Rename(id, "x"),
		"Import":     second(r1.Import(must(r1.Export(id)), testBank(t))),
		"EmptyTrash": second(r1.EmptyTrash()),
	} {
		if !errors.Is(err, ErrReadOnly) {
			t.Errorf("read-only %s = %v, want ErrReadOnly", name, err)
		}
	}
}

// TestLimitsOnAdd: one snapshot or response more than an assessment may hold
// is refused, as is a snapshot no forecast could make, and a company name
// too long; nothing changes (issue 13).
func TestLimitsOnAdd(t *testing.T) {
	s := newStore(t)
	a := &assessment.Assessment{Company: "Acme", Scope: assessment.Scope{ReportType: assessment.Type1}}
	for i := range assessment.MaxSnapshots {
		a.History = append(a.History, assessment.Snapshot{Taken: t0.Add(time.Duration(i) * time.Hour), Verdict: assessment.NotReady})
	}
	for range assessment.MaxResponses {
		a.Responses = append(a.Responses, assessment.Response{Question: "AC-01"})
	}
	id := mustCreate(t, s, a)
	full := assessment.Snapshot{Taken: t0, Verdict: assessment.Ready}
	bad := []struct {
		name string
		err  error
	}{
		{"one snapshot too many", s.AddSnapshot(id, full)},
		{"one response too many", second(s.SaveResponse(id, assessment.Response{Question: "AC-01"}))},
		{"impossible snapshot", s.AddSnapshot(id, assessment.Snapshot{Readiness: -5, Verdict: assessment.Ready})},
		{"probability", s.AddSnapshot(id, assessment.Snapshot{CleanChance: 7.5, Verdict: assessment.Ready})},
		{"long response", second(s.SaveResponse(id, assessment.Response{Question: "AC-01", WhatHappened: strings.Repeat("w", assessment.MaxTextLength+1)}))},
		{"long notes", s.SaveAnswer(id, "AC-01", assessment.Answer{Notes: strings.Repeat("n", assessment.MaxTextLength+1)})},
		{"long question ID", s.SaveAnswer(id, strings.Repeat("Q", assessment.MaxIDLength+1), assessment.Answer{Status: assessment.Missing})},
		{"long plan owner", s.SavePlanEdit(id, "AC-01", assessment.PlanEdit{Owner: strings.Repeat("o", assessment.MaxNameLength+1)})},
		{"long company", s.Rename(id, strings.Repeat("C", assessment.MaxNameLength+1))},
	}
	for _, tc := range bad {
		if !errors.Is(tc.err, ErrInvalidValue) {
			t.Errorf("%s = %v, want ErrInvalidValue", tc.name, tc.err)
		}
	}
	if !errors.Is(bad[0].err, assessment.ErrLimit) || !strings.Contains(bad[0].err.Error(), "snapshots: 2001 snapshots, at most 2000") {
		t.Errorf("one snapshot too many: %v, want a message with the count", bad[0].err)
	}
	got := mustGet(t, s, id)
	if len(got.History) != assessment.MaxSnapshots || len(got.Responses) != assessment.MaxResponses || got.Company != "Acme" || len(got.Answers)+len(got.Plan) != 0 {
		t.Errorf("refused changes were stored: %d snapshots, %d responses, %q, %d answers, %d plan rows",
			len(got.History), len(got.Responses), got.Company, len(got.Answers), len(got.Plan))
	}
	// an existing response can still be edited
	if _, err := s.SaveResponse(id, assessment.Response{ID: got.Responses[0].ID, Question: "AC-01", WhatHappened: "edited"}); err != nil {
		t.Errorf("editing a response at the limit: %v", err)
	}
}

// One batch may clear some answers and give others: all of it is applied.
func TestSaveAnswersClearsAndSetsTogether(t *testing.T) {
	s := newStore(t)
	first := genAnswers(20)
	id := mustCreate(t, s, &assessment.Assessment{Company: "Acme", Scope: assessment.Scope{ReportType: assessment.Type1}, Answers: first})
	batch := map[string]assessment.Answer{}
	for i := range 20 {
		if i%2 == 0 {
			batch[qid(i)] = assessment.Answer{} // clears it
		} else {
			batch[qid(i)] = assessment.Answer{Status: assessment.Missing, Notes: "changed"}
		}
	}
	if err := s.SaveAnswers(id, batch); err != nil {
		t.Fatal(err)
	}
	got := mustGet(t, reopen(t, s, Options{}), id).Answers
	for i := range 20 {
		a, ok := got[qid(i)]
		if i%2 == 0 && ok {
			t.Errorf("%s was cleared but is %+v", qid(i), a)
		}
		if i%2 == 1 && a.Notes != "changed" {
			t.Errorf("%s = %+v, want the new answer", qid(i), a)
		}
	}
}
