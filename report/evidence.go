package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"soc2ready/assessment"
)

// The evidence request list is what the company will receive from its
// auditor as the "PBC list" (prepared by client): per control, what to
// provide, the population to export and the sample the auditor is likely to
// pick, grouped by owner so that each person gets their own pages.

// EvidenceList is the evidence request list of one assessment.
type EvidenceList struct {
	Header   Model           `json:"header"` // company, period, dates; no content
	Intro    string          `json:"intro"`
	Owners   []EvidenceOwner `json:"owners"`
	Requests int             `json:"requests"`
	Missing  int             `json:"missing"` // not collected yet
}

// EvidenceOwner is one person's (or role's) requests.
type EvidenceOwner struct {
	Owner    string            `json:"owner"`
	Requests []EvidenceRequest `json:"requests"`
	NotReady int               `json:"not_ready"` // controls not in place: nothing to collect yet
	Missing  int               `json:"missing"`   // requests not collected yet
}

// EvidenceRequest is one control's request.
type EvidenceRequest struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Control    string `json:"control"`
	Provide    string `json:"provide"`             // what the auditor will ask for
	Population string `json:"population"`          // the list to export, "" for none
	Sample     string `json:"sample"`              // what the auditor is likely to pick
	State      string `json:"state"`               // whether there is anything to collect yet
	Collected  string `json:"collected,omitempty"` // the date it was collected
	Reference  string `json:"reference,omitempty"` // where it is kept: a path or a link
}

// BuildEvidence builds the evidence request list: every applicable control,
// grouped by its owner (the named owner, else the bank's owner role).
func BuildEvidence(b *assessment.Bank, a *assessment.Assessment, now time.Time) EvidenceList {
	head := documentHeader(b, a, now) // the list needs the heading, not the whole report
	head.Title = "SOC 2 evidence request list"
	f := assessment.Score(b, a)
	byOwner := map[string]*EvidenceOwner{}
	var total, missing int
	for _, it := range f.Items {
		q := it.Question
		owner := strings.TrimSpace(it.Answer.Owner)
		if owner == "" {
			owner = q.Remediation.OwnerRole
		}
		o := byOwner[owner]
		if o == nil {
			o = &EvidenceOwner{Owner: owner}
			byOwner[owner] = o
		}
		req := EvidenceRequest{
			ID: q.ID, Title: q.Title, Control: q.ControlStatement(), Provide: q.Evidence,
			Population: populationRequest(it, a.Scope), Sample: sampleRequest(it), State: evidenceState(it),
		}
		if rec := a.Evidence[q.ID]; !rec.IsZero() {
			req.Collected, req.Reference = rec.Collected.String(), rec.Reference
		}
		if !it.Exists() {
			o.NotReady++
		}
		if req.Collected == "" {
			o.Missing++
			missing++
		}
		o.Requests = append(o.Requests, req)
		total++
	}
	list := EvidenceList{Header: head, Requests: total, Missing: missing, Owners: []EvidenceOwner{}}
	for _, o := range byOwner {
		list.Owners = append(list.Owners, *o)
	}
	sort.Slice(list.Owners, func(i, j int) bool { return list.Owners[i].Owner < list.Owners[j].Owner })
	list.Intro = fmt.Sprintf("What the auditor will most likely ask to see, control by control: %d requests for %s, grouped by owner; %d not collected yet. For a control tested over the period, export the population first: the auditor picks the sample from it. Tick each request when the evidence is collected, and note where it is kept. Controls not in place yet have nothing to collect: the remediation plan says what to do first.",
		total, plural(len(list.Owners), "owner", "owners"), missing)
	return list
}

// populationRequest says which list to export for a sampled control.
func populationRequest(it assessment.Item, s assessment.Scope) string {
	if it.Population == "" || s.ReportType != assessment.Type2 {
		return ""
	}
	span := "for the observation period"
	if start, end := s.Start(), s.End(); !start.IsZero() && !end.IsZero() {
		span = fmt.Sprintf("from %s to %s", date(start), date(end))
	}
	if it.Population == assessment.Headcount || it.Population == assessment.Vendors {
		return fmt.Sprintf("The complete list of %s %s (about %d).", it.Population.Noun(), span, it.PopulationSize)
	}
	return fmt.Sprintf("The complete list of %s %s, with dates (about %d).", it.Population.Noun(), span, it.PopulationSize)
}

// sampleRequest says what the auditor is likely to pick.
func sampleRequest(it assessment.Item) string {
	w := it.SampleWords()
	switch {
	case w == "":
		return "—"
	case strings.HasPrefix(w, "not tested"):
		return upperFirst(w) + "; keep the procedure ready."
	case w == "a test of one":
		return "One test of the setting; keep its configuration history for the period."
	case w == "the one run in the period":
		return "The one run in the period."
	}
	return "Likely " + w + "."
}

