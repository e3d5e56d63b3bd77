package report

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/jung-kurt/gofpdf"

	"soc2ready/assets"
)

// glyphs is the set of Basic Multilingual Plane runes a TrueType font maps to
// a glyph. gofpdf's UTF-8 fonts cannot print beyond the BMP, so nothing
// outside it counts as covered.
type glyphs [0x10000 / 64]uint64

func (g *glyphs) add(r rune) {
	if r >= 0 && r < 0x10000 {
		g[r/64] |= 1 << (r % 64)
	}
}

func (g *glyphs) has(r rune) bool {
	return r >= 0 && r < 0x10000 && g[r/64]&(1<<(r%64)) != 0
}

var errFont = errors.New("not a TrueType font with a Unicode cmap")

// parseCmap reads the Unicode character map of a TrueType font: the format 12
// subtable if there is one, else format 4.
func parseCmap(font []byte) (*glyphs, error) {
	be := binary.BigEndian
	if len(font) < 12 {
		return nil, errFont
	}
	n := int(be.Uint16(font[4:]))
	var cmap []byte
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(font) {
			return nil, errFont
		}
		if string(font[rec:rec+4]) == "cmap" {
			off, size := int(be.Uint32(font[rec+8:])), int(be.Uint32(font[rec+12:]))
			if off < 0 || size < 4 || off+size > len(font) || off+size < off {
				return nil, errFont
			}
			cmap = font[off : off+size]
		}
	}
	if cmap == nil {
		return nil, errFont
	}
	var fmt4, fmt12 []byte
	for i := range int(be.Uint16(cmap[2:])) {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			return nil, errFont
		}
		platform, encoding := be.Uint16(cmap[rec:]), be.Uint16(cmap[rec+2:])
		off := int(be.Uint32(cmap[rec+4:]))
		unicode := platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
		if !unicode || off < 0 || off+4 > len(cmap) {
			continue
		}
		sub := cmap[off:]
		switch be.Uint16(sub) {
		case 4:
			fmt4 = sub
		case 12:
			fmt12 = sub
		}
	}
	g := new(glyphs)
	// a malformed table could list the same characters over and over
	budget := 4 * 0x10000
	spend := func() bool { budget--; return budget >= 0 }
	switch {
	case fmt12 != nil:
		if len(fmt12) < 16 {
			return nil, errFont
		}
		groups := int(be.Uint32(fmt12[12:]))
		if groups < 0 || 16+12*groups > len(fmt12) || groups > len(fmt12) {
			return nil, errFont
		}
		for i := range groups {
			grp := fmt12[16+12*i:]
			first, last, glyph := be.Uint32(grp), be.Uint32(grp[4:]), be.Uint32(grp[8:])
			for c := first; c <= last && c < 0x10000; c++ {
				if !spend() {
					return nil, errFont
				}
				if glyph+(c-first) != 0 {
					g.add(rune(c))
				}
			}
		}
	case fmt4 != nil:
		if len(fmt4) < 14 {
			return nil, errFont
		}
		segs := int(be.Uint16(fmt4[6:])) / 2
		ends, starts := 14, 16+2*segs
		deltas, ranges := starts+2*segs, starts+4*segs
		if ranges+2*segs > len(fmt4) {
			return nil, errFont
		}
		for i := range segs {
			last, first := be.Uint16(fmt4[ends+2*i:]), be.Uint16(fmt4[starts+2*i:])
			delta, ro := be.Uint16(fmt4[deltas+2*i:]), int(be.Uint16(fmt4[ranges+2*i:]))
			for c := int(first); c <= int(last) && c < 0xFFFF; c++ {
				if !spend() {
					return nil, errFont
				}
				glyph := uint16(c) + delta
				if ro != 0 {
					at := ranges + 2*i + ro + 2*(c-int(first))
					if at+2 > len(fmt4) {
						break
					}
					glyph = be.Uint16(fmt4[at:])
					if glyph != 0 {
						glyph += delta
					}
				}
				if glyph != 0 {
					g.add(rune(c))
				}
			}
		}
	default:
		return nil, errFont
	}
	return g, nil
}

// mainGlyphs is what both embedded DejaVu faces can print.
var mainGlyphs = sync.OnceValues(func() (*glyphs, error) {
	reg, err := parseCmap(assets.DejaVuSans)
	if err != nil {
		return nil, fmt.Errorf("embedded font DejaVuSans.ttf: %w", err)
	}
	bold, err := parseCmap(assets.DejaVuSansBold)
	if err != nil {
		return nil, fmt.Errorf("embedded font DejaVuSans-Bold.ttf: %w", err)
	}
	both := new(glyphs)
	for i := range reg {
		both[i] = reg[i] & bold[i]
	}
	return both, nil
})

