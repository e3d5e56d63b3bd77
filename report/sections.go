package report

import (
	"fmt"
	"math"
	"strings"
)

// ---- cover ----

func (r *renderer) cover() {
	r.section = ""
	r.pdf.AddPage()
	band := 86.0
	r.rect(0, 0, r.pw, band, accent)
	x, w := r.left, r.width()
	y := 30.0
	y += r.textAt("SOC 2 READINESS", style{10, true, rgb{186, 202, 224}}, x, y, w, 'L') + 2
	y += r.textAt("Remediation plan", style{30, true, white}, x, y, w, 'L') + 2
	r.textAt("What an auditor would most likely find today, and what to do about it", style{11.5, false, rgb{222, 230, 240}}, x, y, w, 'L')

	details := table{cols: []col{{"", 0.3, 'L'}, {"", 0.7, 'L'}}}
	prepared := r.m.PreparedBy
	if prepared == "" {
		prepared = "—"
	}
	label := style{9, false, muted}
	value := style{10, true, ink}
	rows := [][]cell{
		{p("Report type", label), p(r.m.ReportType, value)},
		{p(r.m.PeriodLabel, label), p(r.m.Period, value)},
		{p("Trust Services Categories", label), p(r.m.Categories, value)},
		{p("Prepared by", label), p(prepared, value)},
		{p("Generated", label), p(r.m.Generated, value)},
		{p("Question bank", label), p(r.m.Bank, value)},
	}
	const boxH = 24.0
	boxY := r.ph - 20 - boxH

	r.y = band + 20
	r.y += r.textAt("Prepared for", style{9.5, false, muted}, x, r.y, w, 'L') + 1.5
	// the company name in full: as large as fits, never cut
	room := boxY - 8 - r.tableHeight(details, rows) - 10 - r.y
	st := style{24, true, ink}
	for _, size := range []float64{24, 22, 20, 18, 16, 14, 12, 11, 10, 9, 8} {
		st.size = size
		ls := r.wrap(r.m.Company, st, w)
		if len(ls) <= 2 && size >= 16 || float64(len(ls))*lh(st) <= room && size < 16 {
			break
		}
	}
	r.text(r.m.Company, st, x, w, 'L')
	r.y += 10
	r.table(details, rows)

	boxY = max(boxY, r.y+8)
	r.stroke(accent)
	r.pdf.SetLineWidth(0.5)
	r.pdf.Rect(x, boxY, w, boxH, "D")
	r.textAt("CONFIDENTIAL", style{12, true, accent}, x+5, boxY+4, w-10, 'L')
	r.textAt("This plan describes gaps in the company's security controls. Share it only with the people who act on it and with the company's auditors.",
		style{8.5, false, muted}, x+5, boxY+10.5, w-10, 'L')
}

// ---- executive summary ----

const nothingApplies = "No question applies to this scope: check the categories in scope and the company profile."

func (r *renderer) noExceptions() string {
	if r.m.Summary.NothingApplies {
		return "No likely exceptions. " + nothingApplies
	}
	if n := r.m.Summary.Effort.Unanswered; n > 0 {
		return fmt.Sprintf("No likely exceptions among the answered questions, but %s not answered yet: answer %s first (see the plan), since until then the forecast counts each as an exception.",
			plural(n, "question is", "questions are"), map[bool]string{true: "it", false: "them"}[n == 1])
	}
	return "No likely exceptions: every applicable control is expected to pass an audit as answered."
}

func (r *renderer) summary() {
	r.startSection("Executive summary")
	// the summary is one page: shrink it until it fits
	avail := r.bottom - r.y
	k := 1.0
	for k > 0.6 && r.summaryBody(k, false) > avail {
		k -= 0.04
	}
	r.summaryBody(k, true)
}

// put prints or only measures text at r.y and moves r.y below it.
func (r *renderer) put(draw bool, s string, st style, x, w float64, align byte) {
	if draw {
		r.y += r.textAt(s, st, x, r.y, w, align)
		return
	}
	r.y += r.height(s, st, w)
}

