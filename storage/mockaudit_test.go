package storage

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"soc2ready/assessment"
)

// TestListsAndMockAudit: an imported list, the seed and the sample results
// are each saved in one transaction, read back after reopening, survive an
// export and import, and bad values change nothing.
func TestListsAndMockAudit(t *testing.T) {
	path := filepath.Join(t.TempDir(), DBFileName)
	s := openStore(t, path, Options{Bank: testBank(t)})
	id := mustCreate(t, s, &assessment.Assessment{Company: "Mock Ltd", Scope: assessment.Scope{ReportType: assessment.Type2, PeriodStart: date("2027-01-01"), PeriodMonths: 6}})
	list := assessment.PopulationList{Source: "hr.csv", Items: []assessment.ListItem{{ID: "ana@acme.test", Date: date("2027-02-01")}, {ID: "bo@acme.test", Date: date("2027-03-15")}}}
	if err := s.SaveList(id, assessment.Leavers, list); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveMockSeed(id, 42); err != nil {
		t.Fatal(err)
	}
	pass := assessment.SampleResult{Result: assessment.ResultPass, Note: "ticket closed same day", Evidence: "https://it.example/T-1"}
	if err := s.SaveSampleResult(id, "AC-01", "ana@acme.test", pass); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSampleResult(id, "AC-01", "bo@acme.test", assessment.SampleResult{Result: assessment.ResultFail}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSampleResult(id, "AC-01", "bo@acme.test", assessment.SampleResult{}); err != nil {
		t.Fatal(err) // cleared again
	}
	for name, err := range map[string]error{
		"unknown population": s.SaveList(id, "cats", list),
		"bad result":         s.SaveSampleResult(id, "AC-01", "ana@acme.test", assessment.SampleResult{Result: "maybe"}),
		"bad question":       s.SaveSampleResult(id, "", "ana@acme.test", pass),
	} {
		if !errors.Is(err, ErrInvalidValue) {
			t.Errorf("%s: %v, want ErrInvalidValue", name, err)
		}
	}
	closeStore(t, s)
	s = openStore(t, path, Options{Bank: testBank(t)})
	a := mustGet(t, s, id)
	if !reflect.DeepEqual(a.Lists[assessment.Leavers].Items, list.Items) || a.Lists[assessment.Leavers].Source != "hr.csv" {
		t.Errorf("list read back as %+v", a.Lists)
	}
	got := a.Mock.Results["AC-01"]
	if a.Mock.Seed != 42 || len(got) != 1 || got["ana@acme.test"].Note != pass.Note || got["ana@acme.test"].Recorded.IsZero() {
		t.Errorf("mock audit read back as %+v", a.Mock)
	}
	data, err := s.Export(id)
	if err != nil {
		t.Fatal(err)
	}
	id2, err := s.Import(data, testBank(t))
	if err != nil {
		t.Fatal(err)
	}
	b := mustGet(t, s, id2)
	if !reflect.DeepEqual(b.Lists, a.Lists) || !reflect.DeepEqual(b.Mock, a.Mock) {
		t.Errorf("an export and import lost the lists or the mock audit: %+v %+v", b.Lists, b.Mock)
	}
}