// cjkFont is a system font for Chinese, Japanese and Korean text.
type cjkFont struct {
	path   string
	data   []byte
	glyphs *glyphs
}

// CJKFontEnv names a TrueType file to use for CJK text instead of searching
// the system font folders.
const CJKFontEnv = "SOC2READY_CJK_FONT"

// systemCJK finds a CJK TrueType font once per process; nil if none is usable.
var systemCJK = sync.OnceValue(func() *cjkFont {
	if p := os.Getenv(CJKFontEnv); p != "" {
		if f := loadCJK(p); f != nil {
			return f
		}
	}
	for _, p := range cjkCandidates(fontDirs()) {
		if f := loadCJK(p); f != nil {
			return f
		}
	}
	return nil
})

// knownCJK are TrueType files (not .ttc or .otf: gofpdf reads neither) known
// to cover CJK text, best first.
var knownCJK = []string{
	"droidsansfallbackfull.ttf", "droidsansfallback.ttf",
	"arial unicode.ttf", "arialuni.ttf",
	"notosanscjk-regular.ttf", "notosanssc-regular.ttf", "notosansjp-regular.ttf", "notosanskr-regular.ttf",
	"simhei.ttf", "msyh.ttf", "simsun.ttf", "ipag.ttf", "ipagp.ttf", "ipaexg.ttf",
	"takaopgothic.ttf", "wqy-microhei.ttf", "wqy-zenhei.ttf", "nanumgothic.ttf", "malgun.ttf",
}

// cjkHints mark other font files worth a look.
var cjkHints = []string{"cjk", "fallback", "gothic", "mincho", "hei", "song", "ming", "kai", "nanum", "gulim", "batang", "dotum", "ipa", "wqy", "han", "unicode", "sc-", "jp-", "kr-", "tc-"}

func fontDirs() []string {
	home, _ := os.UserHomeDir()
	var dirs []string
	switch runtime.GOOS {
	case "windows":
		if w := os.Getenv("WINDIR"); w != "" {
			dirs = append(dirs, filepath.Join(w, "Fonts"))
		}
		if l := os.Getenv("LOCALAPPDATA"); l != "" {
			dirs = append(dirs, filepath.Join(l, "Microsoft", "Windows", "Fonts"))
		}
	case "darwin":
		dirs = append(dirs, "/System/Library/Fonts", "/Library/Fonts")
		if home != "" {
			dirs = append(dirs, filepath.Join(home, "Library", "Fonts"))
		}
	default:
		if x := os.Getenv("XDG_DATA_HOME"); x != "" {
			dirs = append(dirs, filepath.Join(x, "fonts"))
		}
		if home != "" {
			dirs = append(dirs, filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts"))
		}
		dirs = append(dirs, "/usr/share/fonts", "/usr/local/share/fonts")
	}
	return dirs
}

// cjkCandidates lists the .ttf files under dirs that may hold CJK glyphs,
// known names first, in a stable order.
func cjkCandidates(dirs []string) []string {
	const maxEntries = 20000 // a huge font folder must not stall the export
	var known, hinted []string
	seen := 0
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // unreadable folders are skipped
			}
			if seen++; seen > maxEntries {
				return filepath.SkipAll
			}
			name := strings.ToLower(d.Name())
			if d.IsDir() || !strings.HasSuffix(name, ".ttf") {
				return nil
			}
			if slices.Contains(knownCJK, name) {
				known = append(known, p)
				return nil
			}
			for _, h := range cjkHints {
				if strings.Contains(name, h) {
					hinted = append(hinted, p)
					break
				}
			}
			return nil
		})
	}
	rank := func(p string) int { return slices.Index(knownCJK, strings.ToLower(filepath.Base(p))) }
	slices.SortStableFunc(known, func(a, b string) int { return rank(a) - rank(b) })
	return append(known, hinted...)
}

// cjkProbe is text a useful CJK font must cover.
const cjkProbe = "中文日本語のテキスト"

// loadCJK reads a font file and checks that it covers CJK text and that
// gofpdf can embed it; nil if not.
func loadCJK(path string) (f *cjkFont) {
	const maxSize = 64 << 20
	if st, err := os.Stat(path); err != nil || st.Size() > maxSize {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	g, err := parseCmap(data)
	if err != nil || !covers(cjkProbe, g.has) {
		return nil
	}
	defer func() {
		if recover() != nil { // gofpdf's font parser panics on some fonts
			f = nil
		}
	}()
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("cjk", "", bytes.Clone(data)) // gofpdf writes into it
	pdf.AddPage()
	pdf.SetFont("cjk", "", 10)
	pdf.Text(10, 10, cjkProbe)
	if pdf.Output(io.Discard) != nil {
		return nil
	}
	return &cjkFont{path: path, data: data, glyphs: g}
}