func (r *renderer) summaryBody(k float64, draw bool) float64 {
	y0 := r.y
	s := r.m.Summary
	gap := 5 * k
	r.verdictBox(k, draw)
	r.y += gap
	r.opinionBox(k, draw)
	r.y += gap
	r.tiles(k, draw)
	r.y += gap
	if r.m.Progress != nil {
		r.progressBox(k, draw)
		r.y += gap
	}

	r.put(draw, "Readiness by area", h3St.scaled(k), r.left, r.width(), 'L')
	r.y += 1.5 * k
	if len(s.Areas) == 0 {
		r.put(draw, nothingApplies, body.scaled(k), r.left, r.width(), 'L')
	} else {
		r.areaChart(k, draw)
	}
	r.y += gap

	r.put(draw, "Most serious findings", h3St.scaled(k), r.left, r.width(), 'L')
	r.y += 1.5 * k
	if len(s.Top) == 0 {
		r.put(draw, r.noExceptions(), body.scaled(k), r.left, r.width(), 'L')
	} else {
		t, rows := r.topTable(k)
		if draw {
			r.table(t, rows)
		} else {
			r.y += r.tableHeight(t, rows)
		}
		if s.More > 0 {
			r.y += 1 * k
			r.put(draw, fmt.Sprintf("…and %s in section 2.", plural(s.More, "more finding", "more findings")), note.scaled(k), r.left, r.width(), 'L')
		}
	}
	r.y += gap

	r.put(draw, "Remediation effort", h3St.scaled(k), r.left, r.width(), 'L')
	r.y += 1.5 * k
	r.put(draw, s.Effort.Headline, strong.scaled(k), r.left, r.width(), 'L')
	r.put(draw, s.Effort.Breakdown, body.scaled(k), r.left, r.width(), 'L')
	r.put(draw, s.Deadline, body.scaled(k), r.left, r.width(), 'L')

	h := r.y - y0
	if !draw {
		r.y = y0
	}
	return h
}

func (r *renderer) verdictBox(k float64, draw bool) {
	s := r.m.Summary
	b := bandOf(s.Level)
	pad := 4 * k
	strip := 3 * k
	leftW := 56 * k
	labelSt := style{7.5 * k, true, muted}
	verdictSt := r.fit(s.Verdict, style{19 * k, true, b.text}, leftW-2*pad, 19*k, 17*k, 15*k, 13*k)
	reasonSt := style{10 * k, false, ink}
	vx := r.left + strip + pad
	rx := r.left + strip + leftW
	rw := r.right - pad - rx
	leftH := lh(labelSt) + r.height(s.Verdict, verdictSt, leftW-2*pad)
	reasonH := lh(labelSt) + r.height(s.Reason, reasonSt, rw)
	h := max(leftH, reasonH) + 2*pad
	if draw {
		r.rect(r.left, r.y, r.width(), h, b.tint)
		r.rect(r.left, r.y, strip, h, b.fill)
		if b.hatch {
			r.hatch(r.left, r.y, strip, h)
		}
		y := r.y + pad
		r.textAt("VERDICT", labelSt, vx, y, leftW-2*pad, 'L')
		r.textAt(s.Verdict, verdictSt, vx, y+lh(labelSt), leftW-2*pad, 'L')
		r.textAt("WHY", labelSt, rx, y, rw, 'L')
		r.textAt(s.Reason, reasonSt, rx, y+lh(labelSt), rw, 'L')
	}
	r.y += h
}

func (r *renderer) tiles(k float64, draw bool) {
	s := r.m.Summary
	expected := s.Expected
	if s.ExpectedRange != "" && !s.NothingApplies {
		expected += " (" + s.ExpectedRange + ")"
	}
	tiles := []struct{ value, label string }{
		{s.Readiness, "Readiness of the answered questions, out of 100"},
		{expected, "Reportable exceptions expected (likely range)"},
		{s.CleanChance, "Chance of a report with no exceptions"},
		{s.Answered, "Questions answered"},
	}
	gap := 3 * k
	pad := 3 * k
	w := (r.width() - 3*gap) / 4
	valueSt := style{18 * k, true, accent}
	labelSt := style{8 * k, false, muted}
	// one size for all values, the largest at which each fits on one line
	for _, t := range tiles {
		valueSt = r.fit(t.value, valueSt, w-2*pad, valueSt.size, 16*k, 14*k, 12*k, 10*k)
	}
	inner := 0.0
	for _, t := range tiles {
		inner = max(inner, r.height(t.value, valueSt, w-2*pad)+1*k+r.height(t.label, labelSt, w-2*pad))
	}
	h := inner + 2*pad
	if draw {
		for i, t := range tiles {
			x := r.left + float64(i)*(w+gap)
			r.rect(x, r.y, w, h, shade)
			r.rect(x, r.y, w, 0.8*k, accent)
			vh := r.textAt(t.value, valueSt, x+pad, r.y+pad, w-2*pad, 'L')
			r.textAt(t.label, labelSt, x+pad, r.y+pad+vh+1*k, w-2*pad, 'L')
		}
	}
	r.y += h
}

