package report

import (
	"errors"

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
