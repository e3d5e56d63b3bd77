package report

// The paper questionnaire: every question in scope with tick boxes for the
// answer choices, an owner line and a ruled notes box, for workshops without
// a laptop per person. Each question prints its ID large, so that the
// facilitator can type the answers back by ID. It is built as a plain model
// first (golden-tested as JSON) and drawn with the report's renderer: fonts,
// running header and footer, text wrapping and page breaks.

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"soc2ready/assessment"
)

// questionnaire is everything the paper questionnaire prints, formatted, in
// the order it prints it.
type questionnaire struct {
	Title       string       `json:"title"`
	Company     string       `json:"company"`
	PreparedBy  string       `json:"prepared_by"`
	ReportType  string       `json:"report_type"`
	PeriodLabel string       `json:"period_label"`
	Period      string       `json:"period"`
	Categories  string       `json:"categories"`
	Bank        string       `json:"bank"`
	Generated   string       `json:"generated"`
	GeneratedAt time.Time    `json:"generated_at"`
	Count       string       `json:"count"` // "146 questions in 12 areas"
	Areas       []paperArea  `json:"areas"`
	Rows        []choiceLine `json:"rows"` // the tick-box rows, as the legend explains them
}

// paperArea is one area's questions, in bank order.
type paperArea struct {
	Name      string          `json:"name"`
	Questions []paperQuestion `json:"questions"`
}

// paperQuestion is one question block.
type paperQuestion struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Prompt    string `json:"prompt"`
	Evidence  string `json:"evidence"`
	Frequency string `json:"frequency"` // "quarterly", "one-off"
	Criteria  string `json:"criteria"`
	// Recurring questions also ask how reliably the control ran.
	Recurring bool `json:"recurring,omitempty"`
}

// choiceLine is one row of tick boxes and what each box means.
type choiceLine struct {
	Label     string   `json:"label"`
	Choices   []choice `json:"choices"`
	Recurring bool     `json:"recurring,omitempty"` // only on recurring controls
}

// choice is one tick box: the word printed next to it, what ticking it means
// and the answer value the facilitator types back.
type choice struct {
	Word  string `json:"word"`
	Means string `json:"means"`
	Value string `json:"value"`
}

// The words of the tick boxes, keyed by the answer values they stand for;
// the boxes follow the order of assessment.Statuses, EvidenceLevels and
// Consistencies, which is the order the app offers them.
var (
	statusChoices = map[assessment.Status][2]string{
		assessment.Implemented:   {"Yes", "in place and working today"},
		assessment.Partial:       {"Partly", "exists, but not everywhere or not complete"},
		assessment.Planned:       {"Planned", "decided and scheduled, not in place yet"},
		assessment.Missing:       {"No", "not in place and not planned"},
		assessment.NotApplicable: {"Not applicable", "does not apply to you: write why in the notes (auditors ask)"},
	}
	evidenceChoices = map[assessment.EvidenceLevel][2]string{
		assessment.EvidenceComplete: {"Yes, all", "a record for every time it ran or every case"},
		assessment.EvidencePartial:  {"Some", "records for some, gaps for others"},
		assessment.EvidenceNone:     {"None", "nothing you could show an auditor"},
	}
	consistencyChoices = map[assessment.Consistency][2]string{
		assessment.Always:    {"Always", "every time, no misses"},
		assessment.Mostly:    {"Mostly", "missed once or twice"},
		assessment.Sometimes: {"Sometimes", "missed often"},
		assessment.Rarely:    {"Rarely", "hardly ever done"},
	}
)

func choicesOf[T ~string](order []T, words map[T][2]string) []choice {
	out := make([]choice, len(order))
	for i, v := range order {
		out[i] = choice{Word: words[v][0], Means: words[v][1], Value: string(v)}
	}
	return out
}

// choiceLines are the tick-box rows of every question block.
func choiceLines() []choiceLine {
	return []choiceLine{
		{Label: "In place?", Choices: choicesOf(assessment.Statuses, statusChoices)},
		{Label: "Proof for every occurrence?", Choices: choicesOf(assessment.EvidenceLevels, evidenceChoices)},
		{Label: "How reliably did it run?", Choices: choicesOf(assessment.Consistencies, consistencyChoices), Recurring: true},
	}
}

