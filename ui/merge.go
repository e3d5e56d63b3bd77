package ui

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"soc2ready/assessment"
)

// mergeScreen combines the files that several people answering one
// company's assessment exported on their own laptops. First the files are
// added one by one; Merge then keeps, per question, the most recently
// changed answer (assessment.Merge), and lists every question the files
// answer differently, both versions side by side, for the user to choose.
// Confirm adds the result as a new assessment. The files are never changed.
type mergeScreen struct {
	u       *App
	content fyne.CanvasObject

	files    []mergeFile
	rows     *fyne.Container // the files added
	mergeBtn *widget.Button
	status   *widget.Label

	// After Merge: the result, and the conflicts to settle.
	merged    *assessment.Assessment
	conflicts []*conflictChoice
	confirm   *widget.Button
}

// mergeFile is a file added to the merge, read and checked.
type mergeFile struct {
	path string
	a    *assessment.Assessment
}

// conflictChoice is one question (or the scope) the files disagree on:
// every file's version, the one Merge kept (the newest), and the one the
// user keeps.
type conflictChoice struct {
	kind     assessment.ConflictKind
	question string
	versions []assessment.Version // one per file, in the order of the files
	differs  []string             // the fields that differ, named as in the file
	kept     int                  // the file Merge kept
	chosen   int                  // the file the user keeps
	buttons  map[int]*widget.Button
}

// mergeIntro explains the merge before any file is added.
const mergeIntro = "When several people answer one company's assessment on their own laptops, each exports a file " +
	"(Export… on the list of assessments) and you merge the files here. For every question the most recently changed answer is kept; " +
	"where the files answer a question differently you see both answers and choose. The files are not changed: the result is added as a new assessment."

// showMerge shows the merge screen with no file added yet.
func showMerge(u *App) *mergeScreen {
	if u.store == nil {
		u.showError("Cannot merge files", u.dbErr)
		return nil
	}
	u.leaveWorkspace()
	m := &mergeScreen{u: u}
	u.merge = m
	u.win.SetTitle("Merge files — " + WindowTitle)
	m.showFiles()
	u.refreshMenu()
	return m
}

// showFiles is the first step: the files to merge.
func (m *mergeScreen) showFiles() {
	m.merged, m.conflicts, m.confirm = nil, nil, nil
	heading := widget.NewLabelWithStyle("Merge files", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	intro := widget.NewLabel(mergeIntro)
	intro.Wrapping = fyne.TextWrapWord
	m.rows = container.NewVBox()
	add := widget.NewButtonWithIcon("Add a file…", theme.ContentAddIcon(), m.chooseFile)
	m.status = widget.NewLabel("")
	m.status.Truncation = fyne.TextTruncateEllipsis
	m.mergeBtn = widget.NewButtonWithIcon("Merge", theme.ConfirmIcon(), m.merge)
	m.mergeBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", m.u.ShowHome)
	body := container.NewVBox(heading, intro, widget.NewSeparator(), m.rows, container.NewHBox(add))
	buttons := container.NewBorder(nil, nil, nil, container.NewHBox(cancel, m.mergeBtn), m.status)
	m.content = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), container.NewPadded(buttons)), nil, nil,
		container.NewVScroll(container.NewPadded(body)))
	m.showRows()
	m.u.setContent(m.content)
}

// showRows lists the files added, each with a Remove button.
func (m *mergeScreen) showRows() {
	m.rows.Objects = nil
	if len(m.files) == 0 {
		m.rows.Add(newHint("No files yet. Add two or more, one at a time.", fyne.TextAlignLeading))
	}
	names := m.names()
	for i, f := range m.files {
		name := widget.NewLabelWithStyle(names[i], fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Truncation = fyne.TextTruncateEllipsis
		details := widget.NewLabel(fileDetails(f.a))
		details.Truncation = fyne.TextTruncateEllipsis
		details.SizeName = theme.SizeNameCaptionText
		remove := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { m.remove(i) })
		m.rows.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), container.NewCenter(remove),
			newTightVBox(name, details)))
	}
	m.rows.Refresh()
	switch n := len(m.files); {
	case n == 0:
		m.mergeBtn.Disable()
		m.status.SetText("Add at least two files to merge.")
	case n == 1:
		m.mergeBtn.Disable()
		m.status.SetText("1 file added: add at least one more to merge.")
	default:
		m.mergeBtn.Enable()
		m.status.SetText(fmt.Sprintf("%d files added.", n))
	}
}

