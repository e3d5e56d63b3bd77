package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"

	"soc2ready/assessment"
	"soc2ready/assets"
)

// paperBankYAML is a small bank with one question of each kind the
// questionnaire must sort out: always applies, retired, switched off by the
// profile, switched on by it, in an optional category in scope and out of it.
const paperBankYAML = `
id: paper-test
version: "1"
areas:
  - {id: access, name: Access control}
  - {id: operations, name: System operations}
  - {id: people, name: Security training & people}
  - {id: availability, name: Availability & recovery}
  - {id: privacy, name: Privacy}
questions:
  - {id: AC-01, area: access, category: security, title: Multi-factor authentication, prompt: "Does everyone need a second factor to sign in?", help: h, evidence: "The MFA enforcement setting.", criteria: [CC6.1], frequency: continuous, impact: 3, remediation: {action: a, steps: [s], effort: S, owner_role: CTO}}
  - {id: AC-02, area: access, category: security, title: Zürich and Łódź access review, prompt: "Does someone review who has access to the Łódź and Zürich systems every quarter?", help: h, evidence: "The signed reviews of the last four quarters.", criteria: [CC6.2], frequency: quarterly, impact: 3, remediation: {action: a, steps: [s], effort: S, owner_role: CTO}}
  - {id: AC-03, area: access, category: security, title: Shared admin password, prompt: "A retired question.", help: h, evidence: e, criteria: [CC6.1], frequency: once, impact: 2, retired: true, remediation: {action: a, steps: [s], effort: S, owner_role: CTO}}
  - {id: OP-01, area: operations, category: security, title: Office badge readers, prompt: "Do badge readers log who enters the office?", help: h, evidence: e, criteria: [CC6.1], frequency: continuous, impact: 2, applies_if: office, remediation: {action: a, steps: [s], effort: S, owner_role: CTO}}
  - {id: OP-02, area: operations, category: security, title: Founder-only access, prompt: "Only the founders have access?", help: h, evidence: e, criteria: [CC6.1], frequency: once, impact: 1, applies_if: "!employees", remediation: {action: a, steps: [s], effort: S, owner_role: CTO}}
  - {id: OP-03, area: operations, category: security, title: Vulnerability scanning, prompt: "Do you scan your software for known vulnerabilities every week?", help: h, evidence: "Scan reports.", criteria: [CC7.1], frequency: weekly, impact: 2, applies_if: develops_software, remediation: {action: a, steps: [s], effort: S, owner_role: CTO}}
  - {id: PE-01, area: people, category: security, title: Security policy signed, prompt: "Has everyone signed the information security policy?", help: h, evidence: "Signed acknowledgements.", criteria: [CC1.4], frequency: once, impact: 2, remediation: {action: a, steps: [s], effort: S, owner_role: CEO}}
  - {id: AV-01, area: availability, category: availability, title: Daily backups, prompt: "Are production databases backed up every day?", help: h, evidence: "Backup job history.", criteria: [A1.2], frequency: daily, impact: 3, remediation: {action: a, steps: [s], effort: S, owner_role: CTO}}
  - {id: PR-01, area: privacy, category: privacy, title: Privacy notice, prompt: "Do you publish a privacy notice?", help: h, evidence: e, criteria: [P1.1], frequency: once, impact: 2, remediation: {action: a, steps: [s], effort: S, owner_role: CEO}}
`

var (
	paperApplies = []string{"AC-01", "AC-02", "OP-03", "PE-01", "AV-01"}
	paperOmitted = []string{"AC-03", "OP-01", "OP-02", "PR-01"}
)

var paperBank = sync.OnceValues(func() (*assessment.Bank, error) { return assessment.ParseBank([]byte(paperBankYAML)) })

func mustPaperBank(tb testing.TB) *assessment.Bank {
	tb.Helper()
	b, err := paperBank()
	if err != nil {
		tb.Fatalf("paper test bank: %v", err)
	}
	return b
}

// blank is a new assessment: company, scope and profile, no answers.
func blank(b *assessment.Bank) *assessment.Assessment {
	return &assessment.Assessment{
		Company: "Müller & Søn Łódź Ltd",
		Profile: assessment.Profile{Conditions: map[string]bool{"office": false}},
		Scope: assessment.Scope{
			ReportType:   assessment.Type2,
			Categories:   []assessment.Category{assessment.Availability},
			PeriodStart:  day("2027-03-01"),
			PeriodMonths: 6,
		},
		Bank:    b.Ref(),
		Answers: map[string]assessment.Answer{},
	}
}