// buildQuestionnaire lists the questions that apply to the assessment (in
// scope, not retired, profile condition met), grouped by area in bank order.
// now dates the questionnaire.
func buildQuestionnaire(b *assessment.Bank, a *assessment.Assessment, now time.Time) questionnaire {
	q := questionnaire{
		Title:       "SOC 2 readiness: paper questionnaire",
		Company:     strings.TrimSpace(a.Company),
		PreparedBy:  strings.TrimSpace(a.PreparedBy),
		Categories:  categories(a.Scope),
		Bank:        strings.TrimSpace(b.ID + " " + b.Version),
		Generated:   date(assessment.DateOf(now)),
		GeneratedAt: now,
		Areas:       []paperArea{},
		Rows:        choiceLines(),
	}
	if q.Company == "" {
		q.Company = "Unnamed company"
	}
	q.ReportType, q.PeriodLabel, q.Period = period(a.Scope)

	// areas in the bank's order; an area a hand-built bank does not list
	// comes after them, so that no applicable question is left out
	var order []string
	byArea := map[string][]paperQuestion{}
	for _, ar := range b.Areas {
		if _, ok := byArea[ar.ID]; !ok {
			order = append(order, ar.ID)
			byArea[ar.ID] = nil
		}
	}
	n := 0
	for _, bq := range b.Questions {
		if !a.Applies(bq) {
			continue
		}
		if _, ok := byArea[bq.Area]; !ok {
			order = append(order, bq.Area)
		}
		byArea[bq.Area] = append(byArea[bq.Area], paperQuestion{
			ID:        strings.TrimSpace(bq.ID),
			Title:     strings.TrimSpace(bq.Title),
			Prompt:    strings.TrimSpace(bq.Prompt),
			Evidence:  strings.TrimSpace(bq.Evidence),
			Frequency: upperFirst(bq.Frequency.Words()),
			Criteria:  strings.Join(bq.Criteria, ", "),
			Recurring: bq.Frequency.Recurring(),
		})
		n++
	}
	for _, id := range order {
		if qs := byArea[id]; len(qs) > 0 {
			q.Areas = append(q.Areas, paperArea{Name: b.AreaName(id), Questions: qs})
		}
	}
	q.Count = "None"
	if n > 0 {
		q.Count = plural(n, "question", "questions") + " in " + plural(len(q.Areas), "area", "areas")
	}
	return q
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// RenderQuestionnaire draws the paper questionnaire of the questions that
// apply to a (which may be a blank assessment with only the company, scope
// and profile) as a PDF on w. now dates it; a fixed now gives the same bytes.
func RenderQuestionnaire(b *assessment.Bank, a *assessment.Assessment, paper Paper, now time.Time, w io.Writer) error {
	q := buildQuestionnaire(b, a, now)
	var cjk *cjkFont
	if needsCJK(q) {
		cjk = systemCJK()
	}
	return renderQuestionnaire(q, paper, w, cjk)
}

func renderQuestionnaire(q questionnaire, paper Paper, w io.Writer, cjk *cjkFont) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("render questionnaire: internal error: %v", p)
		}
	}()
	// page 1 lists the pages of each area, known only once the questions
	// are laid out: lay out with placeholders, then again with the pages
	// (whose column is wide enough that the layout does not change)
	var pages []string
	var pr *paperRenderer
	heights := map[*paperQuestion]float64{}
	for range 3 {
		if pr, err = drawQuestionnaire(q, paper, cjk, pages, heights); err != nil {
			return fmt.Errorf("render questionnaire: %w", err)
		}
		if slices.Equal(pr.pages, pages) {
			break
		}
		pages = pr.pages
	}
	if err := pr.pdf.Output(w); err != nil {
		return fmt.Errorf("render questionnaire: %w", err)
	}
	return nil
}

