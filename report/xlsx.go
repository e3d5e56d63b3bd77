package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"soc2ready/assessment"
)

// The workbook: a client can fill the Answers sheet offline and send it back;
// ReadAnswersXLSX reads it again. Its layout is one row per applicable
// question under a header row whose names, not positions, identify the
// columns, so a client may reorder, hide or add columns.

// Sheet names of the workbook WriteXLSX writes.
const (
	AnswersSheet = "Answers"
	PlanSheet    = "Plan"
	AboutSheet   = "About"
)

// Limits on a workbook read back: a sheet sent by a client is untrusted.
const (
	// MaxXLSXRows is the number of question rows read; more is an error.
	MaxXLSXRows = 10000
	// MaxXLSXSize is the largest workbook file read.
	MaxXLSXSize = 16 << 20
	// maxUnzipped bounds what the workbook unpacks to (a zip bomb stops at
	// this size), all of it kept in memory: nothing is unpacked to disk.
	maxUnzipped = 64 << 20
	// maxCellSlots bounds the cells the rows of the workbook's sheets span,
	// counting every cell from column A to the last one of each row: that
	// is what reading a row costs, and a small file can otherwise make one
	// row span 16384 columns ten thousand times. A full 10,000-row Answers
	// sheet spans 140,000.
	maxCellSlots = 2_000_000
	// headerSearchRows is how far down the header row is looked for, in
	// case someone inserted a title above it.
	headerSearchRows = 10
)

// ErrNotXLSX says that a file is not an .xlsx workbook at all.
var ErrNotXLSX = errors.New("not an .xlsx workbook")

// ErrBadText is wrapped by the error for a workbook holding a character no
// workbook may hold.
var ErrBadText = errors.New("the workbook holds a character a workbook may not hold")

// answerColumn describes one column of the Answers sheet and of the answers
// CSV. key is what the reader maps the header to.
type answerColumn struct {
	key     string
	header  string   // the header in the sheet
	csv     string   // the header in the CSV
	aliases []string // other header names the reader accepts (canonical form)
	width   float64
	wrap    bool
}

const (
	colID          = "id"
	colArea        = "area"
	colTitle       = "title"
	colQuestion    = "question"
	colStatus      = "status"
	colEvidence    = "evidence"
	colConsistency = "consistency"
	colNAReason    = "na_reason"
	colOwner       = "owner"
	colDue         = "due"
	colNotes       = "notes"
	colUnsure      = "unsure"
	colCriteria    = "criteria"
	colChance      = "probability"
)

var answerColumns = []answerColumn{
	{key: colID, header: "ID", csv: "id", aliases: []string{"questionid", "qid"}, width: 9},
	{key: colArea, header: "Area", csv: "area", width: 18, wrap: true},
	{key: colTitle, header: "Title", csv: "title", width: 28, wrap: true},
	{key: colQuestion, header: "Question", csv: "question", aliases: []string{"prompt"}, width: 48, wrap: true},
	{key: colStatus, header: "Status", csv: "status", width: 15},
	{key: colEvidence, header: "Evidence", csv: "evidence", width: 11},
	{key: colConsistency, header: "Consistency", csv: "consistency", width: 12},
	{key: colNAReason, header: "N/A reason", csv: "na_reason", aliases: []string{"notapplicablereason", "reason"}, width: 28, wrap: true},
	{key: colOwner, header: "Owner", csv: "owner", width: 20, wrap: true},
	{key: colDue, header: "Due", csv: "due", aliases: []string{"duedate"}, width: 12},
	{key: colNotes, header: "Notes", csv: "notes", aliases: []string{"note", "comments"}, width: 45, wrap: true},
	{key: colUnsure, header: "Unsure", csv: "unsure", aliases: []string{"flag", "askagain"}, width: 8},
	{key: colCriteria, header: "Criteria", csv: "criteria", width: 13, wrap: true},
	{key: colChance, header: "Chance of exception", csv: "probability", aliases: []string{"chance"}, width: 11, wrap: true},
}