// renderPaper renders a questionnaire to a file in a temporary folder (and -out).
func renderPaper(t *testing.T, name string, b *assessment.Bank, a *assessment.Assessment, paper Paper) string {
	t.Helper()
	return writePDF(t, name, func(w io.Writer) error { return RenderQuestionnaire(b, a, paper, clock, w) })
}

// hasWord reports whether text holds s as a whole word (AC-01, not AC-010).
func hasWord(text, s string) bool {
	return regexp.MustCompile(`(^|[^\w-])` + regexp.QuoteMeta(s) + `($|[^\w-])`).MatchString(text)
}

// TestQuestionnaireGolden compares the questionnaire model of the test bank
// with testdata/questionnaire.golden.json; go test -update rewrites it.
func TestQuestionnaireGolden(t *testing.T) {
	b := mustPaperBank(t)
	checkGolden(t, "questionnaire", modelJSON(t, buildQuestionnaire(b, blank(b), clock)))
}

// TestQuestionnaireSelection: the questions that apply, grouped by area in
// bank order; nothing retired, out of scope or switched off by the profile.
func TestQuestionnaireSelection(t *testing.T) {
	b := mustPaperBank(t)
	tests := []struct {
		name    string
		edit    func(*assessment.Assessment)
		want    []string
		recurr  []string
		areas   []string
		nothing bool
	}{
		{"blank", func(*assessment.Assessment) {}, paperApplies, []string{"AC-01", "AC-02", "OP-03", "AV-01"},
			[]string{"Access control", "System operations", "Security training & people", "Availability & recovery"}, false},
		{"security only, founders, office", func(a *assessment.Assessment) {
			a.Scope.Categories = nil
			a.Profile = assessment.Profile{Conditions: map[string]bool{"office": true, "employees": false, "develops_software": false}}
		}, []string{"AC-01", "AC-02", "OP-01", "OP-02", "PE-01"}, []string{"AC-01", "AC-02", "OP-01"},
			[]string{"Access control", "System operations", "Security training & people"}, false},
		{"answers are ignored", func(a *assessment.Assessment) {
			a.Answers["AC-01"] = assessment.Answer{Status: assessment.NotApplicable, NAReason: "no"}
		}, paperApplies, []string{"AC-01", "AC-02", "OP-03", "AV-01"},
			[]string{"Access control", "System operations", "Security training & people", "Availability & recovery"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := blank(b)
			tt.edit(a)
			q := buildQuestionnaire(b, a, clock)
			var ids, recurring, areas []string
			for _, ar := range q.Areas {
				areas = append(areas, ar.Name)
				for _, pq := range ar.Questions {
					ids = append(ids, pq.ID)
					if pq.Recurring {
						recurring = append(recurring, pq.ID)
					}
				}
			}
			if got, want := strings.Join(ids, " "), strings.Join(tt.want, " "); got != want {
				t.Errorf("questions %s, want %s", got, want)
			}
			if got, want := strings.Join(recurring, " "), strings.Join(tt.recurr, " "); got != want {
				t.Errorf("recurring %s, want %s", got, want)
			}
			if got, want := strings.Join(areas, "|"), strings.Join(tt.areas, "|"); got != want {
				t.Errorf("areas %s, want %s", got, want)
			}
			if want := fmt.Sprintf("%d questions in %d areas", len(tt.want), len(tt.areas)); q.Count != want {
				t.Errorf("count %q, want %q", q.Count, want)
			}
		})
	}
}

// TestQuestionnaireUnlistedArea: a hand-built bank whose question names an
// area the bank does not list still prints the question.
func TestQuestionnaireUnlistedArea(t *testing.T) {
	b := &assessment.Bank{ID: "x", Version: "1", Questions: []assessment.Question{
		{ID: "X-01", Area: "misc", Category: assessment.Security, Title: "T", Prompt: "P", Frequency: assessment.Once},
	}}
	q := buildQuestionnaire(b, &assessment.Assessment{}, clock)
	if len(q.Areas) != 1 || q.Areas[0].Name != "misc" || len(q.Areas[0].Questions) != 1 {
		t.Errorf("areas %+v, want the question under misc", q.Areas)
	}
	if q.Company != "Unnamed company" {
		t.Errorf("company %q", q.Company)
	}
}

