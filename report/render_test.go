package report

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"soc2ready/assets"
)

var outDir = flag.String("out", "", "also write the rendered test PDFs to this folder, to look at them")

// tool returns the path of a command-line tool the PDF tests use. Without it
// the test is skipped, except on CI (CI=true), where it fails.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed; CI needs it (poppler-utils, qpdf)", name)
		}
		t.Skipf("%s is not installed: install poppler-utils and qpdf to check the PDFs", name)
	}
	return p
}

func command(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(tool(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// renderFile renders a model to a file in a temporary folder (and -out).
func renderFile(t *testing.T, name string, m Model, paper Paper, cjk *cjkFont) string {
	t.Helper()
	return writePDF(t, name, func(w io.Writer) error { return render(m, paper, w, cjk) })
}

// writePDF renders to a file in a temporary folder (and to -out, to look at).
func writePDF(t *testing.T, name string, renderTo func(io.Writer) error) string {
	t.Helper()
	var buf bytes.Buffer
	if err := renderTo(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name+".pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if *outDir != "" {
		if err := os.WriteFile(filepath.Join(*outDir, name+".pdf"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// squash collapses whitespace, so text wrapped over lines still matches.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

type pdfInfo struct {
	pages  int
	w, h   int // points, rounded
	fields map[string]string
}

func info(t *testing.T, path string) pdfInfo {
	t.Helper()
	out := command(t, "pdfinfo", path)
	pi := pdfInfo{fields: map[string]string{}}
	for _, l := range strings.Split(out, "\n") {
		k, v, ok := strings.Cut(l, ":")
		if ok {
			pi.fields[k] = strings.TrimSpace(v)
		}
	}
	pi.pages, _ = strconv.Atoi(pi.fields["Pages"])
	var w, h float64
	fmt.Sscanf(pi.fields["Page size"], "%g x %g", &w, &h)
	pi.w, pi.h = int(math.Round(w)), int(math.Round(h))
	return pi
}

// pages returns the text of each page, whitespace squashed.
func pages(t *testing.T, path string) []string {
	t.Helper()
	out := strings.Split(command(t, "pdftotext", path, "-"), "\f")
	for i := range out {
		out[i] = squash(out[i])
	}
	if len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

func TestRenderPDF(t *testing.T) {
	b := testBank(t)
	sizes := map[Paper][2]int{A4: {595, 842}, Letter: {612, 792}}
	for _, fx := range fixtures {
		for _, paper := range []Paper{A4, Letter} {
			t.Run(fx.name+"/"+string(paper), func(t *testing.T) {
				t.Parallel()
				a := fx.make(b)
				m := Build(b, a, clock)
				path := renderFile(t, fx.name+"-"+string(paper), m, paper, nil)

				command(t, "qpdf", "--check", path)
				pi := info(t, path)
				if got, want := [2]int{pi.w, pi.h}, sizes[paper]; got != want {
					t.Errorf("page size %v pt, want %v", got, want)
				}
				if pi.pages < 6 {
					t.Errorf("%d pages, want at least 6 (cover, summary, exceptions, plan, areas, appendix)", pi.pages)
				}
				if pi.fields["Title"] != m.Title+": "+m.Company {
					t.Errorf("title %q", pi.fields["Title"])
				}

				text := pages(t, path)
				if len(text) != pi.pages {
					t.Fatalf("pdftotext found %d pages, pdfinfo %d", len(text), pi.pages)
				}
				all := strings.Join(text, " ")
				want := []string{m.Company, m.Summary.Verdict, "Confidential", "Executive summary", "Findings", "Remediation plan", "Control matrix", "Criteria matrix"}
				if len(m.Plan.Actions) > 0 {
					want = append(want, "Timeline")
				}
				if len(m.Responses) > 0 {
					want = append(want, "Exception responses", m.Responses[0].ManagementResponse)
				}
				if m.Progress != nil {
					want = append(want, "Progress since "+m.Progress.Since)
				}
				if fx.name == "long" || fx.name == "realistic" {
					want = append(want, "Zoë Łukasiewicz", "Zürich")
				}
				if fx.name == "long" {
					want = append(want, "Łódź", "Ελλάδα", "Москва", "naïve café", "Δημήτρης Παπαδόπουλος", cjkPlaceholder, otherPlaceholder)
				}
				for _, w := range want {
					if !strings.Contains(all, squash(w)) {
						t.Errorf("the PDF text lacks %q", w)
					}
				}

				// the cover has no running header or footer; the executive
				// summary is exactly page 2; every other page has both
				cover := text[0]
				if strings.Contains(cover, "Page 1 of") {
					t.Error("the cover has a page footer")
				}
				if !strings.Contains(cover, "Prepared for") {
					t.Error("page 1 is not the cover")
				}
				if p2 := text[1]; !strings.Contains(p2, "Executive summary") || !strings.Contains(p2, "Remediation effort") {
					t.Error("the executive summary is not all on page 2")
				}
				// the method and its limits follow the summary, on page 3:
				// nobody reads the figures without being told they are a
				// forecast and not an attestation
				if p3 := text[2]; !strings.Contains(p3, "2 Method and limits") || !strings.Contains(p3, squash("not an attestation")) {
					t.Error("the method and limits do not start on page 3")
				}
				for n := 2; n <= pi.pages; n++ {
					if !strings.Contains(text[n-1], fmt.Sprintf("Page %d of %d", n, pi.pages)) {
						t.Errorf("page %d lacks its footer", n)
					}
					if !strings.Contains(text[n-1], "Generated 27 Nov 2026") {
						t.Errorf("page %d lacks the generation date", n)
					}
				}
				checkFonts(t, path)
				checkBounds(t, path, paper)
			})
		}
	}
}

// checkFonts: every font is embedded, and only the report's own fonts are used.
func checkFonts(t *testing.T, path string) {
	t.Helper()
	out := command(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if !strings.Contains(f[0], "dejavu") && !strings.Contains(f[0], "cjk") {
			t.Errorf("unexpected font %s", f[0])
		}
		// columns: name type encoding emb sub uni object ID
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

var wordRe = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
var pageRe = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)

// checkBounds finds every word's box with pdftotext -bbox and checks that
// nothing leaves the margins or runs into the footer.
func checkBounds(t *testing.T, path string, paper Paper) {
	t.Helper()
	out := command(t, "pdftotext", "-bbox", path, "-")
	const mm = 72 / 25.4
	pages := strings.Split(out, "<page ")
	bad := 0
	for n, pg := range pages[1:] {
		pm := pageRe.FindStringSubmatch("<page " + pg)
		if pm == nil {
			t.Fatalf("page %d: no size in pdftotext -bbox output", n+1)
		}
		w, _ := strconv.ParseFloat(pm[1], 64)
		h, _ := strconv.ParseFloat(pm[2], 64)
		left, right := 18*mm-0.5, w-18*mm+0.5
		bodyBottom, footerTop := h-17*mm+0.5, h-13*mm
		for _, wm := range wordRe.FindAllStringSubmatch(pg, -1) {
			x0, _ := strconv.ParseFloat(wm[1], 64)
			y0, _ := strconv.ParseFloat(wm[2], 64)
			x1, _ := strconv.ParseFloat(wm[3], 64)
			y1, _ := strconv.ParseFloat(wm[4], 64)
			word := html.UnescapeString(wm[5])
			switch {
			case x0 < left || x1 > right:
				t.Errorf("page %d: %q runs outside the side margins (x %.1f–%.1f of %.1f)", n+1, word, x0, x1, w)
			case y1 > bodyBottom && y0 < footerTop:
				t.Errorf("page %d: %q runs into the footer (y %.1f–%.1f of %.1f)", n+1, word, y0, y1, h)
			case y1 > h-5*mm:
				t.Errorf("page %d: %q runs off the page (y %.1f–%.1f of %.1f)", n+1, word, y0, y1, h)
			default:
				continue
			}
			if bad++; bad > 20 {
				t.Fatal("too many words out of bounds")
			}
		}
	}
}

// TestRenderCJK: CJK text is printed with a system CJK font when there is
// one, and replaced by a placeholder when there is none — never tofu.
func TestRenderCJK(t *testing.T) {
	b := testBank(t)
	m := Build(b, long(b), clock)
	if !needsCJK(m) {
		t.Fatal("the long fixture has CJK text, but needsCJK says no")
	}
	if needsCJK(Build(b, realistic(b), clock)) {
		t.Error("needsCJK is true for a model without CJK text")
	}
	t.Run("placeholder", func(t *testing.T) {
		text := squash(command(t, "pdftotext", renderFile(t, "cjk-none", m, A4, nil), "-"))
		if !strings.Contains(text, cjkPlaceholder+" (Tokyo office checked)") {
			t.Error("the CJK note is not replaced by the placeholder")
		}
		if strings.Contains(text, "東京") {
			t.Error("CJK text printed without a CJK font")
		}
	})
	t.Run("system font", func(t *testing.T) {
		f := systemCJK()
		if f == nil {
			// CI installs one (.ci/deps), so there the path must run.
			if os.Getenv("CI") == "true" {
				t.Fatal("no CJK TrueType font found, and CI must test the CJK path: .ci/deps test installs fonts-droid-fallback")
			}
			t.Skip("no CJK TrueType font on this system (e.g. fonts-droid-fallback)")
		}
		t.Logf("CJK font: %s", f.path)
		path := renderFile(t, "cjk-font", m, A4, f)
		command(t, "qpdf", "--check", path)
		text := squash(command(t, "pdftotext", path, "-"))
		if !strings.Contains(strings.ReplaceAll(text, " ", ""), "東京オフィスの担当者が確認済み") {
			t.Error("the CJK note is missing")
		}
		if strings.Contains(text, cjkPlaceholder) {
			t.Error("the placeholder is printed although a CJK font is loaded")
		}
		checkFonts(t, path)
	})
}

// TestRenderDeterministic: the same model renders to the same bytes, also
// concurrently.
func TestRenderDeterministic(t *testing.T) {
	b := testBank(t)
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			checkDeterministic(t, func(w io.Writer) error { return Render(Build(b, fx.make(b), clock), A4, w) })
		})
	}
}

// checkDeterministic renders once, then three times at once (the fonts are
// shared), and wants the same bytes every time, dated by the test clock.
func checkDeterministic(t *testing.T, render func(io.Writer) error) {
	t.Helper()
	var first bytes.Buffer
	if err := render(&first); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, 3)
	errs := make([]error, 3)
	for i := range outs {
		wg.Go(func() { errs[i] = render(&outs[i]) })
	}
	wg.Wait()
	for i := range outs {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !bytes.Equal(outs[i].Bytes(), first.Bytes()) {
			t.Fatalf("render %d differs from the first", i+2)
		}
	}
	if !bytes.Contains(first.Bytes(), []byte("/CreationDate (D:20261127103000)")) {
		t.Error("the creation date is not the clock's")
	}
}

func TestRenderZeroModel(t *testing.T) {
	// a model nobody built must still render, not panic
	m := Model{GeneratedAt: clock}
	path := renderFile(t, "zero", m, Letter, nil)
	command(t, "qpdf", "--check", path)
}

func TestRenderUnknownPaper(t *testing.T) {
	err := Render(Model{GeneratedAt: clock}, Paper("a3"), io.Discard)
	if err == nil || !strings.Contains(err.Error(), `unknown paper size "a3"`) {
		t.Errorf("got %v, want an unknown paper size error", err)
	}
}

type failWriter struct{}

var errDiskFull = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestRenderWriteError(t *testing.T) {
	b := testBank(t)
	err := Render(Build(b, empty(b), clock), A4, failWriter{})
	if !errors.Is(err, errDiskFull) {
		t.Errorf("got %v, want the writer's error wrapped", err)
	}
}

// TestWrap: no wrapped line is wider than asked, and wrapping loses no text.
func TestWrap(t *testing.T) {
	r, err := newRenderer(Model{GeneratedAt: clock}, A4, systemCJK())
	if err != nil {
		t.Fatal(err)
	}
	tests := []string{
		"",
		"short",
		"A naïve café in Zürich, Łódź, Ελλάδα and Москва. " + strings.Repeat("word ", 40),
		strings.Repeat("x", 500),
		"https://intranet.example.com/a/very/long/path/that/does/not/fit/on/one/line/of/a/narrow/column/at/all",
		"東京オフィスの担当者が確認済みです。東京オフィスの担当者が確認済みです。mixed 東京 text",
		"line one\nline two\n\nline four",
		"tabs\tand  double  spaces\r\nand CRLF",
	}
	for _, width := range []float64{8, 25, 60, 174} {
		for _, s := range tests {
			lines := r.wrap(s, cellSt, width)
			var got strings.Builder
			for _, l := range lines {
				if l.w > width+1e-6 && len(l.toks) > 1 {
					t.Errorf("width %v: line %q is %.2f wide", width, lineText(l), l.w)
				}
				sum := 0.0
				for _, tk := range l.toks {
					sum += tk.w
				}
				if math.Abs(sum-l.w) > 1e-6 {
					t.Errorf("line %q: width %.3f, tokens add up to %.3f", lineText(l), l.w, sum)
				}
				got.WriteString(lineText(l))
			}
			var want strings.Builder
			for _, pc := range printable(s, r.main.has, r.cjkHas()) {
				want.WriteString(pc.text)
			}
			strip := func(s string) string { return strings.Join(strings.Fields(s), "") }
			if strip(got.String()) != strip(want.String()) {
				t.Errorf("width %v: wrapping %q lost text: %q", width, s, got.String())
			}
		}
	}
}

// TestWrapLongWordLinear: breaking one unbroken word into lines does work in
// proportion to its length. Bytes allocated are deterministic where time is
// not: measuring the rest of the word again after each line, as wrap once
// did, allocates in proportion to the square of the length.
func TestWrapLongWordLinear(t *testing.T) {
	r, err := newRenderer(Model{GeneratedAt: clock}, A4, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := style{9, false, ink}
	alloc := func(n int) uint64 {
		word := strings.Repeat("Łódź", n/4)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		lines := r.wrap(word, st, 40)
		runtime.ReadMemStats(&after)
		if len(lines) < n/40 {
			t.Fatalf("%d characters wrapped to %d lines", n, len(lines))
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, big := alloc(4000), alloc(40000)
	if big > 20*small {
		t.Errorf("wrapping 10× the text allocated %.1f× the bytes (%d, then %d): want about 10×", float64(big)/float64(small), small, big)
	}
}

func lineText(l line) string {
	var b strings.Builder
	for _, t := range l.toks {
		b.WriteString(t.text)
	}
	return b.String()
}

func BenchmarkReport170(b *testing.B) {
	bank, err := bank170()
	if err != nil {
		b.Fatal(err)
	}
	a := complete(bank)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := Render(Build(bank, a, clock), A4, &buf); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}

// TestRenderLeavesFontsAlone: gofpdf writes into the font bytes it is given
// (zero padding, so the bytes usually stay equal: the concurrent renders of
// TestRenderDeterministic under -race are what catch a shared font); the
// embedded fonts, shared by every export, must not change.
func TestRenderLeavesFontsAlone(t *testing.T) {
	b := testBank(t)
	reg, bold := bytes.Clone(assets.DejaVuSans), bytes.Clone(assets.DejaVuSansBold)
	if err := Render(Build(b, long(b), clock), A4, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(reg, assets.DejaVuSans) || !bytes.Equal(bold, assets.DejaVuSansBold) {
		t.Error("rendering changed the embedded fonts")
	}
}

// BenchmarkReportLongField renders a report with one field holding a long
// unbroken string: line breaking must stay linear, 10× the text about 10×
// the time.
func BenchmarkReportLongField(b *testing.B) {
	bank, err := bank170()
	if err != nil {
		b.Fatal(err)
	}
	word := "Zürich–Łódź_Ελλάδα_Москва_"
	for _, field := range []string{"company", "notes"} {
		for _, size := range []int{100 << 10, 1 << 20} {
			b.Run(fmt.Sprintf("%s/%dKB", field, size>>10), func(b *testing.B) {
				text := strings.Repeat(word, size/len(word)+1)[:size]
				text = strings.ToValidUTF8(text, "")
				a := complete(bank)
				switch field {
				case "company":
					a.Company = text
				case "notes":
					id := bank.Questions[0].ID
					ans := a.Answers[id]
					ans.Notes = text
					a.Answers[id] = ans
				}
				for b.Loop() {
					if err := Render(Build(bank, a, clock), A4, io.Discard); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