// AnswersHeader is the header row of the Answers sheet, in the order
// WriteXLSX writes it.
var AnswersHeader = func() []string {
	h := make([]string, len(answerColumns))
	for i, c := range answerColumns {
		h[i] = c.header
	}
	return h
}()

// AnswersCSVHeader is the documented column order of the answers as CSV: the
// columns of the Answers sheet, named like PlanCSVHeader.
var AnswersCSVHeader = func() []string {
	h := make([]string, len(answerColumns))
	for i, c := range answerColumns {
		h[i] = c.csv
	}
	return h
}()

// planColumns are the columns of the Plan sheet.
var planColumns = []struct {
	header string
	width  float64
	wrap   bool
}{
	{"Priority", 8, false},
	{"Question", 10, false},
	{"Action", 50, true},
	{"Owner", 22, true},
	{"Due", 12, false},
	{"Effort", 7, false},
	{"Probability", 11, false},
	{"Status", 12, false},
	{"Criteria", 14, true},
}

// answerRow is one applicable question with its answer and forecast.
type answerRow struct {
	q       assessment.Question
	ans     assessment.Answer
	area    string
	chance  float64
	hasRisk bool // false for a not-applicable answer: it has no forecast
}

// answerRows lists the applicable questions in bank order.
func answerRows(b *assessment.Bank, a *assessment.Assessment, f assessment.Forecast) []answerRow {
	items := make(map[string]assessment.Item, len(f.Items))
	for _, it := range f.Items {
		items[it.Question.ID] = it
	}
	var rows []answerRow
	for _, q := range b.Questions {
		if !a.Applies(q) {
			continue
		}
		r := answerRow{q: q, ans: a.Answers[q.ID], area: b.AreaName(q.Area)}
		if it, ok := items[q.ID]; ok {
			r.chance, r.hasRisk = round4(it.Probability), true
		}
		rows = append(rows, r)
	}
	return rows
}

// consistency is what the Consistency column holds: nothing for a
// control that does not recur.
func (r answerRow) consistency() string {
	if !r.q.Frequency.Recurring() && r.ans.Consistency == "" {
		return ""
	}
	return string(r.ans.Consistency)
}

func yesBlank(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

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

// autoHeightZip writes the package through archive/zip, dropping the
// customHeight flag excelize puts on every row whose height is set: the
// heights written are estimates (see lines), and a row not marked custom
// still grows in Excel or LibreOffice when a client types a longer text.
type autoHeightZip struct {
	*zip.Writer
	name    string
	buf     bytes.Buffer
	pending bool
}

func (z *autoHeightZip) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(name, "xl/worksheets/") {
		return z.Writer.Create(name)
	}
	z.name, z.pending = name, true
	z.buf.Reset()
	return &z.buf, nil
}

func (z *autoHeightZip) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.Writer.AddFS(fsys)
}

func (z *autoHeightZip) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.Writer.Close()
}

