package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"

	"soc2ready/assets"
)

// ptmm converts a font size in points to millimetres.
const ptmm = 25.4 / 72

// leading is the line height as a multiple of the font size; baseline is
// where the baseline sits below the top of a line, in font sizes.
const (
	leading  = 1.3
	baseline = 0.99
)

type rgb struct{ r, g, b int }

// The palette. Every colour that carries meaning is paired with words or a
// pattern, so that a greyscale print says the same.
var (
	ink      = rgb{33, 37, 41}
	muted    = rgb{88, 94, 101}
	rule     = rgb{200, 205, 210}
	shade    = rgb{244, 246, 248}
	headFill = rgb{225, 230, 236}
	accent   = rgb{31, 58, 95}
	white    = rgb{255, 255, 255}
)

// band is how a verdict or a readiness band looks.
type band struct {
	text  rgb  // dark enough for text
	fill  rgb  // bars and markers
	tint  rgb  // box backgrounds
	hatch bool // diagonal lines over the fill, for greyscale prints
}

var bands = map[string]band{
	"ready":        {rgb{27, 94, 32}, rgb{46, 125, 50}, rgb{232, 245, 233}, false},
	"nearly_ready": {rgb{140, 80, 0}, rgb{236, 168, 40}, rgb{253, 243, 222}, false},
	"not_ready":    {rgb{176, 32, 32}, rgb{200, 58, 52}, rgb{252, 234, 232}, true},
	// Too little answered to say: neutral, neither pass nor fail.
	"incomplete":   {rgb{55, 65, 85}, rgb{120, 130, 150}, rgb{236, 238, 242}, false},
	"not_answered": {rgb{55, 65, 85}, rgb{120, 130, 150}, rgb{236, 238, 242}, false},
}

func bandOf(level string) band {
	if b, ok := bands[level]; ok {
		return b
	}
	return bands["not_ready"]
}

type style struct {
	size  float64 // points
	bold  bool
	color rgb
}

func (s style) scaled(k float64) style { s.size *= k; return s }

var (
	body   = style{9.5, false, ink}
	strong = style{9.5, true, ink}
	note   = style{8.5, false, muted}
	cellSt = style{8.5, false, ink}
	cellB  = style{8.5, true, ink}
	cellM  = style{7.5, false, muted}
	headSt = style{8, true, ink}
	h1St   = style{17, true, accent}
	h2St   = style{12.5, true, accent}
	h3St   = style{10.5, true, ink}
	// the section named in the running header
	sectionSt = style{8, false, muted}
)

// sectionShare is the share of the width the running header gives the
// section's name, at the right.
const sectionShare = 0.36

// Render draws the report as a PDF on w. CJK text is printed with a system
// CJK TrueType font when one is found, else replaced by a placeholder.
func Render(m Model, paper Paper, w io.Writer) error {
	var cjk *cjkFont
	if needsCJK(m) {
		cjk = systemCJK()
	}
	return render(m, paper, w, cjk)
}

// needsCJK reports whether any text of a model (the report's or the paper
// questionnaire's) is CJK, so that the large CJK font is only looked for and
// embedded when it is used.
func needsCJK(m any) bool {
	data, err := json.Marshal(m)
	if err != nil {
		return false
	}
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if isCJK(r) {
			return true
		}
		data = data[n:]
	}
	return false
}

func render(m Model, paper Paper, w io.Writer, cjk *cjkFont) (err error) {
	// an export runs off the UI goroutine: a bug here must come back as an
	// error, not take the app down
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("render report: internal error: %v", p)
		}
	}()
	r, err := newRenderer(m, paper, cjk)
	if err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	r.cover()
	r.summary()
	r.method()
	r.appendix()
	r.exceptions()
	r.plan()
	r.mock()
	r.responses()
	r.areas()
	if err := r.pdf.Output(w); err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	return nil
}