// opinionBox leads with what the auditor's opinion would most likely be, why,
// and the criteria at risk, and says that it is a forecast, not an audit.
func (r *renderer) opinionBox(k float64, draw bool) {
	s := r.m.Summary
	pad := 2.5 * k
	titleSt := style{10 * k, true, ink}
	textSt := style{8.5 * k, false, ink}
	noteSt := style{7.5 * k, false, muted}
	w := r.width() - 2*pad
	title := "Opinion forecast: " + s.Opinion
	// the reason, then the criteria that drive it by name and the others
	// by count, then what it means for the business and what to aim for
	paras := []para{{text: s.OpinionReason, st: textSt}}
	var key []string
	others := 0
	for _, c := range s.AtRisk {
		if c.Key {
			key = append(key, c.ID+" ("+strings.ToLower(c.State)+")")
		} else {
			others++
		}
	}
	switch {
	case len(key) > 0 && others > 0:
		paras = append(paras, para{lead: "Criteria at risk:", text: fmt.Sprintf("%s; %s at risk beside other controls (section 3).", strings.Join(key, ", "), plural(others, "more", "more")), st: textSt})
	case len(key) > 0:
		paras = append(paras, para{lead: "Criteria at risk:", text: strings.Join(key, ", ") + ".", st: textSt})
	case others > 0:
		paras = append(paras, para{lead: "Criteria at risk:", text: fmt.Sprintf("%s, each beside other controls that exist (section 3).", plural(others, "criterion", "criteria")), st: textSt})
	}
	if s.Impact != "" {
		paras = append(paras, para{lead: "For the business:", text: s.Impact, st: textSt})
	}
	if s.Recommend != "" {
		paras = append(paras, para{lead: "Recommended:", text: s.Recommend, st: textSt})
	}
	foot := s.Coverage + " A forecast from the answers given, not an audit or an attestation."
	h := r.height(title, titleSt, w) + r.height(foot, noteSt, w) + 2*pad
	for _, pa := range paras {
		h += r.paraHeight(pa, w) + 0.8*k
	}
	if draw {
		r.frame(h)
		y := r.y + pad
		y += r.textAt(title, titleSt, r.left+pad, y, w, 'L')
		for _, pa := range paras {
			y += r.paraAt(pa, r.left+pad, y, w) + 0.8*k
		}
		r.textAt(foot, noteSt, r.left+pad, y, w, 'L')
	}
	r.y += h
}

// frame draws the thin rule around a box of height h at r.y, the full width.
func (r *renderer) frame(h float64) {
	r.stroke(rule)
	r.pdf.SetLineWidth(0.3)
	r.pdf.Rect(r.left, r.y, r.width(), h, "D")
}

// paraHeight and paraAt measure and draw one paragraph with its bold lead.
func (r *renderer) paraHeight(pa para, w float64) float64 {
	return float64(len(r.wrapLead(pa.lead, pa.text, pa.st, w))) * lh(pa.st)
}

func (r *renderer) paraAt(pa para, x, y, w float64) float64 {
	ls := r.wrapLead(pa.lead, pa.text, pa.st, w)
	for i, l := range ls {
		r.drawLine(l, x, y+float64(i)*lh(pa.st), w, pa.st, 'L')
	}
	return float64(len(ls)) * lh(pa.st)
}

func (r *renderer) progressBox(k float64, draw bool) {
	pr := r.m.Progress
	pad := 2.5 * k
	title := "Progress since " + pr.Since
	if pr.Label != "" {
		title += " (" + pr.Label + ")"
	}
	titleSt := style{8.5 * k, true, ink}
	textSt := style{8.5 * k, false, ink}
	w := r.width() - 2*pad
	h := r.height(title, titleSt, w) + r.height(pr.Text, textSt, w) + 2*pad
	if draw {
		r.frame(h)
		y := r.y + pad
		y += r.textAt(title, titleSt, r.left+pad, y, w, 'L')
		r.textAt(pr.Text, textSt, r.left+pad, y, w, 'L')
	}
	r.y += h
}

