package report

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"soc2ready/assessment"
)

// xlsxStyles are the cell styles of the workbook.
type xlsxStyles struct {
	header, text, wrap, date, lateDate, chance, percent, greyed, title, label int
}

func newStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	isoDate := "yyyy-mm-dd"
	top := &excelize.Alignment{Vertical: "top"}
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	grey := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}
	for _, x := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
			Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		}},
		{&s.text, excelize.Style{Alignment: top}},
		{&s.wrap, excelize.Style{Alignment: wrapTop}},
		{&s.date, excelize.Style{Alignment: top, CustomNumFmt: &isoDate}},
		{&s.lateDate, excelize.Style{Alignment: top, CustomNumFmt: &isoDate, Font: &excelize.Font{Color: "C00000", Bold: true}}},
		{&s.chance, excelize.Style{Alignment: top, NumFmt: 9, Fill: grey, Font: &excelize.Font{Color: "595959", Italic: true}}},
		{&s.percent, excelize.Style{Alignment: top, NumFmt: 9}},
		{&s.greyed, excelize.Style{Alignment: top, Fill: grey}},
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: wrapTop}},
	} {
		id, err := f.NewStyle(&x.style)
		if err != nil {
			return s, err
		}
		*x.id = id
	}
	return s, nil
}

// WriteXLSX writes a workbook of the assessment: the Answers sheet (one row
// per applicable question, in bank order, with drop-down lists for the
// answer values), the remediation Plan, and an About sheet saying what the
// workbook is and how to fill it. now dates the plan and the file, so a fixed
// now gives the same bytes.
func WriteXLSX(w io.Writer, b *assessment.Bank, a *assessment.Assessment, now time.Time) error {
	if err := writeXLSX(w, b, a, now); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

func writeXLSX(w io.Writer, b *assessment.Bank, a *assessment.Assessment, now time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	fc := assessment.Score(b, a)
	today := assessment.DateOf(now)
	if err := f.SetSheetName("Sheet1", AnswersSheet); err != nil {
		return err
	}
	if err := writeAnswersSheet(f, st, answerRows(b, a, fc)); err != nil {
		return err
	}
	if _, err := f.NewSheet(PlanSheet); err != nil {
		return err
	}
	if err := writePlanSheet(f, st, assessment.BuildPlan(fc, a, today)); err != nil {
		return err
	}
	if _, err := f.NewSheet(AboutSheet); err != nil {
		return err
	}
	if err := writeAboutSheet(f, st, b, a, fc, today); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	stamp := now.UTC().Format("2006-01-02T15:04:05Z")
	company := strings.TrimSpace(a.Company)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          "SOC 2 readiness answers: " + company,
		Subject:        "SOC 2 readiness self-assessment",
		Creator:        "soc2ready",
		LastModifiedBy: "soc2ready",
		Description:    fmt.Sprintf("Question bank %s %s", b.ID, b.Version),
		Created:        stamp,
		Modified:       stamp,
		Language:       "en",
	}); err != nil {
		return err
	}
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return &autoHeightZip{Writer: zip.NewWriter(w)} })
	_, err = f.WriteTo(w)
	return err
}

// lineHeight is the height in points of one line of the default font
// (Calibri 11), and maxRowHeight the tallest row a spreadsheet allows.
const (
	lineHeight   = 15
	maxRowHeight = 409
)

// lines estimates how many lines a text takes in a wrapped column width
// (counted in widths of "0"). Spreadsheets do not size rows on opening a
// file (LibreOffice does not; Excel only sometimes), so rows with long text
// get a height; the estimate errs on the tall side, for fonts wider than
// Calibri.
func lines(text string, width float64) int {
	per := max(1, int(width)-1)
	n := 0
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		w := 0
		for _, r := range para {
			w++
			if r >= 0x1100 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r >= 0x1F000) {
				w++ // double width
			}
		}
		n += max(1, (w+per-1)/per)
	}
	return n
}

// fitRow sets the height of a row to its tallest wrapped cell, if that is
// more than one line.
func fitRow(f *excelize.File, sheet string, row int, texts []string, widths []float64) error {
	most := 1
	for i, t := range texts {
		most = max(most, lines(t, widths[i]))
	}
	if most == 1 {
		return nil
	}
	return f.SetRowHeight(sheet, row, min(maxRowHeight, float64(most*lineHeight)))
}

// setColumns sets the width and the column style of every column, so that
// rows a client adds get the same wrapping.
func setColumns(f *excelize.File, sheet string, widths []float64, styles []int) error {
	for i, wd := range widths {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, name, name, wd); err != nil {
			return err
		}
		if err := f.SetColStyle(sheet, name, styles[i]); err != nil {
			return err
		}
	}
	return nil
}