func (z *autoHeightZip) flush() error {
	if !z.pending {
		return nil
	}
	z.pending = false
	w, err := z.Writer.Create(z.name)
	if err != nil {
		return err
	}
	_, err = w.Write(bytes.ReplaceAll(z.buf.Bytes(), []byte(` customHeight="true"`), nil))
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

// textCell is a free-text cell the import reads back (restoreCell): empty
// when blank, and quoted only if it would read as a neutralised CSV cell.
func textCell(s string) any { return blankNil(quoteNeutralLooking(s)) }

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

// RowError is a problem with one row of a sheet read back. Row is the
// spreadsheet's row number (the header is usually row 1), Question the ID in
// that row, Column the header of the cell at fault.
type RowError struct {
	Row      int
	Question string
	Column   string
	Problem  string
}

// Error reads like `row 14 (AC-10): Status: "done" is not one of …`.
func (e RowError) Error() string {
	where := fmt.Sprintf("row %d", e.Row)
	if e.Question != "" {
		where += " (" + e.Question + ")"
	}
	if e.Column == "" {
		return where + ": " + e.Problem
	}
	return where + ": " + e.Column + ": " + e.Problem
}

// ReadAnswersXLSX reads answers back from the Answers sheet of a workbook
// laid out as WriteXLSX writes it. Columns are found by their header (in any
// order; unknown columns are ignored); ID and Status must be there. Values
// are read case-insensitively and also as the words people use ("Not
// applicable", "N/A", "Partly"); dates as date cells or YYYY-MM-DD text. A
// row whose Status is blank is not answered and is skipped.
//
// Every problem in a row is returned as a RowError and the row is left out;
// the answers returned are those of rows without problems (the caller decides
// whether to apply some or none). Returned answers have no Changed time. An
// error is returned for a file that is not a workbook, a sheet without an ID
// or Status column, or one larger than the limits (MaxXLSXSize,
// MaxXLSXRows).
func ReadAnswersXLSX(r io.Reader, b *assessment.Bank) (answers map[string]assessment.Answer, rowErrs []RowError, err error) {
	answers, rowErrs, err = readAnswersXLSX(r, b)
	if err != nil {
		return nil, nil, fmt.Errorf("read answers from workbook: %w", err)
	}
	return answers, rowErrs, nil
}

// errPanic marks a workbook that made the spreadsheet library panic.
var errPanic = errors.New("the workbook is malformed")

func readAnswersXLSX(r io.Reader, b *assessment.Bank) (answers map[string]assessment.Answer, rowErrs []RowError, err error) {
	if b == nil {
		return nil, nil, errors.New("no question bank to check the answers against")
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxXLSXSize+1))
	if err != nil {
		return nil, nil, err
	}
	if err := sniffXLSX(data); err != nil {
		return nil, nil, err
	}
	// A damaged workbook must not take the app down with it.
	defer func() {
		if p := recover(); p != nil {
			answers, rowErrs, err = nil, nil, fmt.Errorf("%w (%v)", errPanic, p)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: maxUnzipped, // equal: nothing is unpacked to a temporary file
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return nil, nil, fmt.Errorf("the workbook unpacks to more than %d MiB: %w", maxUnzipped>>20, err)
		}
		return nil, nil, fmt.Errorf("%w: it cannot be opened: %w", ErrNotXLSX, err)
	}
	defer f.Close()
	if err := checkSpan(f); err != nil {
		return nil, nil, err
	}
	if err := checkChars(f); err != nil {
		return nil, nil, err
	}
	sheet, err := answersSheet(f)
	if err != nil {
		return nil, nil, err
	}
	rd := &sheetReader{bank: b}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		rd.date1904 = *props.Date1904
	}
	return rd.read(f, sheet)
}

// sniffXLSX refuses, with a message a person understands, what is plainly
// not an .xlsx file.
func sniffXLSX(data []byte) error {
	switch {
	case len(data) == 0:
		return errors.New("the file is empty")
	case len(data) > MaxXLSXSize:
		return fmt.Errorf("the file is larger than %d MiB", MaxXLSXSize>>20)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return fmt.Errorf("%w: it is an old .xls workbook or a password-protected one: save it as an Excel Workbook (.xlsx) without a password", ErrNotXLSX)
	case looksLikeText(data):
		return fmt.Errorf("%w: it is a text file (a CSV?): open it in a spreadsheet and save it as an Excel Workbook (.xlsx)", ErrNotXLSX)
	}
	return fmt.Errorf("%w: it is neither a spreadsheet nor a text file", ErrNotXLSX)
}

