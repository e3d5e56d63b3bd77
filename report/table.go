package report

// Tables are measured before they are drawn: a row that does not fit on the
// current page moves to the next one, under a repeated header. Only a row
// taller than a whole page is split, between lines. A row of one cell in a
// table of several columns spans the full width and belongs to the row above
// it (notes under an answer): the two move to a new page together.

const (
	padX    = 1.6 // cell padding, left and right
	padY    = 1.3 // cell padding, top and bottom
	paraGap = 0.6 // between the paragraphs of a cell
)

type col struct {
	title string
	share float64 // of the content width
	align byte    // 'L', 'R' or 'C'
}

type para struct {
	text string
	st   style
	lead string // printed bold before text, such as a question ID
}

type cell []para

// p is a one-paragraph cell.
func p(text string, st style) cell { return cell{{text: text, st: st}} }

// lp is a one-paragraph cell with a bold lead.
func lp(lead, text string, st style) cell { return cell{{text: text, st: st, lead: lead}} }

type table struct {
	cols   []col
	header bool
	zebra  bool
	scale  float64 // font scale; 0 means 1
}

// fline is a laid-out line of a cell.
type fline struct {
	l   line
	st  style
	gap float64 // space above
}

func (t table) k() float64 {
	if t.scale == 0 {
		return 1
	}
	return t.scale
}

func (r *renderer) colWidths(t table) []float64 {
	ws := make([]float64, len(t.cols))
	for i, c := range t.cols {
		ws[i] = c.share * r.width()
	}
	return ws
}

// span reports whether a row is a full-width row attached to the one above.
func (t table) span(row []cell) bool { return len(row) == 1 && len(t.cols) > 1 }

// rowGeometry returns the widths and alignments of a row's cells.
func (r *renderer) rowGeometry(t table, row []cell, ws []float64) ([]float64, []byte) {
	if t.span(row) {
		return []float64{r.width()}, []byte{'L'}
	}
	al := make([]byte, len(t.cols))
	for i, c := range t.cols {
		al[i] = c.align
	}
	return ws, al
}

func (r *renderer) layoutRow(t table, row []cell, ws []float64) ([][]fline, float64) {
	k := t.k()
	ws, _ = r.rowGeometry(t, row, ws)
	out := make([][]fline, len(row))
	hmax := 0.0
	for i, c := range row {
		h := 0.0
		for j, pa := range c {
			st := pa.st.scaled(k)
			for n, l := range r.wrapLead(pa.lead, pa.text, st, ws[i]-2*padX*k) {
				gap := 0.0
				if j > 0 && n == 0 && h > 0 {
					gap = paraGap * k
				}
				out[i] = append(out[i], fline{l, st, gap})
				h += gap + lh(st)
			}
		}
		hmax = max(hmax, h)
	}
	return out, hmax + 2*padY*k
}

func (t table) headerRow() []cell {
	row := make([]cell, len(t.cols))
	for i, c := range t.cols {
		row[i] = p(c.title, headSt)
	}
	return row
}

// tableHeight measures a table without drawing it.
func (r *renderer) tableHeight(t table, rows [][]cell) float64 {
	ws := r.colWidths(t)
	h := 0.0
	if t.header {
		_, hh := r.layoutRow(t, t.headerRow(), ws)
		h += hh
	}
	for _, row := range rows {
		_, rh := r.layoutRow(t, row, ws)
		h += rh
	}
	return h
}

// table draws rows at r.y. A page break repeats the header, after whatever
// the enclosing block redraws (r.onPage).
func (r *renderer) table(t table, rows [][]cell) {
	if len(rows) == 0 {
		return
	}
	ws := r.colWidths(t)
	var head [][]fline
	hh := 0.0
	if t.header {
		head, hh = r.layoutRow(t, t.headerRow(), ws)
	}
	var top float64 // r.y below the header on the current page
	header := func() {
		if t.header {
			r.drawRow(t, t.headerRow(), head, ws, nil, nil, hh, headFill)
			r.y += hh
			r.hline(r.left, r.right, r.y, muted, 0.3)
		}
		top = r.y
	}
	heights := make([]float64, len(rows))
	lays := make([][][]fline, len(rows))
	for i, row := range rows {
		lays[i], heights[i] = r.layoutRow(t, row, ws)
	}
	// group is the height of a row with the span rows attached to it
	group := func(i int) float64 {
		h := heights[i]
		for j := i + 1; j < len(rows) && t.span(rows[j]); j++ {
			h += heights[j]
		}
		return h
	}
	// keep the header with the first row
	if r.y+hh+min(group(0), r.bottom-r.top-hh) > r.bottom && !r.atTop() {
		r.newPage()
	}
	outer := r.onPage
	defer func() { r.onPage = outer }()
	r.onPage = func() {
		if outer != nil {
			outer()
		}
		header()
	}
	header()
	bg, n := white, 0
	for i, row := range rows {
		h := heights[i]
		if !t.span(row) {
			bg = white
			if t.zebra && n%2 == 1 {
				bg = shade
			}
			n++
			if g := group(i); r.y+g > r.bottom && r.y > top+0.01 && g <= r.bottom-top {
				r.newPage()
			}
		}
		// a row taller than a page is split from here on; any other row that
		// does not fit moves to the next page
		if r.y+h > r.bottom && r.y > top+0.01 && h <= r.bottom-top {
			r.newPage()
		}
		if r.y+h <= r.bottom {
			r.drawRow(t, row, lays[i], ws, nil, nil, h, bg)
			r.y += h
		} else {
			r.splitRow(t, row, lays[i], ws, bg)
		}
		if i+1 == len(rows) || !t.span(rows[i+1]) {
			r.hline(r.left, r.right, r.y, rule, 0.2)
		}
	}
}

// drawRow draws lines from[i]..to[i] of each cell (nil: all of them) in a
// row of height h at r.y.
func (r *renderer) drawRow(t table, row []cell, lay [][]fline, ws []float64, from, to []int, h float64, bg rgb) {
	k := t.k()
	ws, al := r.rowGeometry(t, row, ws)
	if bg != white {
		r.rect(r.left, r.y, r.width(), h, bg)
	}
	x := r.left
	for i, c := range lay {
		start, end := 0, len(c)
		if from != nil {
			start, end = from[i], to[i]
		}
		y := r.y + padY*k
		for n := start; n < end; n++ {
			fl := c[n]
			if n > start {
				y += fl.gap
			}
			r.drawLine(fl.l, x+padX*k, y, ws[i]-2*padX*k, fl.st, al[i])
			y += lh(fl.st)
		}
		x += ws[i]
	}
}

// splitRow draws a row taller than a page across pages, breaking between
// lines of its cells.
func (r *renderer) splitRow(t table, row []cell, lay [][]fline, ws []float64, bg rgb) {
	k := t.k()
	from := make([]int, len(lay))
	for {
		avail := r.bottom - r.y - 2*padY*k
		to := make([]int, len(lay))
		used, done, moved := 0.0, true, false
		for i, c := range lay {
			h := 0.0
			n := from[i]
			for n < len(c) {
				add := lh(c[n].st)
				if n > from[i] {
					add += c[n].gap
				}
				if h+add > avail {
					break
				}
				h += add
				n++
			}
			to[i] = n
			used = max(used, h)
			moved = moved || n > from[i]
			done = done && n == len(c)
		}
		if !moved { // not even one line fits here
			r.newPage()
			continue
		}
		rh := used + 2*padY*k
		r.drawRow(t, row, lay, ws, from, to, rh, bg)
		r.y += rh
		if done {
			return
		}
		from = to
		r.newPage()
	}
}