// drawQuestionnaire lays out the whole questionnaire; pages are the page
// ranges page 1 lists for the areas. Without them it only paginates: the
// question blocks are measured, not drawn. heights caches the blocks'
// heights from one layout to the next.
func drawQuestionnaire(q questionnaire, paper Paper, cjk *cjkFont, pages []string, heights map[*paperQuestion]float64) (*paperRenderer, error) {
	// the renderer's running header and the PDF metadata come from a report
	// model
	r, err := newRenderer(Model{
		Title:       q.Title,
		Company:     q.Company,
		PreparedBy:  q.PreparedBy,
		ReportType:  q.ReportType,
		Period:      q.Period,
		Generated:   q.Generated,
		GeneratedAt: q.GeneratedAt,
	}, paper, cjk)
	if err != nil {
		return nil, err
	}
	r.firstFooter = true
	pr := &paperRenderer{renderer: r, q: q, pages: []string{}, dry: pages == nil, heights: heights, words: map[string]line{}}
	pr.layoutGrid()
	pr.first(pages)
	for i := range q.Areas {
		if i == 0 && r.pdf.PageNo() == 1 {
			// page 1 is the instruction sheet: everyone gets one
			pr.setSection(q.Areas[i].Name)
			r.newPage()
		}
		pr.area(&q.Areas[i])
	}
	return pr, r.pdf.Error()
}

// paperRenderer draws a questionnaire with the report's renderer.
type paperRenderer struct {
	*renderer
	q questionnaire

	// the tick-box grid, shared by every row so that the boxes line up
	// down the page: the label column's width and each choice column's
	// offset from the end of it
	labelW float64
	cols   []float64

	pages   []string // each area's pages as drawn: "2–6"
	dry     bool     // paginate only: measure the blocks, do not draw them
	heights map[*paperQuestion]float64
	words   map[string]line // the tick boxes' words, laid out once
}

// The look of a question block. Sizes are in points, lengths in millimetres.
var (
	idSt      = style{16, true, ink}
	titleSt   = style{11, true, ink}
	metaSt    = style{8, false, muted}
	promptSt  = style{9.5, false, ink}
	proofSt   = style{7.5, false, muted}
	labelSt   = style{9, true, ink}
	choiceSt  = style{9, false, ink}
	captionSt = style{7.5, false, muted}
)

const (
	blockPad  = 3.0  // inside a block's frame, left and right
	stripPad  = 1.0  // above and below the ID
	tickBox   = 3.6  // side of a tick box
	tickGap   = 1.4  // between a box and its word
	tickRow   = 5.5  // height of a row of tick boxes
	ownerRow  = 6.6  // height of the owner line
	noteLine  = 6.35 // between the ruled lines of the notes box (narrow ruled)
	noteLines = 3    // ruled lines in the notes box
	blockGap  = 3.0  // between blocks
	minColGap = 2.0  // least space between two choice columns
	maxColGap = 7.0  // most space between two choice columns
)

var frame = rgb{140, 146, 152}

const paperSection = "Paper questionnaire"

// layoutGrid sets the tick-box columns: each as wide as its widest choice,
// evenly spaced within the block.
func (pr *paperRenderer) layoutGrid() {
	rows := pr.q.Rows
	pr.labelW = 0
	ncol := 0
	for _, row := range rows {
		pr.labelW = max(pr.labelW, pr.textWidth(row.Label, false, labelSt))
		ncol = max(ncol, len(row.Choices))
	}
	pr.labelW += 4
	widths := make([]float64, ncol)
	for _, row := range rows {
		for j, c := range row.Choices {
			widths[j] = max(widths[j], tickBox+tickGap+pr.textWidth(c.Word, false, choiceSt))
		}
	}
	sum := 0.0
	for _, w := range widths {
		sum += w
	}
	gap := maxColGap
	if ncol > 1 {
		avail := pr.width() - 2*blockPad - pr.labelW
		gap = min(maxColGap, max(minColGap, (avail-sum)/float64(ncol-1)))
	}
	pr.cols = make([]float64, ncol)
	x := 0.0
	for j, w := range widths {
		pr.cols[j] = x
		x += w + gap
	}
}

// ---- page 1: title, scope, instructions, legend ----