// fileDetails says what a file holds: the company, how much is answered
// and when it last changed.
func fileDetails(a *assessment.Assessment) string {
	n := 0
	for _, ans := range a.Answers {
		if ans.Answered() {
			n++
		}
	}
	s := fmt.Sprintf("%s · %s", a.Company, plural(n, "answer", "answers"))
	if !a.Updated.IsZero() {
		s += " · updated " + when(a.Updated)
	}
	return s
}

// names are the files' names for people: the base name, or the whole path
// where two share a base name.
func (m *mergeScreen) names() []string {
	count := map[string]int{}
	for _, f := range m.files {
		count[filepath.Base(f.path)]++
	}
	out := make([]string, len(m.files))
	for i, f := range m.files {
		out[i] = filepath.Base(f.path)
		if count[out[i]] > 1 {
			out[i] = f.path
		}
	}
	return out
}

// chooseFile asks for an exported file to add.
func (m *mergeScreen) chooseFile() {
	openDialog(m.u, []string{".json"}, func(path string) { m.addPath(path) })
}

// addPath reads and checks a file off the UI goroutine and adds it to the
// list. A file that cannot be read (or was made with another question bank)
// is refused, saying why.
func (m *mergeScreen) addPath(path string) {
	for _, f := range m.files {
		if f.path == path {
			dialog.ShowInformation("Already added", filepath.Base(path)+" is already in the list.", m.u.win)
			return
		}
	}
	bank := m.u.bank
	var a *assessment.Assessment
	m.u.runLong("Reading the file…", func() error {
		data, err := readLimited(path)
		if err != nil {
			return err
		}
		a, err = assessment.DecodeFile(data, bank)
		return err
	}, func() {
		if m.u.merge != m {
			return // the screen was left meanwhile
		}
		m.files = append(m.files, mergeFile{path: path, a: a})
		m.showRows()
	})
}

// remove takes file i off the list.
func (m *mergeScreen) remove(i int) {
	if i < len(m.files) {
		m.files = slices.Delete(m.files, i, i+1)
		m.showRows()
	}
}

// merge merges the files. A refused merge (files of different companies,
// or banks) says why and changes nothing; otherwise the conflicts are shown.
func (m *mergeScreen) merge() {
	if len(m.files) < 2 {
		return
	}
	files := make([]*assessment.Assessment, len(m.files))
	for i, f := range m.files {
		files[i] = f.a
	}
	merged, conflicts, err := assessment.Merge(m.u.bank, files...)
	if refused := (*assessment.MergeError)(nil); errors.As(err, &refused) {
		names := m.names()
		m.u.showErrorText("These files cannot be merged", fmt.Sprintf(
			"%s and %s cannot be merged: %s.\n\nOnly files exported from one company's assessment, made with the same question bank, can be merged. "+
				"Remove one of the two from the list. Nothing was changed.", names[refused.A], names[refused.B], refused.Reason))
		return
	}
	if err != nil {
		m.u.showError("These files cannot be merged", err)
		return
	}
	m.merged = merged
	m.conflicts = groupConflicts(conflicts)
	m.showReview()
}

// groupConflicts turns Merge's conflicts, each between one file and the
// kept version, into one choice per question (and one for the scope) with
// every file's differing version.
func groupConflicts(conflicts []assessment.Conflict) []*conflictChoice {
	var out []*conflictChoice
	at := map[string]*conflictChoice{}
	for _, c := range conflicts {
		key := string(c.Kind) + "\x00" + c.Question
		g := at[key]
		if g == nil {
			g = &conflictChoice{kind: c.Kind, question: c.Question, kept: c.Kept, chosen: c.Kept}
			at[key] = g
			out = append(out, g)
		}
		for _, v := range c.Versions {
			if !slices.ContainsFunc(g.versions, func(x assessment.Version) bool { return x.File == v.File }) {
				g.versions = append(g.versions, v)
			}
		}
		for _, d := range c.Differs {
			if !slices.Contains(g.differs, d) {
				g.differs = append(g.differs, d)
			}
		}
	}
	for _, g := range out {
		slices.SortFunc(g.versions, func(x, y assessment.Version) int { return x.File - y.File })
	}
	return out
}

