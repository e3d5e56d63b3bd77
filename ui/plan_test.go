package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"soc2ready/assessment"
	"soc2ready/report"
)

// TestPlanEditInPlace: owner, target date and status typed into a row are
// saved as typed, and the row keeps what is typed (spaces, an emptied field).
func TestPlanEditInPlace(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabPlan)
	p := w.plan
	if len(p.plan.Actions) == 0 {
		t.Fatal("the sample has an empty plan")
	}
	act := p.plan.Actions[0]
	id := act.Question.ID
	row := p.rowOf(id)
	if row == nil {
		t.Fatalf("the row of %s is not on screen", id)
	}
	saved := func() assessment.PlanEdit { return h.get(w.s.a.ID).Plan[id] }

	// Replace the owner: select all, delete, type a name with a space.
	h.clear(row.owner)
	if got := saved().Owner; got != "" {
		t.Errorf("the emptied owner saved as %q", got)
	}
	if row.owner.Text != "" {
		t.Errorf("the emptied field was refilled with %q", row.owner.Text)
	}
	h.typeRunes("Ana Lopez")
	if got := saved().Owner; got != "Ana Lopez" {
		t.Errorf("owner saved as %q", got)
	}
	if row.owner.Text != "Ana Lopez" {
		t.Errorf("the field shows %q while typing", row.owner.Text)
	}

	h.clear(row.due)
	h.typeRunes("2027-02-2")
	if got := saved().Due; !got.IsZero() {
		t.Errorf("a half-typed date was saved: %s", got)
	}
	h.typeRunes("8")
	if got := saved().Due.String(); got != "2027-02-28" {
		t.Errorf("due saved as %q", got)
	}
	h.key(fyne.KeyEscape)

	row.status.SetSelected("In progress")
	if got := saved().Status; got != assessment.PlanInProgress {
		t.Errorf("status saved as %q", got)
	}
	if got := saved().Owner; got != "Ana Lopez" {
		t.Errorf("changing the status lost the owner: %q", got)
	}

	// The plan shown and the next export use the edit.
	p.refresh()
	if got := p.plan.Actions[0]; got.Owner != "Ana Lopez" || got.Status != assessment.PlanInProgress || got.Due.String() != "2027-02-28" {
		t.Errorf("the plan shows %q %q %s", got.Owner, got.Status, got.Due)
	}
	if row := p.rowOf(id); row == nil || row.owner.Text != "Ana Lopez" || row.status.Selected != "In progress" {
		t.Error("the row does not show the edit after a refresh")
	}
	if !strings.Contains(p.summary.Text, "gaps to close") {
		t.Errorf("summary = %q", p.summary.Text)
	}
}

// TestPlanExport writes the PDF report and the CSV to a chosen path.
func TestPlanExport(t *testing.T) {
	tests := []struct {
		name   string
		export func(p *planScreen, path string)
		file   string
		check  func(t *testing.T, data []byte)
	}{
		{"PDF on A4", (*planScreen).exportPDFTo, "report.pdf", func(t *testing.T, data []byte) {
			if !bytes.HasPrefix(data, []byte("%PDF")) {
				t.Errorf("the file starts with %q", data[:min(len(data), 8)])
			}
		}},
		{"CSV", (*planScreen).exportCSVTo, "plan.csv", func(t *testing.T, data []byte) {
			header := strings.Join(report.PlanCSVHeader, ",")
			if !strings.HasPrefix(string(data), header+"\n") {
				t.Errorf("the CSV starts with %q", strings.SplitN(string(data), "\n", 2)[0])
			}
			if n := strings.Count(string(data), "\n"); n < 5 {
				t.Errorf("the CSV has %d lines", n)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			w := h.openSample(tabPlan)
			path := filepath.Join(t.TempDir(), tt.file)
			tt.export(w.plan, path)
			h.wait()
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("no file written: %v\n%s", err, h.overlayText())
			}
			if len(data) == 0 {
				t.Fatal("the file is empty")
			}
			tt.check(t, data)
			if got := h.overlayText(); !strings.Contains(got, "Saved to\n"+path) {
				t.Errorf("no offer to open the file:\n%s", got)
			}
			opened := ""
			h.u.opts.Opener = func(p string) error { opened = p; return nil }
			h.overlayButton("Open it").OnTapped()
			if opened != path {
				t.Errorf("Open it opened %q", opened)
			}
		})
	}
}

// TestPlanExportFails: a path that cannot be written shows an error in
// plain words and leaves nothing behind.
func TestPlanExportFails(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, "a-file", []byte("x"))
	tests := []struct {
		name, path, want string
	}{
		{"missing folder", filepath.Join(dir, "no-such-folder", "report.pdf"), "does not exist"},
		{"a file as folder", filepath.Join(file, "report.pdf"), "not a folder"},
		{"a folder as file", dir, "it is a folder"},
	}
	for _, tt := range tests {
		for _, csv := range []bool{false, true} {
			name := tt.name + map[bool]string{false: " (PDF)", true: " (CSV)"}[csv]
			t.Run(name, func(t *testing.T) {
				h := newHarness(t)
				w := h.openSample(tabPlan)
				before, _ := os.ReadDir(dir)
				if csv {
					w.plan.exportCSVTo(tt.path)
				} else {
					w.plan.exportPDFTo(tt.path)
				}
				h.wait()
				got := h.overlayText()
				if !strings.Contains(got, "failed") || !strings.Contains(got, tt.want) {
					t.Errorf("the error dialog says:\n%s\nwant it to say %q", got, tt.want)
				}
				if info, err := os.Stat(tt.path); err == nil && !info.IsDir() {
					t.Error("a file was written")
				}
				after, _ := os.ReadDir(dir)
				if len(after) != len(before) {
					t.Errorf("the folder had %d entries, now %d", len(before), len(after))
				}
			})
		}
	}
}