func looksLikeText(data []byte) bool {
	head := data[:min(len(data), 512)]
	for len(head) > 0 {
		r, n := utf8.DecodeRune(head)
		if r == utf8.RuneError && n == 1 && len(head) >= utf8.UTFMax {
			return false
		}
		if r < ' ' && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
		head = head[n:]
	}
	return true
}

// checkSpan refuses a workbook whose rows span more cells than
// maxCellSlots (see there), before any row is read. It looks at every XML
// part, since a sheet may be stored under any name.
func checkSpan(f *excelize.File) error {
	var err error
	f.Pkg.Range(func(name, content any) bool {
		path, _ := name.(string)
		data, _ := content.([]byte)
		if !strings.HasSuffix(strings.ToLower(path), ".xml") || !bytes.Contains(data, []byte("<row")) && !bytes.Contains(data, []byte(":row")) {
			return true
		}
		if slots := cellSlots(data); slots > maxCellSlots {
			err = fmt.Errorf("a sheet of the workbook is too large to read (its rows span %d cells; at most %d)", slots, maxCellSlots)
			return false
		}
		return true
	})
	return err
}

// checkChars refuses a workbook with a character no XML document may hold
// (invalid UTF-8, a control character other than tab and line breaks, raw
// or as &#1;). The spreadsheet library stops reading a row at such a cell
// without an error, so the cell and the rest of its row would read as empty
// while the row still imported. It names the cell when it can.
func checkChars(f *excelize.File) error {
	var err error
	f.Pkg.Range(func(name, content any) bool {
		path, _ := name.(string)
		data, _ := content.([]byte)
		if !strings.HasSuffix(strings.ToLower(path), ".xml") {
			return true
		}
		if at, what := badChar(data); at >= 0 {
			where := path
			if ref := cellAt(data, at); ref != "" {
				where = "cell " + ref
			} else {
				where += fmt.Sprintf(" line %d", bytes.Count(data[:at], []byte("\n"))+1)
			}
			err = fmt.Errorf("%w: %s holds %s: remove it and save again", ErrBadText, where, what)
			return false
		}
		return true
	})
	return err
}

// badChar returns the offset of the first character XML 1.0 forbids in
// data, and what it is; -1 when there is none.
func badChar(data []byte) (int, string) {
	for i := 0; i < len(data); {
		c := data[i]
		if c >= 0x20 && c < 0x80 && c != '&' {
			i++
			continue
		}
		if c == '&' && i+2 < len(data) && data[i+1] == '#' {
			end := bytes.IndexByte(data[i:min(len(data), i+12)], ';')
			if end > 2 {
				ref := string(data[i+2 : i+end])
				var n uint64
				var err error
				if ref[0] == 'x' || ref[0] == 'X' {
					n, err = strconv.ParseUint(ref[1:], 16, 32)
				} else {
					n, err = strconv.ParseUint(ref, 10, 32)
				}
				if err == nil && !xmlChar(rune(n)) {
					return i, fmt.Sprintf("the character U+%04X", n)
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i, "invalid UTF-8"
		}
		if !xmlChar(r) {
			return i, fmt.Sprintf("the character U+%04X", r)
		}
		i += size
	}
	return -1, ""
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// cellAt returns the reference (as "K2") of the cell element around offset
// at of a worksheet, or "" when at is not inside one.
func cellAt(data []byte, at int) string {
	before := data[:at]
	start := max(bytes.LastIndex(before, []byte("<c ")), bytes.LastIndex(before, []byte(":c ")))
	if start < 0 || bytes.Contains(before[start:], []byte("</c>")) || bytes.Contains(before[start:], []byte(":c>")) {
		return ""
	}
	tag := before[start:]
	if end := bytes.IndexByte(tag, '>'); end >= 0 {
		tag = tag[:end]
	}
	_, ref, ok := bytes.Cut(tag, []byte(` r="`))
	if !ok {
		return ""
	}
	ref, _, _ = bytes.Cut(ref, []byte(`"`))
	return string(ref)
}

// cellSlots sums, over the rows of a worksheet, the column number of each
// row's last cell. It stops counting once past maxCellSlots.
func cellSlots(data []byte) int {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	total, last := 0, 0
	for total <= maxCellSlots {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				last = 0
			case "c":
				col := last + 1
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						if name, _, err := excelize.SplitCellName(a.Value); err == nil {
							if n, err := excelize.ColumnNameToNumber(name); err == nil {
								col = n
							}
						}
					}
				}
				last = max(last, col)
			}
		case xml.EndElement:
			if t.Name.Local == "row" {
				total += last
				last = 0
			}
		}
	}
	return total + last
}