// areaChart draws readiness per area as horizontal bars, each labelled with
// its area and its number; the band of each bar is also a pattern, and a
// legend names the bands.
func (r *renderer) areaChart(k float64, draw bool) {
	bars := r.m.Summary.Areas
	nameW := r.width() * 0.3
	numW := 9 * k
	trackX := r.left + nameW + 2*k
	trackW := r.right - numW - trackX
	nameSt := style{8 * k, false, ink}
	numSt := style{8 * k, true, ink}
	scaleSt := style{6.5 * k, false, muted}
	barH := 3.6 * k
	rowGap := 1.2 * k
	xOf := func(v float64) float64 { return trackX + math.Max(0, math.Min(100, v))/100*trackW }

	// scale above the bars
	scaleH := lh(scaleSt) + 0.5*k
	if draw {
		for _, v := range []float64{0, 50, nearlyBand, readyBand, 100} {
			label := score(v)
			tw := r.textWidth(label, false, scaleSt)
			r.textAt(label, scaleSt, xOf(v)-tw/2, r.y, tw+1, 'L')
		}
	}
	r.y += scaleH
	hs := make([]float64, len(bars))
	rows := 0.0
	for i, b := range bars {
		hs[i] = max(r.height(b.Name, nameSt, nameW), barH) + rowGap
		rows += hs[i]
	}
	if draw {
		// tracks, then the band lines, then bars and their numbers on top
		y := r.y
		for _, h := range hs {
			r.rect(trackX, y+(h-barH)/2, trackW, barH, shade)
			y += h
		}
		for _, v := range []float64{nearlyBand, readyBand} {
			r.vline(xOf(v), r.y, r.y+rows, muted, 0.25, true)
		}
		y = r.y
		for i, b := range bars {
			h := hs[i]
			nh := r.height(b.Name, nameSt, nameW)
			r.textAt(b.Name, nameSt, r.left, y+(h-nh)/2, nameW, 'R')
			by := y + (h-barH)/2
			bd := bandOf(b.Band)
			bw := xOf(b.Value) - trackX
			r.rect(trackX, by, bw, barH, bd.fill)
			if bd.hatch {
				r.hatch(trackX, by, bw, barH)
			}
			nw := r.textWidth(b.Label, false, numSt)
			nx := xOf(b.Value) + 1.2*k
			r.rect(nx-0.6*k, by, nw+1.2*k, barH, white)
			r.textAt(b.Label, numSt, nx, y+(h-lh(numSt))/2, numW, 'L')
			y += h
		}
	}
	r.y += rows
	// legend
	r.y += 1.5 * k
	legendSt := style{7 * k, false, muted}
	if draw {
		x := trackX
		sw := 6 * k
		for _, l := range []struct{ band, text string }{
			{"ready", "90 and above"},
			{"nearly_ready", "70 to 89"},
			{"not_ready", "below 70 (hatched)"},
		} {
			bd := bandOf(l.band)
			r.rect(x, r.y+0.5*k, sw, lh(legendSt)-1*k, bd.fill)
			if bd.hatch {
				r.hatch(x, r.y+0.5*k, sw, lh(legendSt)-1*k)
			}
			x += sw + 1.5*k
			tw := r.textWidth(l.text, false, legendSt)
			r.textAt(l.text, legendSt, x, r.y, tw+1, 'L')
			x += tw + 5*k
		}
		r.textAt("Dashed lines: 70 and 90", legendSt, x, r.y, r.right-x, 'L')
	}
	r.y += lh(legendSt)
}

func (r *renderer) topTable(k float64) (table, [][]cell) {
	t := table{
		cols: []col{
			{"#", 0.05, 'R'},
			{"Likely exception", 0.55, 'L'},
			{"Chance", 0.12, 'R'},
			{"Impact", 0.12, 'L'},
			{"Criteria", 0.16, 'L'},
		},
		header: true,
		scale:  k,
	}
	var rows [][]cell
	for _, e := range r.m.Summary.Top {
		rows = append(rows, []cell{
			p(fmt.Sprint(e.Rank), cellSt),
			{{lead: e.ID, text: e.Title, st: cellSt}, {text: e.Area, st: cellM}},
			p(e.Chance, cellB),
			p(e.Impact, cellSt),
			p(e.Criteria, cellSt),
		})
	}
	return t, rows
}

// ---- likely exceptions ----

func (r *renderer) exceptions() {
	r.startSection("Findings")
	ex := r.m.Exceptions
	if len(ex) == 0 {
		r.text(r.noExceptions(), body, r.left, r.width(), 'L')
		return
	}
	intro := fmt.Sprintf("A missing control puts its criteria at risk (the opinion); a control that exists but slipped in the occurrences an auditor samples is a reportable exception. These %s have at least a %s chance of a finding, most serious first (impact × chance).",
		plural(len(ex), "control", "controls"), r.m.Materiality)
	if n := r.m.Summary.Effort.Unanswered; n > 0 {
		intro += fmt.Sprintf(" %s not answered yet %s not listed here and not counted: the plan asks for them first.",
			plural(n, "question", "questions"), map[bool]string{true: "is", false: "are"}[n == 1])
	}
	r.text(intro, note, r.left, r.width(), 'L')
	r.y += 4
	t := table{
		cols: []col{
			{"#", 0.06, 'R'},
			{"Control", 0.25, 'L'},
			{"Chance", 0.09, 'R'},
			{"Impact", 0.09, 'L'},
			{"Criteria", 0.1, 'L'},
			{"Why", 0.41, 'L'},
		},
		header: true,
		zebra:  true,
	}
	// Controls that do not exist need no reason each: the criteria matrix
	// says what they put at risk. They are named in one paragraph.
	var rows [][]cell
	var missing []string
	for _, e := range ex {
		if e.Kind == "Missing control" || e.Kind == "Recommended practice" {
			missing = append(missing, e.ID+" "+e.Title)
			continue
		}
		rows = append(rows, []cell{
			p(fmt.Sprint(e.Rank), cellSt),
			{{lead: e.ID, text: e.Title, st: cellSt}, {text: e.Area, st: cellM}},
			{{text: e.Chance, st: cellB}, {text: e.Kind, st: cellM}},
			p(e.Impact, cellSt),
			p(e.Criteria, cellSt),
			p(e.Reason, cellSt),
		})
	}
	if len(missing) > 0 {
		r.heading(fmt.Sprintf("Controls not in place (%d)", len(missing)), h3St, 3*lh(cellSt))
		r.text(strings.Join(missing, " · ")+". Each leaves its criteria at risk (section 3) and is an action in the plan.", cellSt, r.left, r.width(), 'L')
		r.y += 4
	}
	if len(rows) > 0 {
		r.heading("Likely exceptions in testing", h3St, 20)
		r.table(t, rows)
	}
}

