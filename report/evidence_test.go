package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"soc2ready/assessment"
	"soc2ready/assets"
)

func sampleForEvidence(t *testing.T) (*assessment.Bank, *assessment.Assessment) {
	t.Helper()
	b, err := assets.Bank()
	if err != nil {
		t.Fatal(err)
	}
	a, err := assessment.DecodeFile(assets.SampleAssessment, b)
	if err != nil {
		t.Fatal(err)
	}
	return b, a
}

var evidenceNow = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// TestBuildEvidence: every applicable control is requested once, from its
// owner, with the population to export and the sample the auditor picks.
func TestBuildEvidence(t *testing.T) {
	b, a := sampleForEvidence(t)
	list := BuildEvidence(b, a, evidenceNow)
	f := assessment.Score(b, a)
	seen := map[string]EvidenceRequest{}
	for i, o := range list.Owners {
		if i > 0 && list.Owners[i-1].Owner >= o.Owner {
			t.Errorf("owners not in order: %q before %q", list.Owners[i-1].Owner, o.Owner)
		}
		for _, r := range o.Requests {
			if _, dup := seen[r.ID]; dup {
				t.Errorf("%s requested twice", r.ID)
			}
			seen[r.ID] = r
			it, _ := f.Item(r.ID)
			want := it.Answer.Owner
			if want == "" {
				want = it.Question.Remediation.OwnerRole
			}
			if o.Owner != want {
				t.Errorf("%s is on %q's pages, want %q", r.ID, o.Owner, want)
			}
		}
	}
	if len(seen) != len(f.Items) || list.Requests != len(f.Items) {
		t.Errorf("%d requests (%d counted) for %d applicable controls", len(seen), list.Requests, len(f.Items))
	}
	tests := []struct{ id, population, sample, state string }{
		{"AC-08", "The complete list of leavers from 1 Apr 2027 to 1 Oct 2027, with dates (about 3).", "Likely 3 of 3 leavers.", ""},
		{"TP-08", "The complete list of people from 1 Apr 2027 to 1 Oct 2027 (about 35).", "Likely 4 of 35 people.", ""},
		{"AC-10", "", "Likely 2 of 2 quarters.", ""},
		{"RV-13", "", "—", "Control not in place: nothing to collect yet"},
	}
	for _, tt := range tests {
		r := seen[tt.id]
		if r.Population != tt.population || r.Sample != tt.sample || tt.state != "" && r.State != tt.state {
			t.Errorf("%s: population %q sample %q state %q, want %q %q %q", tt.id, r.Population, r.Sample, r.State, tt.population, tt.sample, tt.state)
		}
		if q, _ := b.Question(tt.id); r.Provide != q.Evidence {
			t.Errorf("%s asks for %q, want the bank's evidence text", tt.id, r.Provide)
		}
	}
}

// TestRenderEvidence: each owner's requests start on a page of their own,
// with a tick box and room to note where the evidence is kept.
func TestRenderEvidence(t *testing.T) {
	b, a := sampleForEvidence(t)
	list := BuildEvidence(b, a, evidenceNow)
	path := writePDF(t, "evidence", func(w io.Writer) error { return RenderEvidence(list, A4, w) })
	command(t, "qpdf", "--check", path)
	text := pages(t, path)
	if !strings.Contains(text[0], "Evidence request list") {
		t.Error("page 1 does not say what the document is")
	}
	for _, o := range list.Owners {
		found := false
		for _, pg := range text {
			if strings.Contains(squash(pg), squash("Requests for "+o.Owner)) {
				found = true
			}
		}
		if !found {
			t.Errorf("no page for %s", o.Owner)
		}
	}
	all := squash(strings.Join(text, " "))
	if got := strings.Count(all, "Kept at:"); got != list.Requests {
		t.Errorf("%d 'Kept at' lines for %d requests", got, list.Requests)
	}
	checkFonts(t, path)
	checkBounds(t, path, A4)
}

func TestEvidenceCSV(t *testing.T) {
	b, a := sampleForEvidence(t)
	list := BuildEvidence(b, a, evidenceNow)
	var buf bytes.Buffer
	if err := WriteEvidenceCSV(&buf, list); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != list.Requests+1 || rows[0][0] != "owner" || rows[0][9] != "reference" {
		t.Errorf("%d rows, header %v", len(rows), rows[0])
	}
}

