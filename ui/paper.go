package ui

import (
	"io"

	"soc2ready/assessment"
	"soc2ready/report"
	"soc2ready/storage"
)

// The paper questionnaire: the questions in scope with tick boxes and room
// for notes, for workshops without a laptop per person. Each question shows
// its ID so that answers are typed back fast. It is printed on the paper
// size chosen in Settings (or on the Plan tab), for the assessment open,
// else the one selected on Home.

// printQuestionnaire asks where to write the paper questionnaire.
func (u *App) printQuestionnaire() {
	a, ok := u.targetAssessment("Cannot print the questionnaire")
	if !ok {
		return
	}
	saveDialog(u, fileSafe(a.Company)+" paper questionnaire.pdf", ".pdf", func(path string) { u.printQuestionnaireTo(a, path) })
}

// printQuestionnaireTo renders a's paper questionnaire to path off the UI
// goroutine, and offers to open it.
func (u *App) printQuestionnaireTo(a *assessment.Assessment, path string) {
	u.preparedBy(a)
	bank, paper, now := u.bank, paperSetting(u.fy), u.opts.Now()
	u.runLong("Writing the paper questionnaire…", func() error {
		return storage.WriteFileAtomic(path, func(w io.Writer) error { return report.RenderQuestionnaire(bank, a, paper, now, w) })
	}, func() { u.offerToOpen("Paper questionnaire written", path) })
}