func (pr *paperRenderer) first(pages []string) {
	r := pr.renderer
	r.section = paperSection
	r.pdf.AddPage()
	x, w := r.left, r.width()
	r.y = 12
	r.pageTop = r.y
	r.y += r.textAt("SOC 2 READINESS", style{9, true, accent}, x, r.y, w, 'L') + 0.5
	r.y += r.textAt("Paper questionnaire", style{22, true, accent}, x, r.y, w, 'L') + 1
	st := style{15, true, ink}
	for _, size := range []float64{15, 13, 11.5, 10} {
		st.size = size
		if len(r.wrap(pr.q.Company, st, w)) <= 2 {
			break
		}
	}
	r.text(pr.q.Company, st, x, w, 'L')
	r.y += 1.5
	r.hline(r.left, r.right, r.y, accent, 0.6)
	r.y += 3

	label := style{8.5, false, muted}
	value := style{9.5, true, ink}
	details := table{cols: []col{{"", 0.17, 'L'}, {"", 0.39, 'L'}, {"", 0.13, 'L'}, {"", 0.31, 'L'}}}
	rows := [][]cell{
		{p("Report type", label), p(pr.q.ReportType, value), p("Questions", label), p(pr.q.Count, value)},
		{p(pr.q.PeriodLabel, label), p(pr.q.Period, value), p("Question bank", label), p(pr.q.Bank, value)},
		{p("Categories", label), p(pr.q.Categories, value), p("Generated", label), p(pr.q.Generated, value)},
	}
	r.table(details, rows)

	if len(pr.q.Areas) == 0 {
		r.y += 8
		h := r.height(nothingApplies, strong, w-10) + 10
		r.stroke(accent)
		r.pdf.SetLineWidth(0.5)
		r.pdf.Rect(x, r.y, w, h, "D")
		r.textAt(nothingApplies, strong, x+5, r.y+5, w-10, 'L')
		r.y += h
		return
	}

	// who filled it in: answers from several people are merged later
	r.y += 5
	pr.writeLine("Filled in by", x, r.y, x+w*0.62)
	pr.writeLine("Date", x+w*0.68, r.y, r.right)
	r.y += ownerRow + 2

	r.heading("How to fill this in", h2St, 30)
	steps := []string{
		"Tick one box per row. “In place?”: does the control exist today? “Proof for every occurrence?”: could you show an auditor a record for every time it ran, or every case it covers?",
		"Recurring controls (how often one runs is printed next to its title) have a third row: how reliably did it actually run over the past months?",
		"Write who owns the control, and notes: what exists, where the proof is kept, why a question does not apply. Tick “Unsure: ask again” if you do not know.",
		"Hand the sheets back: the facilitator types the answers into soc2ready by question ID, the large code on each question.",
	}
	for i, s := range steps {
		num := fmt.Sprintf("%d.", i+1)
		h := r.height(s, body, w-7)
		r.ensure(h)
		r.textAt(num, strong, x, r.y, 6, 'L')
		r.text(s, body, x+7, w-7, 'L')
		r.y += 0.8
	}

	r.y += 1
	r.heading("What the boxes mean", h2St, 30)
	pr.legend()
	r.y += 2
	pr.contents(pages)
}

// contents lists the areas with their question IDs and pages, so that the
// facilitator can hand each person the pages of the areas they own.
func (pr *paperRenderer) contents(pages []string) {
	r := pr.renderer
	areas := pr.q.Areas
	half := (len(areas) + 1) / 2
	entry := func(i int) []cell {
		if i >= len(areas) {
			return []cell{p("", cellSt), p("", cellSt), p("", cellSt)}
		}
		ar := areas[i]
		ids := ar.Questions[0].ID
		if n := len(ar.Questions); n > 1 {
			ids += " – " + ar.Questions[n-1].ID
		}
		pg := "–"
		if i < len(pages) {
			pg = pages[i]
		}
		return []cell{p(ar.Name, cellB), p(fmt.Sprintf("%s (%d)", ids, len(ar.Questions)), cellM), p(pg, cellSt)}
	}
	var rows [][]cell
	for i := range half {
		row := append(entry(i), p("", cellSt))
		rows = append(rows, append(row, entry(i+half)...))
	}
	t := table{
		cols: []col{
			{"Area", 0.24, 'L'}, {"Questions", 0.165, 'L'}, {"Pages", 0.075, 'R'}, {"", 0.04, 'L'},
			{"Area", 0.24, 'L'}, {"Questions", 0.165, 'L'}, {"Pages", 0.075, 'R'},
		},
		header: true,
		zebra:  true,
	}
	r.heading("Areas and pages", h2St, r.tableHeight(t, rows[:1]))
	r.table(t, rows)
}