// ---- remediation plan ----

func (r *renderer) plan() {
	r.startSection("Remediation plan")
	pl := r.m.Plan
	if len(pl.Actions) == 0 {
		msg := "No actions: every applicable control is expected to pass an audit as answered."
		if r.m.Summary.NothingApplies {
			msg = "No actions. " + nothingApplies
		}
		r.text(msg, body, r.left, r.width(), 'L')
		return
	}
	r.text(pl.Note+" Effort: S up to 2 days, M up to 2 weeks, L more than 2 weeks. Done actions stay listed until the next assessment.", note, r.left, r.width(), 'L')
	r.y += 4
	t := table{
		cols: []col{
			{"#", 0.05, 'R'},
			{"Action", 0.55, 'L'},
			{"Owner", 0.13, 'L'},
			{"Target date", 0.11, 'L'},
			{"Effort", 0.07, 'C'},
			{"Criteria", 0.09, 'L'},
		},
		header: true,
		zebra:  true,
	}
	var rows [][]cell
	for _, a := range pl.Actions {
		meta := a.Title + " · " + a.Chance + " chance"
		switch {
		case a.Answer:
			meta = a.Title + " · not answered yet"
		case a.Respond:
			meta = a.Title + " · a lapse inside the period"
		}
		if a.Status != "To do" {
			meta += " · " + a.Status
		}
		due := p(a.Due, cellSt)
		if a.Late {
			due = append(due, para{text: "Late", st: cellB})
		}
		what := cell{{text: a.Action, st: cellB}, {lead: a.ID, text: meta, st: cellM}}
		if len(a.Steps) > 0 && !a.Answer {
			var steps []string
			for i, s := range a.Steps {
				steps = append(steps, fmt.Sprintf("%d) %s", i+1, s))
			}
			what = append(what, para{text: strings.Join(steps, " "), st: cellM})
		}
		if a.After != "" {
			what = append(what, para{lead: "After", text: a.After, st: cellM})
		}
		if a.Critical {
			what = append(what, para{text: "◆ On the critical path", st: cellM})
		}
		rows = append(rows, []cell{
			p(fmt.Sprint(a.Priority), cellSt),
			what,
			p(a.Owner, cellSt),
			due,
			p(a.Effort, cellB),
			p(a.Criteria, cellSt),
		})
	}
	r.table(t, rows)
	if pl.Critical != "" {
		r.y += 3
		r.text(pl.Critical, strong, r.left, r.width(), 'L')
	}
	r.y += 6
	r.timeline()
	r.load()
}

// load prints each owner's remediation work per month, so that someone with
// more work than a month holds stands out.
func (r *renderer) load() {
	lt := r.m.Plan.Load
	if len(lt.Rows) == 0 {
		return
	}
	shown := min(len(lt.Months), 6)
	cols := []col{{"Owner", 0.28, 'L'}}
	for _, m := range lt.Months[:shown] {
		cols = append(cols, col{m, 0.72 / float64(shown), 'R'})
	}
	t := table{cols: cols, header: true, zebra: true}
	var rows [][]cell
	for _, row := range lt.Rows {
		c := []cell{p(row.Owner, cellB)}
		for _, d := range row.Days[:shown] {
			c = append(c, p(d, cellSt))
		}
		rows = append(rows, c)
	}
	_, hh := r.layoutRow(t, t.headerRow(), r.colWidths(t))
	r.y += 6
	r.heading("Work per owner per month", h3St, lh(note)+hh+12)
	note := "Person-days at most, by the month each action starts. About 20 working days fit in a month; more than that for one person will slip."
	if len(lt.Months) > shown {
		note += fmt.Sprintf(" The first %d months are shown.", shown)
	}
	r.text(note, style{8.5, false, muted}, r.left, r.width(), 'L')
	r.y += 2
	r.table(t, rows)
}