// answersSheet finds the Answers sheet, or else the first sheet with an ID
// column (someone may have renamed it).
func answersSheet(f *excelize.File) (string, error) {
	sheets := f.GetSheetList()
	for _, s := range sheets {
		if strings.EqualFold(strings.TrimSpace(s), AnswersSheet) {
			return s, nil
		}
	}
	for _, s := range sheets {
		if _, _, err := findHeader(f, s); err == nil {
			return s, nil
		}
	}
	if len(sheets) == 0 {
		return "", fmt.Errorf("%w: it has no sheets", ErrNotXLSX)
	}
	return "", fmt.Errorf("the workbook has no sheet named %q (it has %s)", AnswersSheet, quoteList(sheets))
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// canonical reduces a header or a value to lower-case letters and digits, so
// that "N/A reason", "na_reason" and " NA Reason " compare equal.
func canonical(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

var headerKeys = func() map[string]string {
	m := map[string]string{}
	for _, c := range answerColumns {
		m[canonical(c.header)] = c.key
		m[canonical(c.csv)] = c.key
		for _, a := range c.aliases {
			m[a] = c.key
		}
	}
	return m
}()

func headerName(key string) string {
	for _, c := range answerColumns {
		if c.key == key {
			return c.header
		}
	}
	return key
}

// findHeader looks for the header row (the first of the top rows with an ID
// column) and maps each known column key to its index.
func findHeader(f *excelize.File, sheet string) (row int, cols map[string]int, err error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	for n := 1; n <= headerSearchRows && rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return 0, nil, err
		}
		cols := map[string]int{}
		where := map[string]string{}
		for i, c := range cells {
			key, ok := headerKeys[canonical(c)]
			if !ok {
				continue
			}
			col, _ := excelize.ColumnNumberToName(i + 1)
			if prev, dup := where[key]; dup {
				return 0, nil, fmt.Errorf("sheet %q: column %s appears twice (columns %s and %s)", sheet, headerName(key), prev, col)
			}
			cols[key], where[key] = i, col
		}
		if _, ok := cols[colID]; ok {
			return n, cols, nil
		}
	}
	if err := rows.Error(); err != nil {
		return 0, nil, err
	}
	return 0, nil, fmt.Errorf("sheet %q: column ID is missing (no header row with an ID column in the first %d rows)", sheet, headerSearchRows)
}

// sheetReader reads the answer rows of one sheet.
type sheetReader struct {
	bank     *assessment.Bank
	date1904 bool
	cols     map[string]int
}