// writeLine prints a label and a line to write on, ending at x2.
func (pr *paperRenderer) writeLine(label string, x, y, x2 float64) {
	r := pr.renderer
	lw := r.textWidth(label+":", false, labelSt)
	base := y + ownerRow - 1.6
	r.textAt(label+":", labelSt, x, base-labelSt.size*ptmm*baseline, lw+1, 'L')
	r.hline(x+lw+2, x2, base+0.6, muted, 0.25)
}

// legend explains every tick box, drawn as on the questions: the first row
// in the left column, the others in the right one.
func (pr *paperRenderer) legend() {
	r := pr.renderer
	const gutter = 6.0
	cw := (r.width() - gutter) / 2
	var cols [2][]choiceLine
	for i, row := range pr.q.Rows {
		cols[min(i, 1)] = append(cols[min(i, 1)], row)
	}
	h := max(pr.legendColumn(cols[0], r.left, r.y, cw, false), pr.legendColumn(cols[1], r.left, r.y, cw, false))
	r.ensure(h)
	pr.legendColumn(cols[0], r.left, r.y, cw, true)
	pr.legendColumn(cols[1], r.left+cw+gutter, r.y, cw, true)
	r.y += h
}

// legendColumn draws (or measures) rows of the legend and returns the height.
func (pr *paperRenderer) legendColumn(rows []choiceLine, x, y, w float64, draw bool) float64 {
	r := pr.renderer
	top := y
	tx := x + tickBox + tickGap
	for i, row := range rows {
		if i > 0 {
			y += 2.5
		}
		heading := row.Label
		if row.Recurring {
			heading += " (recurring controls only)"
		}
		if draw {
			r.textAt(heading, cellB, x, y, w, 'L')
		}
		y += r.height(heading, cellB, w) + 0.6
		for _, c := range row.Choices {
			ls := r.wrapLead(c.Word, "— "+c.Means, cellSt, x+w-tx)
			if draw {
				r.stroke(ink)
				r.pdf.SetLineWidth(0.25)
				r.pdf.Rect(x+0.3, y+(lh(cellSt)-tickBox+0.6)/2, tickBox-0.6, tickBox-0.6, "D")
				for n, l := range ls {
					r.drawLine(l, tx, y+float64(n)*lh(cellSt), x+w-tx, cellSt, 'L')
				}
			}
			y += float64(len(ls))*lh(cellSt) + 0.5
		}
	}
	return y - top
}

// ---- the questions ----

func (pr *paperRenderer) area(ar *paperArea) {
	r := pr.renderer
	pr.setSection(ar.Name)
	// the heading stays with the first question block (or, for a block
	// taller than a page, with its first lines)
	keep := pr.height(&ar.Questions[0])
	if keep > r.bottom-r.top {
		keep = pr.strip(&ar.Questions[0], 0, false) + 4*lh(promptSt)
	}
	r.y += 2
	r.heading(ar.Name, h2St, keep)
	from := r.pdf.PageNo()
	for i := range ar.Questions {
		pr.question(&ar.Questions[i])
	}
	pg := fmt.Sprint(from)
	if to := r.pdf.PageNo(); to > from {
		pg = fmt.Sprintf("%d–%d", from, to)
	}
	pr.pages = append(pr.pages, pg)
}

// question draws one question block, on a new page unless it fits on this
// one whole. Only a block taller than a page (a custom bank's very long
// prompt) is printed across pages, without its frame.
func (pr *paperRenderer) question(q *paperQuestion) {
	r := pr.renderer
	h := pr.height(q)
	if h <= r.bottom-r.top {
		r.ensure(h)
		if !pr.dry {
			pr.block(q, r.y, true)
		}
		r.y += h + blockGap
		return
	}
	r.ensure(pr.strip(q, 0, false) + 4*lh(promptSt))
	pr.longBlock(q)
	r.y += blockGap
}