// timeline draws the open actions by target date, grouped by month, on a
// month axis from today to the deadline. It stays on one page when it can.
func (r *renderer) timeline() {
	tl := r.m.Plan.Timeline
	legend := "◆ target date, with the number of actions due that day · ◇ late or overdue · dashed line: today · solid line: " +
		strings.ToLower(r.m.Plan.DeadlineLabel) + deadlineDate(r.m.Plan.Deadline)
	legendSt := style{7, false, muted}
	labelW := r.width() * 0.36
	x0, x1 := r.left+labelW+3, r.right-8
	span := float64(max(tl.Span, 1))
	xOf := func(day float64) float64 { return x0 + math.Max(0, math.Min(day, span))/span*(x1-x0) }
	monthSt := style{7, true, ink}
	tagSt := style{6.5, false, muted}
	tagBold := style{6.5, true, accent}
	dateSt := style{8, true, ink}
	infoSt := style{7, false, muted}
	monthRowSt := style{8, true, accent}
	axisH := lh(monthSt) + 1.5
	tagH := lh(tagSt) + 1
	monthH := lh(monthRowSt) + 2

	type dateRow struct {
		g          DueGroup
		head, info string
		h          float64
	}
	rows := make([][]dateRow, len(tl.Groups))
	total := r.height(tl.Description, note, r.width()) + 3 + axisH + tagH + 2 + r.height(legend, legendSt, r.width())
	for i, mg := range tl.Groups {
		total += monthH
		for _, g := range mg.Dates {
			head := g.Due + " · " + plural(g.Count, "action", "actions")
			switch {
			case g.Overdue:
				head += " · overdue"
			case g.Late:
				head += " · late"
			}
			info := g.Priorities + " · effort " + g.Effort
			h := max(r.height(head, dateSt, labelW-2)+r.height(info, infoSt, labelW-2)+2.4, 7)
			rows[i] = append(rows[i], dateRow{g, head, info, h})
			total += h
		}
	}
	keep := total
	if keep > r.bottom-r.top-12 { // longer than a page: keep the start together
		keep = r.height(tl.Description, note, r.width()) + 40
	}
	r.heading("Timeline", h2St, keep)
	r.text(tl.Description, note, r.left, r.width(), 'L')
	if len(tl.Groups) == 0 || len(tl.Months) == 0 {
		return
	}
	r.y += 3

	// month labels: the longest form that fits every band
	labels := make([]string, len(tl.Months))
	for form := range 3 {
		fits := true
		for i, m := range tl.Months {
			switch form {
			case 0:
				labels[i] = m.Long
			case 1:
				labels[i] = m.Short
			default:
				labels[i] = firstRune(m.Short)
			}
			if r.textWidth(labels[i], false, monthSt)+1 > xOf(float64(m.To))-xOf(float64(m.From)) {
				fits = false
			}
		}
		if fits {
			break
		}
	}
	lanes := func(y, h float64) {
		for i, m := range tl.Months {
			if i%2 == 0 {
				r.rect(xOf(float64(m.From)), y, xOf(float64(m.To))-xOf(float64(m.From)), h, shade)
			}
		}
		r.vline(xOf(float64(tl.Today)+0.5), y, y+h, muted, 0.35, true)
		if tl.Deadline >= 0 {
			r.vline(xOf(float64(tl.Deadline)+0.5), y, y+h, accent, 0.8, false)
		}
	}
	axis := func() {
		y := r.y
		r.textAt("Target date", headSt, r.left, y+0.5, labelW, 'L')
		for i, m := range tl.Months {
			a, b := xOf(float64(m.From)), xOf(float64(m.To))
			fill := headFill
			if i%2 == 1 {
				fill = shade
			}
			r.rect(a, y, b-a, axisH, fill)
			if r.textWidth(labels[i], false, monthSt)+1 <= b-a {
				r.textAt(labels[i], monthSt, a, y+0.75, b-a, 'C')
			}
		}
		y += axisH
		lanes(y, tagH)
		tx := xOf(float64(tl.Today) + 0.5)
		tw := r.textWidth("Today", false, tagSt)
		r.textAt("Today", tagSt, tx+0.8, y+0.3, tw+1, 'L')
		if tl.Deadline >= 0 {
			dx := xOf(float64(tl.Deadline) + 0.5)
			dw := r.textWidth("Deadline", false, tagBold)
			if dx-1-dw > tx+tw+2 {
				r.textAt("Deadline", tagBold, dx-1-dw, y+0.3, dw+0.5, 'R')
			}
		}
		r.y = y + tagH
		r.hline(r.left, r.right, r.y, muted, 0.3)
	}
	outer := r.onPage
	r.onPage = axis
	defer func() { r.onPage = outer }()
	axis()
	for i, mg := range tl.Groups {
		if len(rows[i]) == 0 {
			continue
		}
		if r.y+monthH+rows[i][0].h > r.bottom {
			r.newPage()
		}
		lanes(r.y, monthH)
		r.textAt(mg.Month+" · "+plural(mg.Count, "action", "actions"), monthRowSt, r.left, r.y+1, labelW, 'L')
		r.y += monthH
		for _, row := range rows[i] {
			g := row.g
			if r.y+row.h > r.bottom {
				r.newPage()
			}
			lanes(r.y, row.h)
			y := r.y + 1.2
			y += r.textAt(row.head, dateSt, r.left+2, y, labelW-2, 'L')
			r.textAt(row.info, infoSt, r.left+2, y, labelW-2, 'L')
			cx, cy := xOf(float64(g.Day)+0.5), r.y+row.h/2
			warn := g.Late || g.Overdue
			fill := accent
			if warn {
				fill = white
			}
			r.diamond(cx, cy, 3.6, fill, warn)
			count := fmt.Sprint(g.Count)
			cst := style{7, true, ink}
			cw := r.textWidth(count, false, cst)
			tx := cx + 2.4
			if tx+cw > r.right {
				tx = cx - 2.4 - cw
			}
			r.textAt(count, cst, tx, cy-lh(cst)/2, cw+1, 'L')
			r.y += row.h
			r.hline(r.left, r.right, r.y, rule, 0.2)
		}
	}
	r.onPage = outer
	r.y += 2
	r.text(legend, legendSt, r.left, r.width(), 'L')
}