func TestQuestionnairePDF(t *testing.T) {
	b := mustPaperBank(t)
	sizes := map[Paper][2]int{A4: {595, 842}, Letter: {612, 792}}
	for _, paper := range []Paper{A4, Letter} {
		t.Run(string(paper), func(t *testing.T) {
			t.Parallel()
			a := blank(b)
			path := renderPaper(t, "questionnaire-"+string(paper), b, a, paper)
			command(t, "qpdf", "--check", path)
			pi := info(t, path)
			if got, want := [2]int{pi.w, pi.h}, sizes[paper]; got != want {
				t.Errorf("page size %v pt, want %v", got, want)
			}
			if pi.pages < 2 || pi.pages > 4 {
				t.Errorf("%d pages, want 2–4 for five questions", pi.pages)
			}
			if want := "SOC 2 readiness: paper questionnaire: " + a.Company; pi.fields["Title"] != want {
				t.Errorf("title %q, want %q", pi.fields["Title"], want)
			}
			text := pages(t, path)
			if len(text) != pi.pages {
				t.Fatalf("pdftotext found %d pages, pdfinfo %d", len(text), pi.pages)
			}
			all := strings.Join(text, " ")
			for _, id := range paperApplies {
				if !hasWord(all, id) {
					t.Errorf("applicable question %s is missing", id)
				}
			}
			for _, id := range paperOmitted {
				if hasWord(all, id) {
					t.Errorf("question %s does not apply but is printed", id)
				}
			}
			want := []string{
				a.Company, "Paper questionnaire", "How to fill this in", "What the boxes mean",
				"SOC 2 Type II", "1 Mar 2027 to 31 Aug 2027, 6 months", "Security, Availability",
				"In place?", "Yes", "Partly", "Planned", "No", "Not applicable",
				"Proof for every occurrence?", "Yes, all", "Some", "None",
				"How reliably did it run?", "Always", "Mostly", "Sometimes", "Rarely",
				"Owner:", "Unsure: ask again", "Notes", "Filled in by:",
				"Does someone review who has access to the Łódź and Zürich systems every quarter?",
				"Zürich and Łódź access review", "Quarterly · CC6.2",
			}
			for _, w := range want {
				if !strings.Contains(all, squash(w)) {
					t.Errorf("the PDF text lacks %q", w)
				}
			}
			// the reliability row is printed for the recurring questions
			// only (plus once in the legend)
			if got := strings.Count(all, "How reliably did it run?"); got != 4+1 {
				t.Errorf("%d reliability rows, want 4 recurring questions + the legend", got)
			}
			for n := 1; n <= pi.pages; n++ {
				if !strings.Contains(text[n-1], fmt.Sprintf("Page %d of %d", n, pi.pages)) {
					t.Errorf("page %d lacks its footer", n)
				}
				if !strings.Contains(text[n-1], "Generated 27 Nov 2026") {
					t.Errorf("page %d lacks the generation date", n)
				}
			}
			for n := 2; n <= pi.pages; n++ {
				if !strings.Contains(text[n-1], a.Company) || !strings.Contains(text[n-1], "Paper questionnaire") {
					t.Errorf("page %d lacks its running header", n)
				}
			}
			checkFonts(t, path)
			checkBounds(t, path, paper)
			checkBlocks(t, path, buildQuestionnaire(b, a, clock))
		})
	}
}