// strip is the top line of a block: the ID, the title and the frequency.
// It returns its height.
func (pr *paperRenderer) strip(q *paperQuestion, y float64, draw bool) float64 {
	r := pr.renderer
	x, w := r.left+blockPad, r.width()-2*blockPad
	// only a custom bank's very long ID or frequency wraps
	idW := min(pr.natural(q.ID, idSt), w*0.35)
	meta := q.Frequency
	if q.Criteria != "" {
		meta = strings.TrimPrefix(meta+" · "+q.Criteria, " · ")
	}
	metaW := min(pr.natural(meta, metaSt), w*0.3)
	tx := x + idW + 4
	tw := x + w - metaW - 4 - tx
	// the title's and the frequency's first baselines sit on the ID's
	titleOff := (idSt.size - titleSt.size) * ptmm * baseline
	metaOff := (idSt.size - metaSt.size) * ptmm * baseline
	h := max(r.height(q.ID, idSt, idW), titleOff+r.height(q.Title, titleSt, tw), metaOff+r.height(meta, metaSt, metaW)) + 2*stripPad
	if draw {
		r.rect(r.left, y, r.width(), h, headFill)
		r.textAt(q.ID, idSt, x, y+stripPad, idW, 'L')
		r.textAt(q.Title, titleSt, tx, y+stripPad+titleOff, tw, 'L')
		r.textAt(meta, metaSt, x+w-metaW, y+stripPad+metaOff, metaW, 'R')
	}
	return h
}

// setSection names the area in the running header of the pages that follow,
// if it fits on the header's one line.
func (pr *paperRenderer) setSection(area string) {
	pr.section = paperSection
	if s := paperSection + " · " + area; pr.natural(s, sectionSt) <= pr.width()*sectionShare {
		pr.section = s
	}
}

// height measures a question block once.
func (pr *paperRenderer) height(q *paperQuestion) float64 {
	h, ok := pr.heights[q]
	if !ok {
		h = pr.block(q, 0, false)
		pr.heights[q] = h
	}
	return h
}

// natural is the width of s on one line.
func (pr *paperRenderer) natural(s string, st style) float64 {
	w := 0.0
	for _, l := range pr.wrap(s, st, 1e6) {
		w = max(w, l.w)
	}
	return w
}

// block draws (or only measures) a question block with its top at y and
// returns its height.
func (pr *paperRenderer) block(q *paperQuestion, y float64, draw bool) float64 {
	r := pr.renderer
	x, w := r.left+blockPad, r.width()-2*blockPad
	top := y
	y += pr.strip(q, y, draw) + 1.8
	y += pr.prose(q, x, y, w, draw)
	y += pr.answerRows(q, y, draw)
	if draw {
		r.stroke(frame)
		r.pdf.SetLineWidth(0.3)
		r.pdf.Rect(r.left, top, r.width(), y-top, "D")
	}
	return y - top
}

// prose is the prompt and what an auditor asks to see.
func (pr *paperRenderer) prose(q *paperQuestion, x, y, w float64, draw bool) float64 {
	r := pr.renderer
	top := y
	if draw {
		y += r.textAt(q.Prompt, promptSt, x, y, w, 'L')
	} else {
		y += r.height(q.Prompt, promptSt, w)
	}
	if q.Evidence != "" {
		y += 0.8
		ls := r.wrapLead("Proof an auditor asks for:", q.Evidence, proofSt, w)
		if draw {
			for i, l := range ls {
				r.drawLine(l, x, y+float64(i)*lh(proofSt), w, proofSt, 'L')
			}
		}
		y += float64(len(ls)) * lh(proofSt)
	}
	return y - top + 1.0
}