func firstRune(s string) string {
	for _, c := range s {
		return string(c)
	}
	return ""
}

func deadlineDate(d string) string {
	if d == "" {
		return " (not set)"
	}
	return " (" + d + ")"
}

// ---- exception responses ----

func (r *renderer) responses() {
	if len(r.m.Responses) == 0 {
		return
	}
	r.startSection("Exception responses")
	r.text("How the company answers its exceptions, as recorded in the app. The management response is the text that goes into the SOC 2 report next to an exception. A response marked draft was written by soc2ready for a lapse already inside the observation period: complete the root cause and edit it in the Responses tab before it goes to the auditor.", note, r.left, r.width(), 'L')
	r.y += 3
	t := table{cols: []col{{"", 0.24, 'L'}, {"", 0.76, 'L'}}, zebra: true}
	label := style{8.5, true, muted}
	dash := func(s string) string {
		if strings.TrimSpace(s) == "" {
			return "—"
		}
		return s
	}
	for _, res := range r.m.Responses {
		rows := [][]cell{
			{p("What happened", label), p(dash(res.WhatHappened), cellSt)},
			{p("Root cause", label), p(dash(res.RootCause), cellSt)},
			{p("Immediate steps", label), p(dash(res.ImmediateSteps), cellSt)},
			{p("Long-term fix", label), p(dash(res.LongTermFix), cellSt)},
			{p("Owner", label), p(dash(res.Owner), cellSt)},
			{p("Management response", label), p(dash(res.ManagementResponse), cellB)},
		}
		_, first := r.layoutRow(t, rows[0], r.colWidths(t))
		heading := res.Question
		if res.Draft {
			heading += " (draft)"
		}
		r.heading(heading, h3St, first)
		r.table(t, rows)
		r.y += 5
	}
}

// ---- answers by area ----

func (r *renderer) areas() {
	r.startSection("Control matrix")
	if len(r.m.Areas) == 0 {
		r.text("No question is in scope.", body, r.left, r.width(), 'L')
		return
	}
	r.text("Every control in scope as an auditor would list it, with how often it runs, what the auditor would test (the sample from the population in the period), the criteria it addresses, the answer and its owner. Proof says whether evidence exists for every occurrence; ran is how reliably a recurring control ran; chance is the forecast chance of a finding.", note, r.left, r.width(), 'L')
	r.y += 2
	t := table{
		cols: []col{
			{"Control", 0.49, 'L'},
			{"Runs · sample", 0.15, 'L'},
			{"Criteria", 0.09, 'L'},
			{"Answer", 0.16, 'L'},
			{"Owner", 0.11, 'L'},
		},
		header: true,
		zebra:  true,
	}
	na := table{cols: []col{{"Not applicable", 0.37, 'L'}, {"Reason", 0.63, 'L'}}, header: true, zebra: true}
	for _, ar := range r.m.Areas {
		var rows [][]cell
		for _, q := range ar.Questions {
			// the answer in one short line under the status, to keep rows low
			var parts []string
			if q.Evidence != "—" {
				parts = append(parts, "proof "+strings.ToLower(q.Evidence))
			}
			if c, _, _ := strings.Cut(q.Consistency, " ("); c != "—" && c != "" {
				parts = append(parts, "ran "+strings.ToLower(c))
			}
			if q.Chance != "0%" {
				parts = append(parts, q.Chance+" chance")
			}
			if q.Due != "" {
				parts = append(parts, "due "+q.Due)
			}
			if q.Flagged {
				parts = append(parts, "flagged: ask again")
			}
			status := cell{{text: q.Status, st: cellB}}
			if len(parts) > 0 {
				status = append(status, para{text: strings.Join(parts, " · "), st: cellM})
			}
			runs := cell{{text: q.Runs, st: cellSt}}
			if q.Sample != "" {
				runs = append(runs, para{text: q.Sample, st: cellM})
			}
			rows = append(rows, []cell{
				lp(q.ID, q.Statement, cellSt),
				runs,
				p(q.Criteria, cellSt),
				status,
				p(q.Owner, cellSt),
			})
			if q.Notes != "" {
				rows = append(rows, []cell{lp("Notes:", q.Notes, cellSt)})
			}
		}
		var narows [][]cell
		for _, o := range ar.NotApplicable {
			narows = append(narows, []cell{lp(o.ID, o.Title, cellSt), p(o.Reason, cellSt)})
		}
		keep := 0.0
		switch {
		case len(rows) > 0:
			_, hh := r.layoutRow(t, t.headerRow(), r.colWidths(t))
			_, fh := r.layoutRow(t, rows[0], r.colWidths(t))
			keep = hh + fh
		case len(narows) > 0:
			_, fh := r.layoutRow(na, narows[0], r.colWidths(na))
			keep = 8 + fh
		}
		r.y += 3
		r.heading(ar.Name, h2St, lh(note)+2+keep)
		r.text(ar.Summary, note, r.left, r.width(), 'L')
		r.y += 2
		name := ar.Name
		r.onPage = func() {
			r.text(name+" (continued)", style{9, true, muted}, r.left, r.width(), 'L')
			r.y += 1.5
		}
		r.table(t, rows)
		if len(narows) > 0 {
			r.y += 3
			r.table(na, narows)
		}
		r.onPage = nil
	}
}