// TestPlanSummary: the counts line says what is left by kind, and where
// the deadline stands.
func TestPlanSummary(t *testing.T) {
	act := func(kind assessment.ActionKind, status assessment.PlanStatus) assessment.Action {
		return assessment.Action{Kind: kind, Status: status}
	}
	today := date(t, "2026-12-01")
	type2 := assessment.Scope{ReportType: assessment.Type2}
	type1 := assessment.Scope{ReportType: assessment.Type1}
	tests := []struct {
		name  string
		plan  assessment.Plan
		scope assessment.Scope
		want  string
	}{
		{"nothing", assessment.Plan{}, type2, "Nothing left to do · no audit date set"},
		{"one of each", assessment.Plan{Deadline: date(t, "2027-04-01"), Actions: []assessment.Action{
			act(assessment.KindRemediate, assessment.PlanTodo), act(assessment.KindAnswer, assessment.PlanTodo), act(assessment.KindRespond, assessment.PlanInProgress),
		}}, type2, "1 gap to close, 1 question to answer, 1 management response to write · controls operating by 2027-04-01"},
		{"some done", assessment.Plan{Actions: []assessment.Action{
			act(assessment.KindRemediate, assessment.PlanTodo), act(assessment.KindRemediate, assessment.PlanTodo), act(assessment.KindRemediate, assessment.PlanDone),
			act(assessment.KindRespond, assessment.PlanTodo), act(assessment.KindRespond, assessment.PlanTodo),
		}}, type2, "2 gaps to close, 2 management responses to write · 1 done · no audit date set"},
		{"all done", assessment.Plan{Actions: []assessment.Action{act(assessment.KindAnswer, assessment.PlanDone)}}, type2, "Nothing left to do · 1 done · no audit date set"},
		{"in the period", assessment.Plan{Deadline: date(t, "2026-12-01")}, type2, "Nothing left to do · observation period under way since 2026-12-01"},
		{"on the audit date", assessment.Plan{Deadline: date(t, "2026-12-01")}, type1, "Nothing left to do · controls operating by 2026-12-01"},
		{"after the audit date", assessment.Plan{Deadline: date(t, "2026-11-30")}, type1, "Nothing left to do · the audit date 2026-11-30 has passed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := planSummary(tt.plan, tt.scope, today); got != tt.want {
				t.Errorf("planSummary = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPlanRowKinds: inside the period a lapse reads as a management
// response, never late; unanswered and unfinished answers ask for the answer
// and have no effort to plan.
func TestPlanRowKinds(t *testing.T) {
	inPeriod := time.Date(2027, time.June, 15, 9, 0, 0, 0, time.UTC) // the period starts 2027-04-01
	h := newHarnessWith(t, filepath.Join(t.TempDir(), "test.db"), func(o *Options) { o.Now = func() time.Time { return inPeriod } })
	id := h.create("Lapse Ltd")
	err := h.store().SaveAnswers(id, map[string]assessment.Answer{
		"AC-06": {Status: assessment.Implemented, Evidence: assessment.EvidenceComplete, Consistency: assessment.Rarely},
		"AC-10": {Status: assessment.Implemented}, // unfinished: no evidence
	})
	if err != nil {
		t.Fatal(err)
	}
	h.u.OpenAssessment(id, tabPlan)
	p := h.u.workspace.plan
	tests := []struct {
		question, kind, action, effort string
	}{
		{"AC-06", string(assessment.KindRespond), "Prepare a management response: ", "S"},
		{"AC-10", string(assessment.KindAnswer), "Finish the answer: ", "–"},
		{"AC-01", string(assessment.KindAnswer), "Answer this first: ", "–"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			i := slices.IndexFunc(p.plan.Actions, func(a assessment.Action) bool { return a.Question.ID == tt.question })
			if i < 0 {
				t.Fatalf("no action for %s", tt.question)
			}
			if got := string(p.plan.Actions[i].Kind); got != tt.kind {
				t.Errorf("kind %s, want %s", got, tt.kind)
			}
			p.list.ScrollTo(i)
			row := p.rowOf(tt.question)
			if row == nil {
				t.Fatalf("the row of %s is not on screen", tt.question)
			}
			if !strings.HasPrefix(row.action.Text, tt.action) || row.effort.Text != tt.effort {
				t.Errorf("the row reads %q, effort %q; want %q…, effort %q", row.action.Text, row.effort.Text, tt.action, tt.effort)
			}
		})
	}
	if !strings.Contains(p.summary.Text, "1 management response to write") {
		t.Errorf("summary = %q", p.summary.Text)
	}
}

// TestPlanActionText: a late remediation is marked; a management response
// or a question to answer never is.
func TestPlanActionText(t *testing.T) {
	tests := []struct {
		kind assessment.ActionKind
		want string
	}{
		{assessment.KindRemediate, "⚠ Fix it"},
		{assessment.KindAnswer, "Fix it"},
		{assessment.KindRespond, "Fix it"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			if got := planActionText(assessment.Action{Kind: tt.kind, Late: true, Action: "Fix it"}); got != tt.want {
				t.Errorf("a late %s action reads %q, want %q", tt.kind, got, tt.want)
			}
		})
	}
}
