package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"soc2ready/report"
)

// TestPaperQuestionnaire prints the paper questionnaire on the paper size
// of the settings, and offers to open it.
func TestPaperQuestionnaire(t *testing.T) {
	for _, tt := range []struct {
		paper    string
		mediaBox string
	}{{"a4", "595.28 841.89"}, {"letter", "612.00 792.00"}} {
		t.Run(tt.paper, func(t *testing.T) {
			h := newHarness(t)
			h.fy.Preferences().SetString(prefPaper, tt.paper)
			w := h.openSample(tabQuestionnaire)
			path := filepath.Join(t.TempDir(), "paper.pdf")
			h.u.printQuestionnaireTo(w.s.copyAssessment(), path)
			h.wait()
			data, err := os.ReadFile(path)
			if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
				t.Fatalf("no PDF: %v\n%s", err, h.overlayText())
			}
			if !bytes.Contains(data, []byte(tt.mediaBox)) {
				t.Errorf("the PDF is not on %s paper", tt.paper)
			}
			if got := h.overlayText(); !strings.Contains(got, "Paper questionnaire written") {
				t.Errorf("no offer to open it:\n%s", got)
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

// TestPlanPaperIsTheSetting: the Plan tab's paper size is the setting the
// paper questionnaire uses.
func TestPlanPaperIsTheSetting(t *testing.T) {
	h := newHarness(t)
	w := h.openSample(tabPlan)
	w.plan.paper.SetSelected("US Letter")
	if got := paperSetting(h.fy); got != report.Letter {
		t.Errorf("the setting is %q", got)
	}
}