func evidenceState(it assessment.Item) string {
	switch {
	case it.Answer.Status == "":
		return "Not answered yet"
	case !it.Exists():
		return "Control not in place: nothing to collect yet"
	case it.Answer.Evidence == assessment.EvidenceComplete:
		return "Proof kept for every occurrence"
	case it.Answer.Evidence == assessment.EvidencePartial:
		return "Proof missing for some occurrences"
	case it.Answer.Evidence == assessment.EvidenceNone:
		return "No proof kept yet"
	}
	return "Answer not finished"
}

// RenderEvidence draws the evidence request list as a PDF: a first page that
// explains it, then each owner's requests from a new page, with a tick box
// and room to note where each piece is kept.
func RenderEvidence(list EvidenceList, paper Paper, w io.Writer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("render evidence list: internal error: %v", p)
		}
	}()
	var cjk *cjkFont
	if needsCJK(list) {
		cjk = systemCJK()
	}
	r, err := newRenderer(list.Header, paper, cjk)
	if err != nil {
		return fmt.Errorf("render evidence list: %w", err)
	}
	r.firstFooter = true
	r.startSection("Evidence request list")
	r.text(list.Header.Company+" · "+list.Header.ReportType+" · "+list.Header.Period, strong, r.left, r.width(), 'L')
	r.y += 2
	r.text(list.Intro, body, r.left, r.width(), 'L')
	r.y += 4
	summary := table{cols: []col{{"Owner", 0.4, 'L'}, {"Requests", 0.2, 'R'}, {"Still to collect", 0.2, 'R'}, {"Controls not in place", 0.2, 'R'}}, header: true, zebra: true}
	var rows [][]cell
	for _, o := range list.Owners {
		rows = append(rows, []cell{p(o.Owner, cellB), p(fmt.Sprint(len(o.Requests)), cellSt), p(fmt.Sprint(o.Missing), cellB), p(fmt.Sprint(o.NotReady), cellSt)})
	}
	r.table(summary, rows)
	t := table{
		cols: []col{
			{"✓", 0.05, 'L'},
			{"Control", 0.3, 'L'},
			{"Provide", 0.37, 'L'},
			{"Population · sample", 0.28, 'L'},
		},
		header: true,
		zebra:  true,
	}
	for _, o := range list.Owners {
		r.startSection("Requests for " + o.Owner)
		r.text(fmt.Sprintf("%s · %d still to collect · %s", plural(len(o.Requests), "request", "requests"), o.Missing, plural(o.NotReady, "control not in place yet", "controls not in place yet")), note, r.left, r.width(), 'L')
		r.y += 2
		var rows [][]cell
		for _, q := range o.Requests {
			control := cell{{lead: q.ID, text: q.Title, st: cellSt}, {text: q.State, st: cellM}}
			pop := cell{}
			if q.Population != "" {
				pop = append(pop, para{text: q.Population, st: cellSt})
			}
			pop = append(pop, para{text: q.Sample, st: cellM})
			box, kept := "☐", "Kept at: ____________________"
			if q.Collected != "" {
				box, kept = "☑", "Collected "+q.Collected
				if q.Reference != "" {
					kept += ", kept at " + q.Reference
				}
			}
			rows = append(rows, []cell{p(box, style{11, false, ink}), control, cell{{text: q.Provide, st: cellSt}, {text: kept, st: cellM}}, pop})
		}
		name := o.Owner
		r.onPage = func() {
			r.text("Requests for "+name+" (continued)", style{9, true, muted}, r.left, r.width(), 'L')
			r.y += 1.5
		}
		r.table(t, rows)
		r.onPage = nil
	}
	if err := r.pdf.Output(w); err != nil {
		return fmt.Errorf("render evidence list: %w", err)
	}
	return nil
}

// WriteEvidenceCSV writes the list for tracking in a spreadsheet: one row a
// request, with empty collected and reference columns to fill in.
func WriteEvidenceCSV(w io.Writer, list EvidenceList) error {
	cw := csv.NewWriter(w)
	writeRow(cw, []string{"owner", "question", "title", "control", "provide", "population", "sample", "state", "collected", "reference"})
	for _, o := range list.Owners {
		for _, q := range o.Requests {
			writeRow(cw, []string{o.Owner, q.ID, q.Title, q.Control, q.Provide, q.Population, q.Sample, q.State, q.Collected, q.Reference})
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write evidence list: %w", err)
	}
	return nil
}