// A collected request is ticked with its date and where it is kept, and no
// longer counts as missing for its owner.
func TestEvidenceCollected(t *testing.T) {
	b, a := sampleForEvidence(t)
	before := BuildEvidence(b, a, evidenceNow)
	a.Evidence = map[string]assessment.EvidenceRecord{"AC-08": {Collected: assessment.DateOf(evidenceNow), Reference: "https://drive.example/leavers.xlsx"}}
	after := BuildEvidence(b, a, evidenceNow)
	if after.Missing != before.Missing-1 {
		t.Errorf("missing %d → %d, want one fewer", before.Missing, after.Missing)
	}
	for _, o := range after.Owners {
		for _, r := range o.Requests {
			if r.ID == "AC-08" && (r.Collected != "2026-12-01" || r.Reference != "https://drive.example/leavers.xlsx") {
				t.Errorf("AC-08: %+v", r)
			}
		}
	}
	path := writePDF(t, "evidence-collected", func(w io.Writer) error { return RenderEvidence(after, A4, w) })
	if all := squash(strings.Join(pages(t, path), " ")); !strings.Contains(all, squash("Collected 2026-12-01, kept at https://drive.example/leavers.xlsx")) {
		t.Error("the PDF does not show where the collected evidence is kept")
	}
}

// Inside the observation period a lapse will be in the report: the pack
// drafts a management response for each one the company has not written,
// and never a second one beside a written response.
func TestBuildDraftsResponses(t *testing.T) {
	b := testBank(t)
	a := realistic(b)
	before := Build(b, a, time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
	for _, r := range before.Responses {
		if r.Draft {
			t.Fatalf("a draft before the period: %+v", r)
		}
	}
	m := Build(b, a, time.Date(2027, 5, 1, 9, 0, 0, 0, time.UTC))
	written := map[string]bool{}
	for _, r := range a.Responses {
		written[r.Question] = true
	}
	drafts := 0
	for _, r := range m.Responses {
		if !r.Draft {
			continue
		}
		drafts++
		id, _, _ := strings.Cut(r.Question, " ")
		if written[id] {
			t.Errorf("%s has a written response and a draft", id)
		}
		if !strings.HasPrefix(r.ManagementResponse, "Management agrees with the exception") || r.ImmediateSteps == "" || r.LongTermFix == "" {
			t.Errorf("draft for %s: %+v", id, r)
		}
	}
	if drafts == 0 {
		t.Error("no response drafted for the lapses inside the period")
	}
}

// With a list imported, the report has a mock-audit section: each control's
// sample as a tick-list, the failures counted; without one it has none.
func TestMockSection(t *testing.T) {
	b, a := sampleForEvidence(t)
	if Build(b, a, evidenceNow).Mock != nil {
		t.Fatal("a mock-audit section without a list")
	}
	l := assessment.PopulationList{}
	for i, d := range []string{"2027-04-15", "2027-05-21", "2027-07-09", "2027-08-23", "2027-09-30"} {
		l.Items = append(l.Items, assessment.ListItem{ID: fmt.Sprintf("p%d@x.test", i), Date: day(d)})
	}
	a.Lists = map[assessment.PopulationKind]assessment.PopulationList{assessment.Leavers: l}
	first := assessment.DrawSamples(b, a)[0]
	a.Mock.Results = map[string]map[string]assessment.SampleResult{first.Question.ID: {first.Items[0].ID: {Result: assessment.ResultFail, Note: "late"}}}
	m := Build(b, a, evidenceNow)
	if m.Mock == nil || len(m.Mock.Samples) == 0 || m.Mock.Failed != 1 || m.Mock.Samples[0].Items[0].Result != "Fail" {
		t.Fatalf("mock section %+v", m.Mock)
	}
	path := renderFile(t, "mock", m, A4, nil)
	if all := squash(strings.Join(pages(t, path), " ")); !strings.Contains(all, "Mock audit") || !strings.Contains(all, "1 failed") {
		t.Error("the PDF has no mock-audit section with its failures")
	}
}
