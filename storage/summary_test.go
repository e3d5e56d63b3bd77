package storage

import (
	"testing"

	"go.etcd.io/bbolt"

	"soc2ready/assessment"
)

// The list shows the score of the answers given, whatever changed after
// them: a rename after an answer keeps the summary stale until List
// rescores it, so the list never shows the score from before the answer.
func TestListScoresAnswersFollowedByOtherChanges(t *testing.T) {
	bank := testBank(t)
	later := []struct {
		name   string
		change func(s *Store, id string) error
	}{
		{"rename", func(s *Store, id string) error { return s.Rename(id, "Renamed Ltd") }},
		{"plan edit", func(s *Store, id string) error {
			return s.SavePlanEdit(id, "AC-01", assessment.PlanEdit{Owner: "Dana"})
		}},
		{"response", func(s *Store, id string) error {
			_, err := s.SaveResponse(id, assessment.Response{Question: "AC-01", WhatHappened: "x"})
			return err
		}},
	}
	for _, tt := range later {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			id := mustCreate(t, s, &assessment.Assessment{Company: "Acme", Scope: assessment.Scope{ReportType: assessment.Type1}})
			before := mustList(t, s)[0] // caches the score of no answers
			if err := s.SaveAnswer(id, "AC-01", assessment.Answer{Status: assessment.Implemented, Evidence: assessment.EvidenceComplete}); err != nil {
				t.Fatal(err)
			}
			if err := tt.change(s, id); err != nil {
				t.Fatal(err)
			}
			got := mustList(t, s)[0]
			want := assessment.Score(bank, mustGet(t, s, id))
			if got.Answered != 1 || got.Answered != want.Answered || got.Readiness != want.Readiness || got.Readiness == before.Readiness {
				t.Errorf("after the answer and a %s the list shows %d answered, readiness %v; want %d, %v (before: %v)",
					tt.name, got.Answered, got.Readiness, want.Answered, want.Readiness, before.Readiness)
			}
		})
	}
}

// A change that cannot move the score leaves the cached score as it is: a
// rename after List does not make the next List score the assessment again.
func TestRenameKeepsTheCachedScore(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, fullAssessment())
	mustList(t, s)
	if err := s.Rename(id, "Renamed Ltd"); err != nil {
		t.Fatal(err)
	}
	if rec := summaryOf(t, s, id); rec.Stale || rec.Company != "Renamed Ltd" {
		t.Errorf("summary after Rename = %+v, want the new name and the cached score (not stale)", rec)
	}
}

// A damaged summary row is rebuilt by the next change and the next List,
// not carried along.
func TestDamagedSummaryRowIsRebuilt(t *testing.T) {
	bank := testBank(t)
	s := newStore(t)
	id := mustCreate(t, s, fullAssessment())
	if err := s.db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketSummaries).Put([]byte(id), []byte(`{"company": 42, "answered": 999`))
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Rename(id, "Renamed Ltd"); err != nil {
		t.Fatal(err)
	}
	if rec := summaryOf(t, s, id); !rec.Stale || rec.Company != "Renamed Ltd" {
		t.Errorf("summary after a change = %+v, want the header's fields, marked for rescoring", rec)
	}
	got := mustList(t, s)[0]
	want := assessment.Score(bank, mustGet(t, s, id))
	if got.Company != "Renamed Ltd" || got.Answered != want.Answered || got.Readiness != want.Readiness {
		t.Errorf("List = %+v, want Renamed Ltd with %d answered, readiness %v", got, want.Answered, want.Readiness)
	}
}

// Delete moves the summary row to the trash with the assessment (no orphan
// row is left behind, and the trash lists what the list showed); Restore
// brings it back as it was, so the list shows the score cached with the
// bank even where no bank is loaded to score it again.
func TestDeleteAndRestoreMoveTheSummary(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, fullAssessment())
	listed := mustList(t, s)[0]
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		if tx.Bucket(bucketSummaries).Get([]byte(id)) != nil {
			t.Error("Delete left the summary row behind")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	trash, err := s.Trash()
	if err != nil || len(trash) != 1 {
		t.Fatalf("Trash = %+v, %v", trash, err)
	}
	if got := trash[0]; got.Answered != listed.Answered || got.Applicable != listed.Applicable || got.Readiness != listed.Readiness {
		t.Errorf("the trash shows %+v, want what the list showed: %+v", got, listed)
	}

	s = reopen(t, s, Options{}) // no bank: nothing can be scored again
	if err := s.Restore(id); err != nil {
		t.Fatal(err)
	}
	got := mustList(t, s)[0]
	if got.Answered != listed.Answered || got.Applicable != listed.Applicable || got.Readiness != listed.Readiness {
		t.Errorf("after Restore the list shows %+v, want the cached score %+v", got, listed)
	}
}

// A fresh summary is shown as cached, not scored again: the list of many
// assessments costs one small read each. (The cached readiness is changed
// behind the store's back to see which one List shows.)
func TestListShowsTheCachedScore(t *testing.T) {
	s := newStore(t)
	id := mustCreate(t, s, fullAssessment())
	mustList(t, s)
	rec := summaryOf(t, s, id)
	rec.Readiness = 12.5
	if err := s.db.Update(func(tx *bbolt.Tx) error { return putJSON(tx.Bucket(bucketSummaries), []byte(id), rec) }); err != nil {
		t.Fatal(err)
	}
	if got := mustList(t, s)[0]; got.Readiness != 12.5 {
		t.Errorf("List shows readiness %v, want the cached 12.5", got.Readiness)
	}
}

// List stores every score it computed, and a List that computed nothing
// writes nothing to the file.
func TestListStoresScoresAndOnlyThen(t *testing.T) {
	s := newStore(t)
	ids := []string{mustCreate(t, s, fullAssessment()), mustCreate(t, s, fullAssessment()), mustCreate(t, s, fullAssessment())}
	for _, id := range ids {
		if err := s.SaveAnswer(id, "AC-02", assessment.Answer{Status: assessment.Missing}); err != nil {
			t.Fatal(err)
		}
	}
	mustList(t, s)
	for _, id := range ids {
		if rec := summaryOf(t, s, id); rec.Stale {
			t.Errorf("after List the summary of %s is still stale", id)
		}
	}
	before := freeze(t, s.Path())
	mustList(t, s)
	assertUnchanged(t, s.Path(), before)
}
