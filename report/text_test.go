package report

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"golang.org/x/image/font/sfnt"

	"soc2ready/assets"
)

func TestSplitScript(t *testing.T) {
	tests := []struct {
		in   string
		want []run
	}{
		{"", nil},
		{"Zürich", []run{{"Zürich", false}}},
		{"Łódź Ελλάδα Москва naïve café", []run{{"Łódź Ελλάδα Москва naïve café", false}}},
		{"東京", []run{{"東京", true}}},
		{"東京 office", []run{{"東京", true}, {" office", false}}},
		{"office in 東京", []run{{"office in ", false}, {"東京", true}}},
		{"a東b", []run{{"a", false}, {"東", true}, {"b", false}}},
		{"日本語のテキスト", []run{{"日本語のテキスト", true}}},                        // kanji, hiragana, katakana
		{"ラーメン", []run{{"ラーメン", true}}},                                // the long vowel mark is CJK too
		{"한국어 텍스트", []run{{"한국어", true}, {" ", false}, {"텍스트", true}}}, // Hangul
		{"「引用」、。", []run{{"「引用」、。", true}}},                            // CJK punctuation
		{"ＡＢＣ", []run{{"ＡＢＣ", true}}},                                  // full-width forms
		{"𠀋", []run{{"𠀋", true}}},                                      // extension B, beyond the BMP
		{"🚀 launch", []run{{"🚀 launch", false}}},                       // emoji are not CJK
	}
	for _, tt := range tests {
		if got := splitScript(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitScript(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestPrintable(t *testing.T) {
	main, err := mainGlyphs()
	if err != nil {
		t.Fatal(err)
	}
	anyCJK := func(r rune) bool { return isCJK(r) && r < 0x10000 }
	tests := []struct {
		name string
		in   string
		cjk  func(rune) bool
		want []piece
	}{
		{"empty", "", nil, nil},
		{"european", "Zürich, Łódź, Ελλάδα, Москва, naïve café", nil, []piece{{"Zürich, Łódź, Ελλάδα, Москва, naïve café", false}}},
		{"cjk without font", "Tokyo 東京 office", nil, []piece{{"Tokyo " + cjkPlaceholder + " office", false}}},
		{"cjk with font", "Tokyo 東京 office", anyCJK, []piece{{"Tokyo ", false}, {"東京", true}, {" office", false}}},
		{"cjk beyond the BMP", "𠀋", anyCJK, []piece{{cjkPlaceholder, false}}},
		{"emoji", "launch 🚀 now", nil, []piece{{"launch " + otherPlaceholder + " now", false}}},
		{"emoji sequence", "team 👩‍💻👍🏽!", nil, []piece{{"team " + otherPlaceholder + "!", false}}},
		{"control characters", "a\x00b\tc\r\nd", nil, []piece{{"ab c\nd", false}}},
		{"invalid utf-8", "a\xffb", nil, []piece{{"ab", false}}},
		{"odd spaces", "a\u2003b\u00a0c", nil, []piece{{"a b\u00a0c", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := printable(tt.in, main.has, tt.cjk); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("printable(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCmap(t *testing.T) {
	tests := []struct {
		name  string
		font  []byte
		has   string
		lacks string
	}{
		{"DejaVu Sans", assets.DejaVuSans, "AZaz09 Zürich Łódź Ελλάδα Москва naïve café €–—…→◆◇", "東한🚀"},
		{"DejaVu Sans Bold", assets.DejaVuSansBold, "Zürich Łódź Ελλάδα Москва naïve café", "東"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := parseCmap(tt.font)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range tt.has {
				if !g.has(r) {
					t.Errorf("%q is missing", r)
				}
			}
			for _, r := range tt.lacks {
				if g.has(r) {
					t.Errorf("%q is covered", r)
				}
			}
		})
	}
	for _, bad := range [][]byte{nil, []byte("not a font"), assets.DejaVuSans[:100], make([]byte, 4096)} {
		if _, err := parseCmap(bad); err == nil {
			t.Errorf("parseCmap accepted %d bytes of garbage", len(bad))
		}
	}
}

// sfntGlyphs is the set of BMP runes a font maps to a glyph as
// golang.org/x/image/font/sfnt reads it, to check parseCmap against; ok is
// false when sfnt cannot read the font.
func sfntGlyphs(font []byte) (g *glyphs, ok bool) {
	f, err := sfnt.Parse(font)
	if err != nil {
		return nil, false
	}
	g = new(glyphs)
	var buf sfnt.Buffer
	for r := rune(0); r < 0x10000; r++ {
		i, err := f.GlyphIndex(&buf, r)
		if err != nil {
			return nil, false
		}
		if i != 0 {
			g.add(r)
		}
	}
	return g, true
}

// parseCmap agrees with another reader of fonts on every BMP rune.
func TestParseCmapAgreesWithSfnt(t *testing.T) {
	for name, font := range map[string][]byte{"DejaVu Sans": assets.DejaVuSans, "DejaVu Sans Bold": assets.DejaVuSansBold} {
		got, err := parseCmap(font)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, ok := sfntGlyphs(font)
		if !ok {
			t.Fatalf("%s: sfnt cannot read it", name)
		}
		for r := rune(0); r < 0x10000; r++ {
			if got.has(r) != want.has(r) {
				t.Errorf("%s: U+%04X covered %v, sfnt says %v", name, r, got.has(r), want.has(r))
			}
		}
	}
}

// FuzzParseCmap: whatever the bytes, parseCmap returns (never panics, never
// runs away), gives the same answer twice, ignores bytes after the tables
// it read, and agrees with sfnt on every font sfnt can read.
func FuzzParseCmap(f *testing.F) {
	f.Add(assets.DejaVuSans[:4096])
	f.Add([]byte("\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00cmap\x00\x00\x00\x00\x00\x00\x00\x1c\x00\x00\x00\x10"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := parseCmap(data)
		again, errAgain := parseCmap(data)
		if (err == nil) != (errAgain == nil) || (err == nil && *g != *again) {
			t.Fatal("two parses of the same bytes differ")
		}
		if err != nil {
			if g != nil || !errors.Is(err, errFont) {
				t.Fatalf("parseCmap failed with %v and %v glyphs, want errFont and none", err, g != nil)
			}
			return
		}
		longer, err := parseCmap(append(slices.Clip(data), "trailing bytes"...))
		if err != nil || *longer != *g {
			t.Fatalf("bytes after the font change what it covers (%v)", err)
		}
		if want, ok := sfntGlyphs(data); ok && *want != *g {
			t.Fatal("parseCmap and sfnt disagree on what the font covers")
		}
	})
}

func TestCJKCandidates(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"DejaVuSans.ttf", "NotoSansCJK-Regular.ttc", "wqy-microhei.ttf", "DroidSansFallbackFull.ttf", "readme.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := cjkCandidates([]string{dir, "/no/such/folder"})
	want := []string{filepath.Join(dir, "DroidSansFallbackFull.ttf"), filepath.Join(dir, "wqy-microhei.ttf")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cjkCandidates = %q, want %q", got, want)
	}
	if f := loadCJK(want[1]); f != nil {
		t.Error("an empty file was accepted as a CJK font")
	}
}