// header writes a bold header row with a filter, frozen above the data.
func header(f *excelize.File, st xlsxStyles, sheet string, names []string, widths []float64, lastRow int) error {
	cells := make([]any, len(names))
	for i, n := range names {
		cells[i] = n
	}
	if err := f.SetSheetRow(sheet, "A1", &cells); err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(names), 1)
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", last, st.header); err != nil {
		return err
	}
	if err := fitRow(f, sheet, 1, names, widths); err != nil {
		return err
	}
	lastCell, err := excelize.CoordinatesToCellName(len(names), max(lastRow, 2))
	if err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, "A1:"+lastCell, nil); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	return landscape(f, sheet)
}

// landscape prints a sheet across the page, one page wide, with the header
// row repeated on every page.
func landscape(f *excelize.File, sheet string) error {
	orient, one, zero, yes := "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet})
}

func columnLetter(key string) string {
	for i, c := range answerColumns {
		if c.key == key {
			name, _ := excelize.ColumnNumberToName(i + 1)
			return name
		}
	}
	panic("report: no answer column " + key)
}

func writeAnswersSheet(f *excelize.File, st xlsxStyles, rows []answerRow) error {
	const sheet = AnswersSheet
	widths := make([]float64, len(answerColumns))
	styles := make([]int, len(answerColumns))
	for i, c := range answerColumns {
		widths[i], styles[i] = c.width, st.text
		switch {
		case c.key == colDue:
			styles[i] = st.date
		case c.key == colChance:
			styles[i] = st.chance
		case c.wrap:
			styles[i] = st.wrap
		}
	}
	if err := setColumns(f, sheet, widths, styles); err != nil {
		return err
	}
	consistencyCol := columnLetter(colConsistency)
	for i, r := range rows {
		row := i + 2
		var due, chance, consistency any
		if !r.ans.Due.IsZero() {
			due = excelDate(r.ans.Due)
		}
		if r.hasRisk {
			chance = r.chance
		}
		if c := r.consistency(); c != "" {
			consistency = c
		}
		cells := []any{
			r.q.ID, r.area, r.q.Title, r.q.Prompt, blankNil(string(r.ans.Status)), blankNil(string(r.ans.Evidence)),
			consistency, textCell(r.ans.NAReason), textCell(r.ans.Owner), due, textCell(r.ans.Notes),
			blankNil(yesBlank(r.ans.Flag)), strings.Join(r.q.Criteria, ", "), chance,
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return err
		}
		wrapped := make([]string, len(answerColumns))
		for j, c := range answerColumns {
			if s, ok := cells[j].(string); ok && c.wrap {
				wrapped[j] = s
			}
		}
		if err := fitRow(f, sheet, row, wrapped, widths); err != nil {
			return err
		}
		if !r.q.Frequency.Recurring() {
			// greyed: consistency is not asked of a one-off control
			ref := consistencyCol + strconv.Itoa(row)
			if err := f.SetCellStyle(sheet, ref, ref, st.greyed); err != nil {
				return err
			}
		}
	}
	if err := header(f, st, sheet, AnswersHeader, widths, len(rows)+1); err != nil {
		return err
	}
	return answerValidations(f, sheet)
}

// excelEpoch is day 0 of Excel's 1900 date system for dates from March
// 1900 on (Excel counts a 29 February 1900 that never was).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelDate is a date as the serial number of a date cell. It is written as
// a number, so that the column's yyyy-mm-dd format applies (excelize would
// give a time.Time its own format); dates before March 1900 stay text.
func excelDate(d assessment.Date) any {
	if d.Year() < 1900 || d.Year() == 1900 && d.Month() < time.March {
		return d.String()
	}
	return math.Round(d.Sub(excelEpoch).Hours() / 24)
}

// blankNil leaves a cell empty rather than holding an empty string.
func blankNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func enumStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// answerValidations adds the drop-down lists, so that a client filling the
// sheet offline cannot type a value the import would refuse.
func answerValidations(f *excelize.File, sheet string) error {
	span := func(key string) string {
		c := columnLetter(key)
		return fmt.Sprintf("%s2:%s%d", c, c, MaxXLSXRows+1)
	}
	lists := []struct {
		key, title, prompt string
		values             []string
	}{
		{colStatus, "Status", "Is the control in place? Leave blank if you cannot answer yet.", enumStrings(assessment.Statuses)},
		{colEvidence, "Evidence", "Can you show proof for every occurrence?", enumStrings(assessment.EvidenceLevels)},
		{colConsistency, "Consistency", "Recurring controls: how reliably did it run over the audit period?", enumStrings(assessment.Consistencies)},
		{colUnsure, "Unsure", `"yes" to ask this question again; blank otherwise.`, []string{"yes"}},
	}
	for _, l := range lists {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = span(l.key)
		if err := dv.SetDropList(l.values); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, l.title, "Choose one of: "+strings.Join(l.values, ", ")+" (or leave it blank).")
		dv.SetInput(l.title, l.prompt)
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return err
		}
	}
	// Dates from 2000 to 2100: a typed date becomes a date cell, text is refused.
	dv := excelize.NewDataValidation(true)
	dv.Sqref = span(colDue)
	if err := dv.SetRange(36526, 73415, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "Due", "Type a date, for example 2027-01-31.")
	return f.AddDataValidation(sheet, dv)
}