func (rd *sheetReader) read(f *excelize.File, sheet string) (map[string]assessment.Answer, []RowError, error) {
	headerRow, cols, err := findHeader(f, sheet)
	if err != nil {
		return nil, nil, err
	}
	if _, ok := cols[colStatus]; !ok {
		return nil, nil, fmt.Errorf("sheet %q: column Status is missing (row %d has no Status header)", sheet, headerRow)
	}
	rd.cols = cols
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	answers := map[string]assessment.Answer{}
	firstRow := map[string]int{} // question ID → row it was first seen on
	dropped := map[string]bool{}
	var errs []RowError
	for n := 1; rows.Next(); n++ {
		if n <= headerRow {
			continue
		}
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, fmt.Errorf("sheet %q row %d: %w", sheet, n, err)
		}
		if isBlank(cells) {
			continue
		}
		if n > headerRow+MaxXLSXRows {
			return nil, nil, fmt.Errorf("sheet %q has more than %d question rows", sheet, MaxXLSXRows)
		}
		id, ans, rowErrs, ok := rd.row(n, cells)
		errs = append(errs, rowErrs...)
		if id == "" {
			continue
		}
		if first, seen := firstRow[id]; seen {
			errs = append(errs, RowError{Row: n, Question: id, Column: "ID", Problem: fmt.Sprintf("%s is also on row %d: keep one row per question", id, first)})
			dropped[id] = true
			continue
		}
		firstRow[id] = n
		if ok {
			answers[id] = ans
		}
	}
	if err := rows.Error(); err != nil {
		return nil, nil, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	for id := range dropped {
		delete(answers, id)
	}
	return answers, errs, nil
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (rd *sheetReader) cell(cells []string, key string) string {
	i, ok := rd.cols[key]
	if !ok || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// text is a free-text cell as it stands (so that reading back what was
// written changes nothing), or "" when it holds only spaces. A cell
// neutralised in our CSV (pasted into the workbook) reads as the text it
// stood for.
func (rd *sheetReader) text(cells []string, key string) string {
	i, ok := rd.cols[key]
	if !ok || i >= len(cells) || strings.TrimSpace(cells[i]) == "" {
		return ""
	}
	return restoreCell(cells[i])
}

// row reads one question row. id is the bank's question ID ("" when there
// is none to match); ok says the row says something and has no problem.
func (rd *sheetReader) row(n int, cells []string) (id string, ans assessment.Answer, errs []RowError, ok bool) {
	rawID := rd.cell(cells, colID)
	status := rd.cell(cells, colStatus)
	fail := func(col, format string, args ...any) {
		errs = append(errs, RowError{Row: n, Question: id, Column: headerName(col), Problem: fmt.Sprintf(format, args...)})
	}
	if rawID == "" {
		if status != "" {
			fail(colID, "is empty: the answer cannot be matched to a question")
		}
		return "", ans, errs, false
	}
	q, found := rd.bank.Question(rawID)
	if !found {
		q, found = rd.bank.Question(strings.ToUpper(rawID))
	}
	if !found {
		id = rawID
		fail(colID, "%q is not a question of bank %s %s", rawID, rd.bank.ID, rd.bank.Version)
		return "", ans, errs, false
	}
	id = q.ID
	// A blank Status leaves the question unanswered, but what else the row
	// holds (owner, notes, a due date) is still read and checked: nothing a
	// client typed is dropped without a word.
	if status != "" {
		ans.Status = assessment.Status(enumValue(status, statusAliases))
		if err := (assessment.Answer{Status: ans.Status}).Check(); err != nil {
			fail(colStatus, "%s", checkProblem(err, string(ans.Status), status))
		}
	}
	if v := rd.cell(cells, colEvidence); v != "" {
		ans.Evidence = assessment.EvidenceLevel(enumValue(v, evidenceAliases))
		if err := (assessment.Answer{Evidence: ans.Evidence}).Check(); err != nil {
			fail(colEvidence, "%s", checkProblem(err, string(ans.Evidence), v))
		}
	}
	if v := rd.cell(cells, colConsistency); v != "" {
		ans.Consistency = assessment.Consistency(enumValue(v, nil))
		if err := (assessment.Answer{Consistency: ans.Consistency}).Check(); err != nil {
			fail(colConsistency, "%s", checkProblem(err, string(ans.Consistency), v))
		}
	}
	ans.NAReason = rd.text(cells, colNAReason)
	ans.Owner = rd.text(cells, colOwner)
	ans.Notes = rd.text(cells, colNotes)
	for _, c := range []struct {
		col, text string
		max       int
	}{{colNAReason, ans.NAReason, assessment.MaxTextLength}, {colOwner, ans.Owner, assessment.MaxNameLength}, {colNotes, ans.Notes, assessment.MaxTextLength}} {
		var le *assessment.LimitError
		if errors.As(assessment.CheckLength(c.col, c.text, c.max), &le) {
			fail(c.col, "%d characters, at most %d", le.Got, le.Max)
		}
	}
	if v := rd.cell(cells, colDue); v != "" {
		d, err := rd.date(v)
		if err != nil {
			fail(colDue, "%v", err)
		}
		ans.Due = d
	}
	if v := rd.cell(cells, colUnsure); v != "" {
		flag, known := yesNo[canonical(v)]
		if !known {
			fail(colUnsure, "%q is not yes or blank", v)
		}
		ans.Flag = flag
	}
	if ans == (assessment.Answer{}) {
		return id, ans, errs, false // a row with nothing to say
	}
	return id, ans, errs, len(errs) == 0
}

// checkProblem turns a message of assessment.Answer.Check ("status: "x" is
// not one of …") into the problem of a cell, quoting what was typed.
func checkProblem(err error, value, typed string) string {
	msg := err.Error()
	if _, rest, ok := strings.Cut(msg, ": "); ok {
		msg = rest
	}
	return strings.Replace(msg, strconv.Quote(value), strconv.Quote(typed), 1)
}

// enumValue maps what a person typed to a stored value: the display words
// first, else lower case with spaces and hyphens as underscores.
func enumValue(s string, aliases map[string]string) string {
	if v, ok := aliases[canonical(s)]; ok {
		return v
	}
	s = strings.ToLower(strings.Join(strings.Fields(s), "_"))
	return strings.ReplaceAll(s, "-", "_")
}

// statusAliases are the words the app and the PDF show for statuses, as
// canonical().
var statusAliases = map[string]string{
	"notapplicable": string(assessment.NotApplicable),
	"na":            string(assessment.NotApplicable),
	"yes":           string(assessment.Implemented),
	"partly":        string(assessment.Partial),
	"partlyinplace": string(assessment.Partial),
	"no":            string(assessment.Missing),
	"notinplace":    string(assessment.Missing),
}

var evidenceAliases = map[string]string{
	"yesallofit": string(assessment.EvidenceComplete),
	"all":        string(assessment.EvidenceComplete),
	"someofit":   string(assessment.EvidencePartial),
	"some":       string(assessment.EvidencePartial),
	"noproof":    string(assessment.EvidenceNone),
	"no":         string(assessment.EvidenceNone),
}

var yesNo = map[string]bool{
	"yes": true, "y": true, "true": true, "1": true, "x": true, "unsure": true,
	"no": false, "n": false, "false": false, "0": false,
}

// date reads a due date: a date cell (its serial number, since cells are
// read raw) or YYYY-MM-DD text.
func (rd *sheetReader) date(v string) (assessment.Date, error) {
	if serial, err := strconv.ParseFloat(v, 64); err == nil {
		// 1 is 1900-01-01; 2958465 is 9999-12-31, the last day Excel knows.
		if math.IsNaN(serial) || serial < 1 || serial >= 2958466 {
			return assessment.Date{}, fmt.Errorf("%q is not a date", v)
		}
		t, err := excelize.ExcelDateToTime(math.Floor(serial), rd.date1904)
		if err != nil {
			return assessment.Date{}, fmt.Errorf("%q is not a date", v)
		}
		d := assessment.DateOf(t)
		return d, assessment.CheckYear(d)
	}
	text := v
	if i := strings.IndexByte(text, 'T'); i == 10 { // an ISO date-time cell
		text = text[:10]
	}
	if _, err := assessment.ParseDate(text); err != nil {
		return assessment.Date{}, fmt.Errorf("%q is not a date: type it as YYYY-MM-DD", v)
	}
	return assessment.ParseInputDate(text)
}