// showReview is the second step: the result, and every conflict to settle.
func (m *mergeScreen) showReview() {
	a := m.merged
	heading := widget.NewLabelWithStyle("Review the merge", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	answered := 0
	for _, ans := range a.Answers {
		if ans.Answered() {
			answered++
		}
	}
	summary := fmt.Sprintf("%d files of %s merged: %s.", len(m.files), a.Company, plural(answered, "answer", "answers"))
	if len(m.conflicts) == 0 {
		summary += " No conflicts: the files never answer a question differently."
	} else {
		summary += fmt.Sprintf(" The files disagree on %s. For each, the most recently changed version is kept unless you choose another.",
			plural(len(m.conflicts), "point", "points"))
	}
	intro := widget.NewLabel(summary)
	intro.Wrapping = fyne.TextWrapWord
	cards := container.NewVBox()
	names := m.names()
	for _, c := range m.conflicts {
		cards.Add(m.conflictCard(c, names))
	}
	top := container.NewVBox(heading, intro)
	if len(m.conflicts) > 0 {
		newest := widget.NewButtonWithIcon("Keep the newest everywhere", theme.ViewRefreshIcon(), m.keepNewest)
		top.Add(container.NewHBox(newest))
	}
	top.Add(widget.NewSeparator())
	back := widget.NewButtonWithIcon("Back to the files", theme.NavigateBackIcon(), m.backToFiles)
	cancel := widget.NewButton("Cancel", m.u.ShowHome)
	m.confirm = widget.NewButtonWithIcon("Add the merged assessment", theme.ConfirmIcon(), m.confirmMerge)
	m.confirm.Importance = widget.HighImportance
	buttons := container.NewHBox(back, layout.NewSpacer(), cancel, m.confirm)
	m.content = container.NewBorder(container.NewPadded(top), container.NewVBox(widget.NewSeparator(), container.NewPadded(buttons)), nil, nil,
		container.NewVScroll(container.NewPadded(cards)))
	m.u.setContent(m.content)
}

// backToFiles goes back to the list of files, as it was.
func (m *mergeScreen) backToFiles() {
	m.showFiles()
}

// conflictCard shows one conflict: what it is about, then each file's
// version side by side with when it changed and a button to keep it.
func (m *mergeScreen) conflictCard(c *conflictChoice, names []string) fyne.CanvasObject {
	title := "Scope: the audit the assessment prepares for"
	if c.kind == assessment.AnswerConflict {
		title = c.question
		if q, ok := m.u.bank.Question(c.question); ok {
			title += " · " + q.Title
		}
	}
	head := bold(title)
	head.Wrapping = fyne.TextWrapWord
	var differs fyne.CanvasObject = layout.NewSpacer()
	if len(c.differs) > 0 {
		d := newHint("differs in "+strings.Join(fieldNames(c.differs), ", "), fyne.TextAlignTrailing)
		differs = d
	}
	c.buttons = map[int]*widget.Button{}
	var panels []fyne.CanvasObject
	var weights []float32
	for _, v := range c.versions {
		file := v.File
		name := bold(names[file])
		name.Truncation = fyne.TextTruncateEllipsis
		changed := "changed " + when(v.Changed)
		if c.kind == assessment.ScopeConflict {
			changed = "file updated " + when(v.Changed)
		}
		if file == c.kept {
			changed += " · newest"
		}
		whenLabel := widget.NewLabel(changed)
		whenLabel.Truncation = fyne.TextTruncateEllipsis
		values := widget.NewRichText(versionSegments(c, v)...)
		values.Wrapping = fyne.TextWrapWord
		keep := widget.NewButton("", func() { m.choose(c, file) })
		c.buttons[file] = keep
		panels = append(panels, container.NewBorder(newTightVBox(name, whenLabel), container.NewHBox(keep), nil, nil, values))
		weights = append(weights, 1)
	}
	m.showChoice(c)
	return container.NewVBox(
		newWeightedRow([]float32{2, 1}, head, differs),
		newWeightedRow(weights, panels...),
		widget.NewSeparator(),
	)
}

// fieldNames names answer fields for people.
func fieldNames(fields []string) []string {
	words := map[string]string{"evidence": "proof", "na_reason": "reason not applicable", "due": "due date", "flag": "unsure"}
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f
		if w, ok := words[f]; ok {
			out[i] = w
		}
	}
	return out
}

