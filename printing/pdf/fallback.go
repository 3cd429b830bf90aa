package pdf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf16"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"servicehall/assets"
)

// FallbackFontFiles are the fonts, in order, a character missing from the bundled font is
// drawn with when the system has them: Debian's fonts-hanazono (HanaMinB covers CJK
// Extension B and beyond, such as 𠮷 U+20BB7, HanaMinA the BMP).
var FallbackFontFiles = []string{"HanaMinB.ttf", "HanaMinA.ttf"}

// FontDirs are the folders searched for FallbackFontFiles (and their truetype/hanazono
// and hanazono subfolders).
var FontDirs = []string{"/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts"}

// fonts are the bundled font and the fallback fonts found at first use (opened, not read
// into memory). Without fallback fonts a missing character prints as today.
var fonts = sync.OnceValues(func() (*sfnt.Font, []*sfnt.Font) {
	bundled, err := sfnt.Parse(assets.FontRegular)
	if err != nil {
		return nil, nil
	}
	var fbs []*sfnt.Font
	for _, name := range FallbackFontFiles {
		p := findFont(name)
		if p == "" {
			continue
		}
		file, err := os.Open(p)
		if err != nil {
			continue
		}
		f, err := sfnt.ParseReaderAt(file)
		if err != nil {
			file.Close()
			continue
		}
		fbs = append(fbs, f) // the file stays open for the process's life
	}
	return bundled, fbs
})

// findFont returns the path of the font file name in FontDirs, or "".
func findFont(name string) string {
	home, _ := os.UserHomeDir()
	for _, d := range FontDirs {
		if strings.HasPrefix(d, "~/") {
			if home == "" {
				continue
			}
			d = filepath.Join(home, d[2:])
		}
		for _, sub := range []string{"truetype/hanazono", "hanazono", "truetype", ""} {
			p := filepath.Join(d, sub, name)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				return p
			}
		}
	}
	return ""
}

// run is a piece of a line drawn with one font: text in the bundled font (fb == nil), or
// one character drawn from fallback font fb.
type run struct {
	text string
	fb   *sfnt.Font
	gi   sfnt.GlyphIndex
}

// runs splits line by which font has each character's glyph. A line the bundled font
// covers (or whose missing characters no fallback has) is one run.
func runs(line string) []run {
	bundled, fbs := fonts()
	if bundled == nil || len(fbs) == 0 {
		return []run{{text: line}}
	}
	var buf sfnt.Buffer
	var out []run
	var cur strings.Builder
	for _, ch := range line {
		if ch >= 0x80 {
			if i, err := bundled.GlyphIndex(&buf, ch); err != nil || i == 0 {
				if fb, gi := fallbackGlyph(fbs, &buf, ch); fb != nil {
					if cur.Len() > 0 {
						out = append(out, run{text: cur.String()})
						cur.Reset()
					}
					out = append(out, run{text: string(ch), fb: fb, gi: gi})
					continue
				}
			}
		}
		cur.WriteRune(ch)
	}
	if cur.Len() > 0 || len(out) == 0 {
		out = append(out, run{text: cur.String()})
	}
	return out
}

func fallbackGlyph(fbs []*sfnt.Font, buf *sfnt.Buffer, ch rune) (*sfnt.Font, sfnt.GlyphIndex) {
	for _, f := range fbs {
		if i, err := f.GlyphIndex(buf, ch); err == nil && i != 0 {
			return f, i
		}
	}
	return nil, 0
}

// width is the run's advance at pt points, mm.
func (r *renderer) width(rn run, pt float64) float64 {
	if rn.fb == nil {
		return r.f.GetStringWidth(rn.text)
	}
	var buf sfnt.Buffer
	upem := fixed.Int26_6(rn.fb.UnitsPerEm())
	adv, err := rn.fb.GlyphAdvance(&buf, rn.gi, upem<<6, font.HintingNone)
	if err != nil {
		return pt * ptToMM
	}
	return float64(adv) / 64 * pt * ptToMM / float64(upem)
}

// lineWidth is the width of a line split into runs, at pt points, mm.
func (r *renderer) lineWidth(rs []run, pt float64) float64 {
	w := 0.0
	for _, rn := range rs {
		w += r.width(rn, pt)
	}
	return w
}

// fallbackGlyph draws one run of a fallback font at x on baseline base as the glyph's
// outline, filled (and stroked when bold), inside a marked-content span whose ActualText
// is the character, over an invisible placeholder character of the bundled font, so that
// copying and text extraction (pdftotext) give the character itself. Only the outline is
// embedded: the document stays small.
func (r *renderer) fallbackGlyph(rn run, x, base, pt float64, bold bool) {
	var hex strings.Builder
	for _, u := range utf16.Encode([]rune(rn.text)) {
		fmt.Fprintf(&hex, "%04X", u)
	}
	r.f.RawWriteStr("/Span <</ActualText <FEFF" + hex.String() + ">>> BDC\n")
	r.f.SetTextRenderingMode(3) // invisible
	r.f.Text(x, base, "口")
	if bold {
		r.f.SetTextRenderingMode(2)
	} else {
		r.f.SetTextRenderingMode(0)
	}
	r.f.RawWriteStr("EMC\n")

	var buf sfnt.Buffer
	upem := rn.fb.UnitsPerEm()
	segs, err := rn.fb.LoadGlyph(&buf, rn.gi, fixed.Int26_6(upem)<<6, nil)
	if err != nil || len(segs) == 0 {
		return
	}
	s := pt * ptToMM / float64(upem) / 64
	px := func(v fixed.Int26_6) float64 { return x + float64(v)*s }
	py := func(v fixed.Int26_6) float64 { return base + float64(v)*s } // sfnt's y grows down, as the page's
	for i, sg := range segs {
		a := sg.Args
		switch sg.Op {
		case sfnt.SegmentOpMoveTo:
			if i > 0 {
				r.f.ClosePath()
			}
			r.f.MoveTo(px(a[0].X), py(a[0].Y))
		case sfnt.SegmentOpLineTo:
			r.f.LineTo(px(a[0].X), py(a[0].Y))
		case sfnt.SegmentOpQuadTo:
			r.f.CurveTo(px(a[0].X), py(a[0].Y), px(a[1].X), py(a[1].Y))
		case sfnt.SegmentOpCubeTo:
			r.f.CurveBezierCubicTo(px(a[0].X), py(a[0].Y), px(a[1].X), py(a[1].Y), px(a[2].X), py(a[2].Y))
		}
	}
	r.f.ClosePath()
	r.f.SetFillColor(0, 0, 0)
	if bold {
		r.f.DrawPath("FD")
	} else {
		r.f.DrawPath("F")
	}
}