// newRenderer sets up a document: page size, fonts, metadata, running header
// and footer.
func newRenderer(m Model, paper Paper, cjk *cjkFont) (*renderer, error) {
	var size string
	switch paper {
	case A4, "":
		size = "A4"
	case Letter:
		size = "Letter"
	default:
		return nil, fmt.Errorf("unknown paper size %q (want a4 or letter)", paper)
	}
	glyphs, err := mainGlyphs()
	if err != nil {
		return nil, err
	}
	pdf := gofpdf.New("P", "mm", size, "")
	pdf.SetCreationDate(m.GeneratedAt)
	pdf.SetModificationDate(m.GeneratedAt)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(m.Title+": "+m.Company, true)
	pdf.SetSubject(m.ReportType+" readiness, "+m.Period, true)
	pdf.SetAuthor(m.PreparedBy, true)
	pdf.SetCreator("soc2ready", true)
	pdf.SetProducer("soc2ready (gofpdf)", true)
	// gofpdf writes into the font bytes it is given (padding appended to
	// table slices while subsetting), so every document gets its own copy:
	// the embedded fonts are shared by concurrent exports.
	pdf.AddUTF8FontFromBytes("dejavu", "", bytes.Clone(assets.DejaVuSans))
	pdf.AddUTF8FontFromBytes("dejavu", "B", bytes.Clone(assets.DejaVuSansBold))
	r := &renderer{pdf: pdf, m: m, main: glyphs}
	if cjk != nil {
		pdf.AddUTF8FontFromBytes("cjk", "", bytes.Clone(cjk.data))
		r.cjk = cjk.glyphs
	}
	pdf.SetAutoPageBreak(false, 0)
	pdf.AliasNbPages("{nb}")
	r.pw, r.ph = pdf.GetPageSize()
	r.left, r.right = 18, r.pw-18
	r.bottom = r.ph - 17
	pdf.SetMargins(r.left, 10, r.pw-r.right)
	r.layoutHeader()
	pdf.SetHeaderFuncMode(r.header, false)
	pdf.SetFooterFunc(r.footer)
	return r, pdf.Error()
}

type renderer struct {
	pdf  *gofpdf.Fpdf
	m    Model
	main *glyphs
	cjk  *glyphs // nil without a CJK font

	pw, ph                   float64 // page size
	left, right, top, bottom float64 // the content box
	y                        float64 // where the next block starts

	section   string // printed in the running header
	sectionNo int
	company   []line // the company name in the running header
	companySt style
	onPage    func() // redraws a table header after a page break
	pageTop   float64
	// firstFooter prints the running footer on page 1 too; the report's
	// page 1 is a cover without one
	firstFooter bool
}

func (r *renderer) width() float64 { return r.right - r.left }

// ---- text ----

func (r *renderer) setFont(cjk bool, st style) {
	switch {
	case cjk:
		r.pdf.SetFont("cjk", "", st.size)
	case st.bold:
		r.pdf.SetFont("dejavu", "B", st.size)
	default:
		r.pdf.SetFont("dejavu", "", st.size)
	}
}

func (r *renderer) textWidth(s string, cjk bool, st style) float64 {
	r.setFont(cjk, st)
	return r.pdf.GetStringWidth(s)
}

func lh(st style) float64 { return st.size * ptmm * leading }

// tok is a word, a space or a single CJK character, measured.
type tok struct {
	text  string
	cjk   bool
	bold  bool
	space bool
	w     float64
}

// line is one printed line of wrapped text.
type line struct {
	toks []tok
	w    float64
}

func (r *renderer) cjkHas() func(rune) bool {
	if r.cjk == nil {
		return nil
	}
	return r.cjk.has
}

func (r *renderer) tokens(s string, st style) []tok {
	var out []tok
	space := tok{text: " ", bold: st.bold, space: true, w: r.textWidth(" ", false, st)}
	for _, p := range printable(s, r.main.has, r.cjkHas()) {
		if p.cjk {
			for _, c := range p.text {
				if c == ' ' {
					out = append(out, space)
					continue
				}
				t := string(c)
				out = append(out, tok{text: t, cjk: true, w: r.textWidth(t, true, st)})
			}
			continue
		}
		text := p.text
		for text != "" {
			if text[0] == ' ' {
				out = append(out, space)
				text = text[1:]
				continue
			}
			i := strings.IndexByte(text, ' ')
			if i < 0 {
				i = len(text)
			}
			out = append(out, tok{text: text[:i], bold: st.bold, w: r.textWidth(text[:i], false, st)})
			text = text[i:]
		}
	}
	return out
}

// wrap breaks text into lines no wider than width: at spaces, between CJK
// characters, and inside a word only when the word alone is too wide.
// Explicit line breaks are kept. Empty text has no lines.
func (r *renderer) wrap(s string, st style, width float64) []line {
	return r.wrapLead("", s, st, width)
}

// wrapLead wraps text that starts with a bold lead, such as a question ID.
func (r *renderer) wrapLead(lead, s string, st style, width float64) []line {
	s = strings.TrimRight(clean(s), "\n ")
	lead = strings.TrimSpace(clean(lead))
	if s == "" && lead == "" {
		return nil
	}
	var lines []line
	for i, para := range strings.Split(s, "\n") {
		toks := r.tokens(para, st)
		if i == 0 && lead != "" {
			bold := st
			bold.bold = true
			lt := r.tokens(lead, bold)
			if len(toks) > 0 {
				lt = append(lt, tok{text: " ", space: true, bold: true, w: r.textWidth(" ", false, bold)})
			}
			toks = append(lt, toks...)
		}
		lines = append(lines, r.fill(toks, st, width)...)
	}
	return lines
}