// answerRows are the tick-box rows, the owner line and the notes box.
func (pr *paperRenderer) answerRows(q *paperQuestion, y float64, draw bool) float64 {
	r := pr.renderer
	x, w := r.left+blockPad, r.width()-2*blockPad
	top := y
	for _, row := range pr.q.Rows {
		if row.Recurring && !q.Recurring {
			continue
		}
		if draw {
			pr.tickRow(row, x, y)
		}
		y += tickRow
	}
	if draw {
		pr.writeLine("Owner", x, y, x+w*0.6)
		unsure := "Unsure: ask again"
		uw := tickBox + tickGap + r.textWidth(unsure, false, choiceSt)
		pr.tick(unsure, x+w-uw, y+ownerRow-1.6-tickBox+0.6)
	}
	y += ownerRow + 0.8
	// the box's bottom edge is the last ruled line
	boxH := noteLines * noteLine
	if draw {
		r.stroke(frame)
		r.pdf.SetLineWidth(0.25)
		r.pdf.Rect(x, y, w, boxH, "D")
		// the caption sits on the first line, like a form's label
		base := y + noteLine - 1.4
		lw := r.textWidth("Notes:", false, labelSt)
		r.textAt("Notes:", labelSt, x+1.5, base-labelSt.size*ptmm*baseline, lw+1, 'L')
		hint := "(what exists, where the proof is; for “Not applicable”: why)"
		hw := r.textWidth(hint, false, captionSt)
		r.textAt(hint, captionSt, x+w-1.5-hw, base-captionSt.size*ptmm*baseline, hw+1, 'L')
		for i := 1; i < noteLines; i++ {
			x1 := x + 1.5
			if i == 1 {
				x1 += lw + 1.5
			}
			r.hline(x1, x+w-1.5, y+float64(i)*noteLine, rule, 0.25)
		}
	}
	y += boxH + 2.2
	return y - top
}

// tickRow draws a row's label and its tick boxes on the grid.
func (pr *paperRenderer) tickRow(row choiceLine, x, y float64) {
	r := pr.renderer
	box := y + (tickRow-tickBox)/2
	base := pr.tickBaseline(box)
	r.textAt(row.Label, labelSt, x, base-labelSt.size*ptmm*baseline, pr.labelW, 'L')
	for j, c := range row.Choices {
		pr.tick(c.Word, x+pr.labelW+pr.cols[j], box)
	}
}

// tick draws a tick box with its top-left corner at (x, y) and its word to
// the right, centred on the box.
func (pr *paperRenderer) tick(word string, x, y float64) {
	r := pr.renderer
	r.stroke(ink)
	r.pdf.SetLineWidth(0.3)
	r.pdf.Rect(x, y, tickBox, tickBox, "D")
	l, ok := pr.words[word]
	if !ok {
		l = r.wrap(word, choiceSt, 1e6)[0]
		pr.words[word] = l
	}
	r.drawLine(l, x+tickBox+tickGap, pr.tickBaseline(y)-choiceSt.size*ptmm*baseline, l.w, choiceSt, 'L')
}

// tickBaseline is where the word of a tick box with its top at y sits: its
// capitals centred on the box.
func (pr *paperRenderer) tickBaseline(y float64) float64 {
	const capHeight = 0.73 // of the font size, DejaVu Sans
	return y + tickBox/2 + capHeight*choiceSt.size*ptmm/2
}

// longBlock prints a block taller than a page: the prompt and proof break
// between lines, the answer rows stay together.
func (pr *paperRenderer) longBlock(q *paperQuestion) {
	r := pr.renderer
	x, w := r.left+blockPad, r.width()-2*blockPad
	r.y += pr.strip(q, r.y, true) + 1.8
	r.text(q.Prompt, promptSt, x, w, 'L')
	if q.Evidence != "" {
		r.y += 0.8
		for _, l := range r.wrapLead("Proof an auditor asks for:", q.Evidence, proofSt, w) {
			if r.y+lh(proofSt) > r.bottom {
				r.newPage()
			}
			r.drawLine(l, x, r.y, w, proofSt, 'L')
			r.y += lh(proofSt)
		}
	}
	r.y += 1.2
	h := pr.answerRows(q, 0, false)
	r.ensure(h)
	r.y += pr.answerRows(q, r.y, true)
}
