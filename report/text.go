package report

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Placeholders replace text that no available font can print, so the PDF
// never shows tofu boxes or garbage.
const (
	cjkPlaceholder   = "[CJK text not printable]"
	otherPlaceholder = "[text not printable]"
)

// run is a stretch of text in one script class.
type run struct {
	text string
	cjk  bool
}

// isCJK reports whether r is Chinese, Japanese or Korean script, including
// the CJK punctuation and full-width forms that only CJK fonts carry.
func isCJK(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x11FF, // Hangul Jamo
		0x2E80 <= r && r <= 0x2FDF,   // CJK radicals, Kangxi radicals
		0x2FF0 <= r && r <= 0x303F,   // ideographic description, CJK symbols and punctuation
		0x3040 <= r && r <= 0x31FF,   // Hiragana, Katakana, Bopomofo, Hangul compatibility, Kanbun, strokes
		0x3200 <= r && r <= 0x4DBF,   // enclosed CJK, compatibility, extension A
		0x4E00 <= r && r <= 0x9FFF,   // unified ideographs
		0xA960 <= r && r <= 0xA97F,   // Hangul Jamo extended A
		0xAC00 <= r && r <= 0xD7FF,   // Hangul syllables, Jamo extended B
		0xF900 <= r && r <= 0xFAFF,   // compatibility ideographs
		0xFE30 <= r && r <= 0xFE4F,   // CJK compatibility forms
		0xFF00 <= r && r <= 0xFFEF,   // half-width and full-width forms
		0x20000 <= r && r <= 0x3FFFF: // extensions B and later
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo)
}

// splitScript cuts text into maximal runs of CJK and of other text. Spaces
// and common punctuation go with the surrounding non-CJK text, so "東京 office"
// is two runs: "東京" and " office".
func splitScript(s string) []run {
	var out []run
	start := 0
	cur := false
	for i, r := range s {
		c := isCJK(r)
		if i == 0 {
			cur = c
			continue
		}
		if c != cur {
			out = append(out, run{s[start:i], cur})
			start, cur = i, c
		}
	}
	if start < len(s) {
		out = append(out, run{s[start:], cur})
	}
	return out
}

// piece is text with the font that prints it.
type piece struct {
	text string
	cjk  bool // print with the CJK fallback font
}

// printable maps text onto the fonts at hand: non-CJK runs go to the main
// font, with characters it lacks replaced; CJK runs go to the CJK font when
// one is loaded and covers the whole run, else they become a placeholder.
// main and cjk report whether a font has a glyph for a rune; cjk is nil when
// no CJK font is available.
func printable(s string, main, cjk func(rune) bool) []piece {
	var out []piece
	add := func(text string, isCJK bool) {
		if text == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].cjk == isCJK {
			out[n-1].text += text
			return
		}
		out = append(out, piece{text, isCJK})
	}
	for _, r := range splitScript(clean(s)) {
		if r.cjk {
			if cjk != nil && covers(r.text, cjk) {
				add(r.text, true)
			} else {
				add(cjkPlaceholder, false)
			}
			continue
		}
		var b strings.Builder
		missing := false
		for _, c := range r.text {
			switch {
			case missing && ignorable(c):
				// joiners, variation selectors and skin tones inside an
				// unprintable sequence (an emoji) are part of it
			case main(c) || c == '\n':
				b.WriteRune(c)
				missing = false
			case ignorable(c):
			case !missing:
				b.WriteString(otherPlaceholder)
				missing = true
			}
		}
		add(b.String(), false)
	}
	return out
}

func covers(s string, has func(rune) bool) bool {
	for _, r := range s {
		if !has(r) && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

func ignorable(r rune) bool {
	return r == 0x200D || r == 0x200C || (0xFE00 <= r && r <= 0xFE0F) || (0xE0100 <= r && r <= 0xE01EF) || (0x1F3FB <= r && r <= 0x1F3FF)
}

// clean normalises text for printing: invalid UTF-8 and control characters
// go, tabs and other spaces become plain spaces, line breaks stay.
func clean(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool {
		return r == utf8.RuneError || r == '\r' || (r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Zs, r) && r != ' ' && r != 0xA0))
	}) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\r' || r == '\t':
			b.WriteRune(' ')
		case r == utf8.RuneError || unicode.IsControl(r):
		case unicode.Is(unicode.Zs, r) && r != 0xA0:
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