func writePlanSheet(f *excelize.File, st xlsxStyles, p assessment.Plan) error {
	const sheet = PlanSheet
	widths := make([]float64, len(planColumns))
	styles := make([]int, len(planColumns))
	names := make([]string, len(planColumns))
	for i, c := range planColumns {
		widths[i], styles[i], names[i] = c.width, st.text, c.header
		switch {
		case c.header == "Due":
			styles[i] = st.date
		case c.header == "Probability":
			styles[i] = st.percent
		case c.wrap:
			styles[i] = st.wrap
		}
	}
	if err := setColumns(f, sheet, widths, styles); err != nil {
		return err
	}
	for i, act := range p.Actions {
		row := i + 2
		var due any
		if !act.Due.IsZero() {
			due = excelDate(act.Due)
		}
		cells := []any{
			act.Priority, act.Question.ID, act.Action, blankNil(act.Owner), due, string(act.Effort),
			round4(act.Probability), planStatusWords[act.Status], strings.Join(act.Question.Criteria, ", "),
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return err
		}
		wrapped := make([]string, len(planColumns))
		for j, c := range planColumns {
			if s, ok := cells[j].(string); ok && c.wrap {
				wrapped[j] = s
			}
		}
		if err := fitRow(f, sheet, row, wrapped, widths); err != nil {
			return err
		}
		if act.Late && due != nil {
			ref := "E" + strconv.Itoa(row)
			if err := f.SetCellStyle(sheet, ref, ref, st.lateDate); err != nil {
				return err
			}
		}
	}
	return header(f, st, sheet, names, widths, len(p.Actions)+1)
}

// aboutText is how to fill the Answers sheet, one paragraph per row.
var aboutText = []string{
	"One row per question. Fill in Status for every question you can answer; a row whose Status is blank stays unanswered.",
	"Status: implemented, partial, planned, missing or not_applicable (pick it from the drop-down list). For not_applicable, say why in \"N/A reason\": auditors ask.",
	"Evidence (for implemented or partial controls): complete, partial or none. Can you show proof for every occurrence?",
	"Consistency (recurring controls only; grey cells do not need it): always, mostly, sometimes or rarely. Over the audit period, how reliably did it actually happen?",
	"Owner and Notes are free text; Due is a date (for example 2027-01-31); Unsure: \"yes\" to flag the question to ask again.",
	"Do not change the IDs. You may sort, filter, hide, reorder or add columns. The grey \"Chance of exception\" column is computed by soc2ready and ignored when the sheet is read back.",
	"Send the file back to whoever gave it to you. When it is imported every row is checked; if any row has a problem nothing is imported, and each problem is listed with its row number.",
}

func writeAboutSheet(f *excelize.File, st xlsxStyles, b *assessment.Bank, a *assessment.Assessment, fc assessment.Forecast, today assessment.Date) error {
	const sheet = AboutSheet
	widths := []float64{22, 72}
	if err := setColumns(f, sheet, widths, []int{st.text, st.wrap}); err != nil {
		return err
	}
	one, zero, yes := 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	company := strings.TrimSpace(a.Company)
	if company == "" {
		company = "Unnamed company"
	}
	kind, label, when := period(a.Scope)
	rows := [][2]string{
		{"SOC 2 readiness self-assessment", ""},
		{"", ""},
		{"Company", company},
		{"Prepared by", strings.TrimSpace(a.PreparedBy)},
		{"Report", kind},
		{label, when},
		{"Categories in scope", categories(a.Scope)},
		{"Question bank", strings.TrimSpace(b.ID + " " + b.Version)},
		{"Generated", today.String()},
		{"Readiness", fmt.Sprintf("%s / 100: %s (%d of %d questions answered)", score(fc.Readiness), fc.Verdict.Label(), fc.Answered, fc.Applicable)},
		{"", ""},
		{"How to fill the Answers sheet", ""},
	}
	for i, t := range aboutText {
		rows = append(rows, [2]string{strconv.Itoa(i + 1), t})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := []any{blankNil(r[0]), blankNil(r[1])}
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return err
		}
		style := st.label
		if i == 0 || r[0] == "How to fill the Answers sheet" {
			style = st.title
		}
		if r[0] != "" {
			if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
				return err
			}
		}
		if err := fitRow(f, sheet, i+1, []string{"", r[1]}, widths); err != nil {
			return err
		}
	}
	return nil
}