// ---- mock audit ----

// mock prints the mock audit: each control's drawn sample as a tick-list the
// owner works from, with the results recorded so far.
func (r *renderer) mock() {
	ms := r.m.Mock
	if ms == nil {
		return
	}
	r.startSection("Mock audit")
	r.text(fmt.Sprintf("The sample an auditor would draw from the company's own lists, drawn with seed %d (the same seed draws the same sample). Test each item before the auditor does: find its evidence, tick it, and record pass or fail. A failed item is an exception for certain unless the control is fixed and performed again, with proof, before the period starts. %d failed, %d not tested yet.", ms.Seed, ms.Failed, ms.Open), note, r.left, r.width(), 'L')
	r.y += 3
	t := table{cols: []col{{"✓", 0.05, 'L'}, {"Item", 0.4, 'L'}, {"Date", 0.15, 'L'}, {"Result", 0.1, 'L'}, {"Note", 0.3, 'L'}}, header: true, zebra: true}
	for _, s := range ms.Samples {
		var rows [][]cell
		for _, it := range s.Items {
			box := "☐"
			if it.Result != "" {
				box = "☑"
			}
			rows = append(rows, []cell{p(box, style{11, false, ink}), p(it.ID, cellSt), p(it.Date, cellSt), p(it.Result, cellB), p(it.Note, cellSt)})
		}
		_, hh := r.layoutRow(t, t.headerRow(), r.colWidths(t))
		r.heading(s.ID+" "+s.Title, h3St, lh(note)+hh+10)
		r.text(s.Drawn+" · owner "+s.Owner, note, r.left, r.width(), 'L')
		r.y += 1.5
		r.table(t, rows)
		r.y += 4
	}
}

// ---- method and limits ----

func (r *renderer) method() {
	r.startSection("Method and limits")
	// a little smaller than body text, so that the page holds it all
	st := style{9, false, ink}
	for _, part := range r.m.Method {
		r.heading(part.Heading, h3St, 2*lh(st))
		r.text(part.Text, st, r.left, r.width(), 'L')
		r.y += 2.5
	}
	if len(r.m.Samples) == 0 {
		return
	}
	r.heading("Populations sampled", h3St, 20)
	t := table{
		cols:   []col{{"Population", 0.2, 'L'}, {"The company's figure", 0.4, 'L'}, {"In the period", 0.15, 'R'}, {"Sample", 0.25, 'L'}},
		header: true,
		zebra:  true,
	}
	var rows [][]cell
	for _, s := range r.m.Samples {
		rows = append(rows, []cell{p(s.Population, cellB), p(s.Given, cellSt), p(s.InPeriod, cellSt), p(s.Sample, cellSt)})
	}
	r.table(t, rows)
}

// ---- appendix ----

func (r *renderer) appendix() {
	r.startSection("Criteria matrix")
	r.text("Each Trust Services Criterion (AICPA 2017) in scope: met when every required control behind it is in place; at risk when some are missing beside others; not met when no control that exists addresses it, which qualifies the opinion. The questions behind each criterion follow: those with a gap by name, those in place by ID.", note, r.left, r.width(), 'L')
	r.y += 3
	t := table{
		cols: []col{
			{"Criterion", 0.28, 'L'},
			{"State", 0.2, 'L'},
			{"Questions", 0.52, 'L'},
		},
		header: true,
		zebra:  true,
	}
	var rows [][]cell
	for _, c := range r.m.Coverage {
		// the controls in place in one line of IDs; the others each with
		// its title and why it matters here
		qs := cell{}
		var fine []string
		for _, q := range c.Questions {
			if q.State == "in place" {
				fine = append(fine, q.ID)
				continue
			}
			qs = append(qs, para{lead: q.ID, text: q.Title + ": " + q.State, st: cellSt})
		}
		if len(fine) > 0 {
			qs = append(qs, para{lead: "In place:", text: strings.Join(fine, ", "), st: cellM})
		}
		if len(qs) == 0 {
			qs = p("—", cellSt)
		}
		rows = append(rows, []cell{lp(c.ID, c.Subject, cellSt), {{text: c.State, st: cellB}, {text: c.Effect, st: cellM}}, qs})
	}
	r.table(t, rows)
}
