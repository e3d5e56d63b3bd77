package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestResponsesAdd adds a response to a likely exception and types the
// management response, saved as typed.
func TestResponsesAdd(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabResponses)
	r := w.responses
	before := len(h.get(w.s.a.ID).Responses)
	if len(r.pick.Options) == 0 {
		t.Fatal("no likely exceptions to respond to")
	}

	// Add without a choice says what to do.
	test.Tap(findButton(r.content, "Add response"))
	if !strings.Contains(h.overlayText(), "Pick a likely exception") {
		t.Errorf("Add with nothing chosen says:\n%s", h.overlayText())
	}
	h.dismissDialogs()

	label := r.pick.Options[0]
	qid := r.choices[label]
	r.pick.SetSelected(label)
	test.Tap(findButton(r.content, "Add response"))
	saved := h.get(w.s.a.ID).Responses
	if len(saved) != before+1 {
		t.Fatalf("%d responses stored, want %d", len(saved), before+1)
	}
	resp := saved[len(saved)-1]
	if resp.Question != qid || resp.WhatHappened == "" || !strings.HasPrefix(resp.ManagementResponse, "Management agrees with the exception") {
		t.Errorf("new response %+v: want question %s drafted (what happened, management response)", resp, qid)
	}
	if !r.form.Visible() || !strings.Contains(r.heading.Text, qid) {
		t.Fatalf("the form does not show the new response: %q", r.heading.Text)
	}
	if h.win.Canvas().Focused() != r.cause {
		t.Error("the root cause field does not have the focus")
	}

	h.typeRunes("No reminder was set.")
	r.mgmt.SetText("") // the user rewrites the drafted response
	h.typeInto(r.mgmt, "Management agrees. Reviews are now scheduled.")
	got := h.get(w.s.a.ID).Responses[len(saved)-1]
	if got.RootCause != "No reminder was set." || got.ManagementResponse != "Management agrees. Reviews are now scheduled." {
		t.Errorf("stored %+v", got)
	}
	if got.ID != resp.ID {
		t.Errorf("typing made a new response %s, want %s", got.ID, resp.ID)
	}

	// Another response selected shows its own text; back again shows ours.
	r.list.Select(0)
	if r.mgmt.Text == got.ManagementResponse && before > 0 {
		t.Error("the first response shows the new one's text")
	}
	r.list.Select(len(saved) - 1)
	if r.mgmt.Text != got.ManagementResponse {
		t.Errorf("the form shows %q", r.mgmt.Text)
	}

	// Delete, confirmed.
	test.Tap(r.deleteBtn)
	h.confirm()
	if n := len(h.get(w.s.a.ID).Responses); n != before {
		t.Errorf("%d responses after Delete, want %d", n, before)
	}
	if cur, ok := r.current(); ok && cur.ID == resp.ID {
		t.Error("the form still shows the deleted response")
	}
	if before > 0 && !r.form.Visible() {
		t.Error("with responses left, none is shown")
	}
}

// TestHistorySnapshotAndCompare: the sample's two snapshots are charted and
// compared with now; a snapshot on demand adds a point.
func TestHistorySnapshotAndCompare(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabHistory)
	hs := w.history
	if n := len(hs.chart.snaps); n != 2 {
		t.Fatalf("the chart has %d points, want the sample's 2", n)
	}
	if hs.to.Selected != "Now" || hs.from.Selected == "" {
		t.Errorf("comparing %q with %q, want the last snapshot with Now", hs.from.Selected, hs.to.Selected)
	}
	if hs.compare.Text == "" || strings.Contains(hs.compare.Text, "Take a snapshot") {
		t.Errorf("no comparison: %q", hs.compare.Text)
	}

	test.Tap(findButton(hs.content, "Take a snapshot now"))
	stored := h.get(w.s.a.ID).History
	if len(stored) != 3 {
		t.Fatalf("%d snapshots stored, want 3", len(stored))
	}
	if !stored[2].Taken.Equal(testNow) || stored[2].Label != "on demand" {
		t.Errorf("the new snapshot: %s %q", stored[2].Taken, stored[2].Label)
	}
	if n := len(hs.chart.snaps); n != 3 {
		t.Errorf("the chart has %d points after the snapshot, want 3", n)
	}
	if len(hs.from.Options) != 4 {
		t.Errorf("the pickers offer %d points, want 3 snapshots and Now", len(hs.from.Options))
	}

	// Compare the first snapshot with the second.
	hs.from.SetSelected(hs.labels[0])
	hs.to.SetSelected(hs.labels[1])
	want := strings.Fields(hs.compare.Text)
	if len(want) < 3 {
		t.Errorf("comparing two snapshots says %q", hs.compare.Text)
	}
	if !strings.Contains(strings.Join(texts(hs.chart), " "), "No snapshots") && len(texts(hs.chart)) < 3 {
		t.Error("the chart draws no values")
	}
}

// TestSettingsPersist: every setting is kept in the preferences at once.
func TestSettingsPersist(t *testing.T) {
	h := newHarness(t)
	prefs := h.fy.Preferences()
	for _, tt := range []struct{ choice, want string }{{"Dark", "dark"}, {"Light", "light"}, {"System", "system"}} {
		d := showSettings(h.u)
		d.theme.SetSelected(tt.choice)
		if got := prefs.String(prefTheme); got != tt.want {
			t.Errorf("theme %s stored as %q", tt.choice, got)
		}
		h.dismissDialogs()
	}

	d := showSettings(h.u)
	d.paper.SetSelected("US Letter")
	if got := prefs.String(prefPaper); got != "letter" {
		t.Errorf("paper stored as %q", got)
	}
	h.typeInto(d.consultant, "Jo Auditor LLP")
	if got := prefs.String(prefConsultant); got != "Jo Auditor LLP" {
		t.Errorf("consultant stored as %q", got)
	}
	test.Tap(d.workshop)
	if !prefs.Bool(prefWorkshop) {
		t.Error("workshop mode not stored")
	}
	h.dismissDialogs()

	// A new dialog shows what is stored; the plan and a new assessment use it.
	d = showSettings(h.u)
	if d.theme.Selected != "System" || d.paper.Selected != "US Letter" || d.consultant.Text != "Jo Auditor LLP" || !d.workshop.Checked {
		t.Errorf("the dialog shows %q %q %q %v", d.theme.Selected, d.paper.Selected, d.consultant.Text, d.workshop.Checked)
	}
	h.dismissDialogs()
	w := h.openSample(tabPlan)
	if w.plan.paper.Selected != "US Letter" {
		t.Errorf("the plan offers %q paper", w.plan.paper.Selected)
	}
	f := showNewAssessment(h.u)
	if f.preparedBy.Text != "Jo Auditor LLP" {
		t.Errorf("a new assessment is prepared by %q", f.preparedBy.Text)
	}
	if got, want := h.fy.Settings().Theme().Size(theme.SizeNameText), theme.DefaultTheme().Size(theme.SizeNameText)*workshopScale; got != want {
		t.Errorf("in workshop mode text is %.1f, want %.1f", got, want)
	}
	if !h.win.FullScreen() {
		t.Error("workshop mode is not full screen")
	}
}

// TestSettingsTheme: the theme setting is applied to the app.
func TestSettingsTheme(t *testing.T) {
	h := newHarness(t)
	d := showSettings(h.u)
	d.theme.SetSelected("Dark")
	th, ok := h.fy.Settings().Theme().(appTheme)
	if !ok || th.variant == nil || *th.variant != theme.VariantDark {
		t.Errorf("the theme is %T %+v, want the dark variant", h.fy.Settings().Theme(), th)
	}
}