// fill sets tokens into lines greedily; an empty paragraph is one empty line.
func (r *renderer) fill(toks []tok, st style, width float64) []line {
	const eps = 1e-6
	var lines []line
	var cur line
	var pend []tok
	for _, t := range toks {
		if t.space {
			if len(cur.toks) > 0 {
				pend = append(pend, t)
			}
			continue
		}
		pw := 0.0
		for _, p := range pend {
			pw += p.w
		}
		if cur.w+pw+t.w <= width+eps {
			cur.toks = append(append(cur.toks, pend...), t)
			cur.w += pw + t.w
			pend = nil
			continue
		}
		if len(cur.toks) > 0 {
			lines = append(lines, cur)
		}
		pend = nil
		for t.w > width+eps {
			var head tok
			head, t = r.breakWord(t, st, width)
			lines = append(lines, line{toks: []tok{head}, w: head.w})
		}
		cur = line{toks: []tok{t}, w: t.w}
	}
	return append(lines, cur)
}

// breakWord splits a word that is wider than a line: as many characters as
// fit, at least one. It looks at no more than one line's worth of the word
// and takes the rest's width by subtraction, so breaking a long word into n
// lines costs O(len), not O(n·len).
func (r *renderer) breakWord(t tok, st style, width float64) (head, rest tok) {
	st.bold = t.bold
	r.setFont(t.cjk, st)
	w := 0.0
	cut := 0
	for i, c := range t.text {
		cw := r.pdf.GetStringWidth(string(c))
		if w+cw > width && i > 0 {
			break
		}
		w += cw
		cut = i + utf8.RuneLen(c)
	}
	head = tok{text: t.text[:cut], cjk: t.cjk, bold: t.bold, w: w}
	rest = tok{text: t.text[cut:], cjk: t.cjk, bold: t.bold, w: max(t.w-w, 0)}
	return head, rest
}

// drawLine prints one line with its top at y, aligned in a box of width.
// Tokens keep their own weight; st gives the size and colour.
func (r *renderer) drawLine(l line, x, y, width float64, st style, align byte) {
	switch align {
	case 'R':
		x += width - l.w
	case 'C':
		x += (width - l.w) / 2
	}
	base := y + st.size*ptmm*baseline
	r.pdf.SetTextColor(st.color.r, st.color.g, st.color.b)
	for i := 0; i < len(l.toks); {
		j := i
		var b strings.Builder
		w := 0.0
		for j < len(l.toks) && l.toks[j].cjk == l.toks[i].cjk && l.toks[j].bold == l.toks[i].bold {
			b.WriteString(l.toks[j].text)
			w += l.toks[j].w
			j++
		}
		fs := st
		fs.bold = l.toks[i].bold
		r.setFont(l.toks[i].cjk, fs)
		r.pdf.Text(x, base, b.String())
		x += w
		i = j
	}
}

// height is how tall text wraps to.
func (r *renderer) height(s string, st style, width float64) float64 {
	return float64(len(r.wrap(s, st, width))) * lh(st)
}

// text prints wrapped text at r.y, breaking pages between lines, and moves
// r.y below it.
func (r *renderer) text(s string, st style, x, width float64, align byte) {
	for _, l := range r.wrap(s, st, width) {
		if r.y+lh(st) > r.bottom {
			r.newPage()
		}
		r.drawLine(l, x, r.y, width, st, align)
		r.y += lh(st)
	}
}

// textAt prints wrapped text with its top at y without moving r.y; it
// returns the height used.
func (r *renderer) textAt(s string, st style, x, y, width float64, align byte) float64 {
	ls := r.wrap(s, st, width)
	for i, l := range ls {
		r.drawLine(l, x, y+float64(i)*lh(st), width, st, align)
	}
	return float64(len(ls)) * lh(st)
}

// fit returns the largest size from sizes at which s fits in one line of
// width, or the smallest size.
func (r *renderer) fit(s string, st style, width float64, sizes ...float64) style {
	for _, sz := range sizes {
		st.size = sz
		if len(r.wrap(s, st, width)) <= 1 {
			return st
		}
	}
	return st
}

// ---- drawing ----

func (r *renderer) setFill(c rgb) { r.pdf.SetFillColor(c.r, c.g, c.b) }
func (r *renderer) stroke(c rgb)  { r.pdf.SetDrawColor(c.r, c.g, c.b) }

func (r *renderer) rect(x, y, w, h float64, c rgb) {
	r.setFill(c)
	r.pdf.Rect(x, y, w, h, "F")
}

func (r *renderer) hline(x1, x2, y float64, c rgb, width float64) {
	r.stroke(c)
	r.pdf.SetLineWidth(width)
	r.pdf.Line(x1, y, x2, y)
}