// layoutLines returns the lines of each page as pdftotext -layout sees
// them, whitespace squashed, empty lines dropped.
func layoutLines(t *testing.T, path string) [][]string {
	t.Helper()
	var out [][]string
	for _, pg := range strings.Split(command(t, "pdftotext", "-layout", path, "-"), "\f") {
		var lines []string
		for _, l := range strings.Split(pg, "\n") {
			if l = squash(l); l != "" {
				lines = append(lines, l)
			}
		}
		out = append(out, lines)
	}
	if len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// checkBlocks: a question block never splits across pages (the line with
// its ID and title, the end of its prompt and its owner line are on one
// page), and an area heading is the line right above its first question.
func checkBlocks(t *testing.T, path string, q questionnaire) {
	t.Helper()
	pages := layoutLines(t, path)
	blocks := make([]int, len(pages)) // question blocks found on each page
	for _, ar := range q.Areas {
		for i, pq := range ar.Questions {
			head := pq.ID + " " + strings.Fields(pq.Title)[0]
			var at [][2]int
			for n, lines := range pages {
				for k, l := range lines {
					if strings.HasPrefix(l, head) {
						at = append(at, [2]int{n, k})
					}
				}
			}
			if len(at) != 1 {
				t.Errorf("question %s: found its ID and title %d times, want once", pq.ID, len(at))
				continue
			}
			n, k := at[0][0], at[0][1]
			blocks[n]++
			words := strings.Fields(pq.Prompt)
			if tail := strings.Join(words[max(0, len(words)-3):], " "); !strings.Contains(strings.Join(pages[n], " "), tail) {
				t.Errorf("question %s: its prompt ends on another page than its ID (page %d)", pq.ID, n+1)
			}
			if i == 0 && (k == 0 || pages[n][k-1] != squash(ar.Name)) {
				t.Errorf("area %s: its heading is not right above its first question (page %d)", ar.Name, n+1)
			}
		}
	}
	for n, lines := range pages {
		owners := 0
		for _, l := range lines {
			if strings.HasPrefix(l, "Owner:") {
				owners++
			}
		}
		if owners != blocks[n] {
			t.Errorf("page %d: %d question blocks but %d owner lines", n+1, blocks[n], owners)
		}
	}
}

// TestQuestionnaireManyPages: a 170-question bank, everything in scope, on
// both paper sizes: no block split, no heading alone, nothing out of bounds.
func TestQuestionnaireManyPages(t *testing.T) {
	b := testBank(t)
	for _, paper := range []Paper{A4, Letter} {
		t.Run(string(paper), func(t *testing.T) {
			t.Parallel()
			a := complete(b)
			path := renderPaper(t, "questionnaire-170-"+string(paper), b, a, paper)
			command(t, "qpdf", "--check", path)
			text := pages(t, path)
			q := buildQuestionnaire(b, a, clock)
			checkBlocks(t, path, q)
			checkBounds(t, path, paper)
			n := 0
			for _, ar := range q.Areas {
				n += len(ar.Questions)
			}
			// three blocks on a page, but for pages that start an area:
			// paper is not free
			if perPage := float64(n) / float64(len(text)-1); perPage < 2.8 {
				t.Errorf("%d questions on %d pages: %.2f per page, want at least 2.8", n, len(text), perPage)
			}
			t.Logf("%s: %d questions on %d pages", paper, n, len(text))
		})
	}
}

// TestQuestionnaireBuiltinBank renders the built-in bank with every category
// in scope (go test -run BuiltinBank -out DIR writes it, to look at).
func TestQuestionnaireBuiltinBank(t *testing.T) {
	b, err := assets.Bank()
	if err != nil {
		t.Fatal(err)
	}
	a := &assessment.Assessment{
		Company: "Acme Analytics Ltd",
		Scope: assessment.Scope{
			ReportType: assessment.Type2, Categories: assessment.Categories[1:],
			AuditDate: day("2027-09-30"), PeriodMonths: 6,
		},
	}
	for _, paper := range []Paper{A4, Letter} {
		t.Run(string(paper), func(t *testing.T) {
			t.Parallel()
			path := renderPaper(t, "questionnaire-builtin-"+string(paper), b, a, paper)
			command(t, "qpdf", "--check", path)
			text := pages(t, path)
			all := strings.Join(text, " ")
			for _, bq := range b.Questions {
				if got, want := hasWord(all, bq.ID), a.Applies(bq); got != want {
					t.Errorf("question %s printed %v, applies %v", bq.ID, got, want)
				}
			}
			checkBlocks(t, path, buildQuestionnaire(b, a, clock))
			checkBounds(t, path, paper)
			checkFonts(t, path)
			t.Logf("%s: %d pages", paper, len(text))
		})
	}
}

// TestQuestionnaireNothingApplies: a scope where no question applies gives
// one clear page, not an empty questionnaire.
func TestQuestionnaireNothingApplies(t *testing.T) {
	b, err := assessment.ParseBank([]byte(`
id: t
version: "1"
areas: [{id: access, name: Access control}, {id: privacy, name: Privacy}]
questions:
  - {id: AC-01, area: access, category: security, title: Old, prompt: p, help: h, evidence: e, criteria: [CC6.1], frequency: once, impact: 1, retired: true, remediation: {action: a, steps: [s], effort: S, owner_role: CTO}}
  - {id: AC-02, area: access, category: security, title: Office, prompt: p, help: h, evidence: e, criteria: [CC6.1], frequency: once, impact: 1, applies_if: office, remediation: {action: a, steps: [s], effort: S, owner_role: CTO}}
  - {id: PR-01, area: privacy, category: privacy, title: Notice, prompt: p, help: h, evidence: e, criteria: [P1.1], frequency: once, impact: 1, remediation: {action: a, steps: [s], effort: S, owner_role: CTO}}
`))
	if err != nil {
		t.Fatal(err)
	}
	a := &assessment.Assessment{Company: "Tiny Ltd", Profile: assessment.Profile{Conditions: map[string]bool{"office": false}}, Scope: assessment.Scope{ReportType: assessment.Type1}}
	for _, paper := range []Paper{A4, Letter} {
		t.Run(string(paper), func(t *testing.T) {
			path := renderPaper(t, "questionnaire-nothing-"+string(paper), b, a, paper)
			command(t, "qpdf", "--check", path)
			if pi := info(t, path); pi.pages != 1 {
				t.Errorf("%d pages, want 1", pi.pages)
			}
			all := squash(strings.Join(pages(t, path), " "))
			for _, w := range []string{"Tiny Ltd", "Paper questionnaire", nothingApplies, "Questions None", "Page 1 of 1"} {
				if !strings.Contains(all, squash(w)) {
					t.Errorf("the PDF text lacks %q", w)
				}
			}
			for _, w := range []string{"AC-01", "AC-02", "PR-01", "How to fill this in", "In place?"} {
				if strings.Contains(all, w) {
					t.Errorf("the PDF text has %q", w)
				}
			}
		})
	}
}

// TestQuestionnaireLongText: a custom bank's prompt taller than a page is
// printed whole, across pages; a long company name and CJK text print.
func TestQuestionnaireLongText(t *testing.T) {
	b := mustPaperBank(t)
	nb := *b
	nb.Questions = append([]assessment.Question(nil), b.Questions...)
	giant := strings.Repeat("This prompt goes on and on about Łódź and Zürich. ", 160) + "The very end."
	nb.Questions[0].Prompt = giant
	nb.Questions[1].Title = "東京オフィスのアクセスレビュー " + strings.Repeat("and a very long title ", 6)
	nb.Questions[5].ID = "OPERATIONS-VULNERABILITY-SCANNING-OF-EVERY-REPOSITORY-WEEKLY"
	nb.Questions[5].Criteria = []string{"CC7.1", "CC7.2", "CC7.3", "CC7.4", "CC7.5", "CC8.1", "CC9.1", "CC9.2"}
	a := blank(&nb)
	a.Company = longCompany
	path := renderPaper(t, "questionnaire-long", &nb, a, A4)
	command(t, "qpdf", "--check", path)
	text := pages(t, path)
	all := strings.Join(text, " ")
	// a sentence broken by a page break has the running header and footer
	// in the middle of it
	if got, want := strings.Count(all, "This prompt goes on and on"), 160; got < want-3 {
		t.Errorf("the long prompt printed %d of %d sentences", got, want)
	}
	for _, w := range []string{"The very end.", "Zürich–Łódź Ελλάδα", "AC-02", "OPERATIONS-", "CC9.2", "Daily backups"} {
		if !strings.Contains(all, w) {
			t.Errorf("the PDF text lacks %q", w)
		}
	}
	checkBounds(t, path, A4)
}

// TestQuestionnaireDeterministic: the same input renders to the same bytes,
// also concurrently, dated by the clock.
func TestQuestionnaireDeterministic(t *testing.T) {
	b := mustPaperBank(t)
	checkDeterministic(t, func(w io.Writer) error { return RenderQuestionnaire(b, blank(b), A4, clock, w) })
}

func TestQuestionnaireErrors(t *testing.T) {
	b := mustPaperBank(t)
	err := RenderQuestionnaire(b, blank(b), Paper("a3"), clock, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `unknown paper size "a3"`) {
		t.Errorf("got %v, want an unknown paper size error", err)
	}
	// a zero assessment is a blank one: unnamed, Security only
	if err := RenderQuestionnaire(b, &assessment.Assessment{}, Letter, clock, io.Discard); err != nil {
		t.Errorf("zero assessment: %v", err)
	}
	if err := RenderQuestionnaire(b, blank(b), A4, clock, failWriter{}); !errors.Is(err, errDiskFull) {
		t.Errorf("got %v, want the writer's error wrapped", err)
	}
}

func BenchmarkQuestionnaire150(b *testing.B) {
	bank, err := genBank(150)
	if err != nil {
		b.Fatal(err)
	}
	a := complete(bank)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := RenderQuestionnaire(bank, a, A4, clock, &buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}