// versionSegments are one version's values, a line each, the differing
// ones in bold.
func versionSegments(c *conflictChoice, v assessment.Version) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	line := func(field, label, value string) {
		style := widget.RichTextStyleParagraph // a line each
		style.TextStyle.Bold = slices.Contains(c.differs, field)
		if value == "" {
			value = "–"
		}
		segs = append(segs, &widget.TextSegment{Text: label + ": " + value, Style: style})
	}
	if c.kind == assessment.ScopeConflict {
		line("", "Report", scopeSummary(v.Scope))
		var cats []string
		for _, cat := range assessment.Categories {
			if v.Scope.InScope(cat) {
				cats = append(cats, string(cat))
			}
		}
		line("", "Categories", strings.Join(cats, ", "))
		return segs
	}
	a := v.Answer
	line("status", "Status", statusWords[a.Status])
	line("evidence", "Proof", evidenceWords[a.Evidence])
	line("consistency", "Consistency", consistencyWords[a.Consistency])
	if a.Status == assessment.NotApplicable || slices.Contains(c.differs, "na_reason") {
		line("na_reason", "Why not applicable", a.NAReason)
	}
	line("owner", "Owner", a.Owner)
	if !a.Due.IsZero() || slices.Contains(c.differs, "due") {
		line("due", "Due", a.Due.String())
	}
	line("notes", "Notes", a.Notes)
	if a.Flag || slices.Contains(c.differs, "flag") {
		line("flag", "Unsure", map[bool]string{true: "yes", false: "no"}[a.Flag])
	}
	return segs
}

// The answers' values in the questionnaire's words.
var (
	statusWords = map[assessment.Status]string{
		assessment.Implemented: "Yes", assessment.Partial: "Partly", assessment.Planned: "Planned",
		assessment.Missing: "No", assessment.NotApplicable: "Not applicable",
	}
	evidenceWords = map[assessment.EvidenceLevel]string{
		assessment.EvidenceComplete: "Yes, all of it", assessment.EvidencePartial: "Some of it", assessment.EvidenceNone: "No proof",
	}
	consistencyWords = map[assessment.Consistency]string{
		assessment.Always: "Always", assessment.Mostly: "Mostly", assessment.Sometimes: "Sometimes", assessment.Rarely: "Rarely",
	}
)

// choose keeps file's version of a conflict.
func (m *mergeScreen) choose(c *conflictChoice, file int) {
	c.chosen = file
	m.showChoice(c)
}

// showChoice marks the version kept.
func (m *mergeScreen) showChoice(c *conflictChoice) {
	for file, b := range c.buttons {
		if file == c.chosen {
			b.SetText("Keeping this")
			b.SetIcon(theme.ConfirmIcon())
			b.Importance = widget.HighImportance
		} else {
			b.SetText("Keep this instead")
			b.SetIcon(nil)
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
}

// keepNewest goes back to Merge's choice everywhere.
func (m *mergeScreen) keepNewest() {
	for _, c := range m.conflicts {
		m.choose(c, c.kept)
	}
}

// result is the merged assessment with the user's choices.
func (m *mergeScreen) result() *assessment.Assessment {
	out := *m.merged
	out.Answers = maps.Clone(m.merged.Answers)
	for _, c := range m.conflicts {
		if c.chosen == c.kept {
			continue
		}
		for _, v := range c.versions {
			if v.File != c.chosen {
				continue
			}
			if c.kind == assessment.ScopeConflict {
				out.Scope = v.Scope
			} else {
				out.Answers[c.question] = v.Answer
			}
		}
	}
	return &out
}

// confirmMerge adds the merged assessment, with the user's choices, as a new
// assessment and selects it on Home.
func (m *mergeScreen) confirmMerge() {
	data, err := assessment.EncodeFile(m.result())
	if err != nil {
		m.u.showError("Could not add the merged assessment", err)
		return
	}
	u, st, bank := m.u, m.u.store, m.u.bank
	var id string
	u.runLong("Adding the merged assessment…", func() error {
		id, err = st.Import(data, bank)
		return err
	}, func() {
		u.ShowHome()
		u.home.selectID(id)
	})
}

// when is a time for people, in the local zone; "time unknown" when zero.
func when(t time.Time) string {
	if t.IsZero() {
		return "time unknown"
	}
	return t.Local().Format("2 Jan 2006 15:04")
}