func (r *renderer) vline(x, y1, y2 float64, c rgb, width float64, dashed bool) {
	r.stroke(c)
	r.pdf.SetLineWidth(width)
	if dashed {
		r.pdf.SetDashPattern([]float64{0.8, 0.8}, 0)
	}
	r.pdf.Line(x, y1, x, y2)
	if dashed {
		r.pdf.SetDashPattern([]float64{}, 0)
	}
}

// hatch draws white diagonal lines over a rectangle: the greyscale-safe
// pattern of the "not ready" band.
func (r *renderer) hatch(x, y, w, h float64) {
	if w <= 0 || h <= 0 {
		return
	}
	r.pdf.ClipRect(x, y, w, h, false)
	r.stroke(white)
	r.pdf.SetLineWidth(0.35)
	for d := -h; d < w; d += 1.3 {
		r.pdf.Line(x+d, y+h, x+d+h, y)
	}
	r.pdf.ClipEnd()
}

func (r *renderer) diamond(cx, cy, size float64, fill rgb, outline bool) {
	h := size / 2
	pts := []gofpdf.PointType{{X: cx, Y: cy - h}, {X: cx + h, Y: cy}, {X: cx, Y: cy + h}, {X: cx - h, Y: cy}}
	r.setFill(fill)
	if outline {
		r.stroke(ink)
		r.pdf.SetLineWidth(0.4)
		r.pdf.Polygon(pts, "FD")
		return
	}
	r.pdf.Polygon(pts, "F")
}

// ---- pages ----

// layoutHeader fits the company name into the running header: smaller type
// first, then up to three lines; only a name longer than that is shortened
// there (the cover prints it in full).
func (r *renderer) layoutHeader() {
	w := r.width() * 0.62
	st := r.fit(r.m.Company, style{8, true, ink}, w, 8, 7.5, 7, 6.5)
	ls := r.wrap(r.m.Company, st, w)
	if len(ls) > 3 {
		ls = ls[:3]
		last := &ls[2]
		ell := tok{text: "…", w: r.textWidth("…", false, st)}
		for len(last.toks) > 0 && last.w+ell.w > w {
			t := last.toks[len(last.toks)-1]
			last.toks = last.toks[:len(last.toks)-1]
			last.w -= t.w
		}
		last.toks = append(last.toks, ell)
		last.w += ell.w
	}
	r.company, r.companySt = ls, st
	r.top = 10 + math.Max(1, float64(len(ls)))*lh(st) + 6
}

func (r *renderer) header() {
	if r.pdf.PageNo() == 1 {
		return
	}
	y := 10.0
	for _, l := range r.company {
		r.drawLine(l, r.left, y, r.width()*0.62, r.companySt, 'L')
		y += lh(r.companySt)
	}
	r.textAt(r.section, sectionSt, r.left+r.width()*(1-sectionShare), 10, r.width()*sectionShare, 'R')
	r.hline(r.left, r.right, r.top-3.5, rule, 0.3)
}

func (r *renderer) footer() {
	if r.pdf.PageNo() == 1 && !r.firstFooter {
		return
	}
	y := r.ph - 12
	r.hline(r.left, r.right, y-1.5, rule, 0.3)
	st := style{7.5, false, muted}
	third := r.width() / 3
	r.textAt(fmt.Sprintf("Page %d of {nb}", r.pdf.PageNo()), st, r.left, y, third, 'L')
	r.textAt("Confidential", style{7.5, true, muted}, r.left+third, y, third, 'C')
	r.textAt("Generated "+r.m.Generated, st, r.left+2*third, y, third, 'R')
}

func (r *renderer) newPage() {
	r.pdf.AddPage()
	r.y = r.top
	if r.onPage != nil {
		r.onPage()
	}
	r.pageTop = r.y
}

// atTop reports whether nothing but running headers is on the page yet.
func (r *renderer) atTop() bool { return r.y <= r.pageTop+0.01 }

// ensure starts a new page unless h more millimetres fit on this one.
func (r *renderer) ensure(h float64) {
	if r.y+h > r.bottom && !r.atTop() {
		r.newPage()
	}
}

// startSection begins a numbered section on a new page.
func (r *renderer) startSection(title string) {
	r.sectionNo++
	r.sectionTitle(fmt.Sprintf("%d  %s", r.sectionNo, title), title)
}

func (r *renderer) sectionTitle(heading, running string) {
	r.onPage = nil
	r.section = running
	r.newPage()
	r.text(heading, h1St, r.left, r.width(), 'L')
	r.y += 1.5
	r.hline(r.left, r.right, r.y, accent, 0.6)
	r.y += 5
}

// heading prints a sub-heading, on a new page unless it and keep more
// millimetres fit on this one.
func (r *renderer) heading(s string, st style, keep float64) {
	h := r.height(s, st, r.width())
	r.ensure(h + keep + 2)
	r.y += 1
	r.text(s, st, r.left, r.width(), 'L')
	r.y += 1.5
}
