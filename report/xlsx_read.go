package report

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"soc2ready/assessment"
)

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

// ErrBadText is wrapped by the error for a workbook holding a character no
// workbook may hold.
var ErrBadText = errors.New("the workbook holds a character a workbook may not hold")

// textCell is a free-text cell the import reads back (restoreCell): empty
// when blank, and quoted only if it would read as a neutralised CSV cell.
func textCell(s string) any { return blankNil(quoteNeutralLooking(s)) }

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
