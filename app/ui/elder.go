package ui

import (
	"encoding/binary"
	"image/color"
	"math"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"servicehall/assets"
)

// Accessibility minimums of the citizen's screens (适老化, GB/T 37668 and WCAG 2.1 AA).
// Sizes are Fyne units (points at scale 1).
const (
	// ElderMinText is the smallest text elder mode draws; ElderMinHeading the smallest
	// heading.
	ElderMinText    = 18
	ElderMinHeading = 30
	// ElderMinTarget is the smallest touch target (width and height) in elder mode;
	// NormalMinTarget outside it.
	ElderMinTarget  = 60
	NormalMinTarget = 44
	// NormalMinText is the smallest text a kiosk draws outside elder mode (Fyne's body size).
	NormalMinText = 14
	// MinContrast is the least contrast ratio of any text on its background, both modes.
	MinContrast = 4.5
	// ElderMinLineSpacing is the least distance between two lines' baselines in elder mode,
	// as a multiple of the text size.
	ElderMinLineSpacing = 1.3
)

// Sizes of the elder theme.
const (
	ElderText       = 22
	ElderSubHeading = 26
	ElderHeading    = 34
)

// Colours of the kiosk theme that Fyne's light defaults draw too faint for 4.5:1.
var (
	// PlaceholderColor is an empty entry's hint: 5.9:1 on the input background.
	PlaceholderColor = color.NRGBA{R: 0x5e, G: 0x5e, B: 0x5e, A: 0xff}
	// DisabledColor is the text of a disabled control: 5.3:1 on a disabled button. A
	// disabled button also loses its background, so colour is never the only cue.
	DisabledColor = color.NRGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xff}
	// ElderForeground is elder mode's text colour: near black, 17:1 on white.
	ElderForeground = color.NRGBA{R: 0x1a, G: 0x1a, B: 0x1a, A: 0xff}
)

// KioskTheme is the theme of a citizen's touch screen: servicehall's theme with every
// text colour at 4.5:1 or more on its background, and, in elder mode (适老化), larger
// text (body ElderText, headings ElderHeading), more padding, thicker borders and a line
// pitch of at least 1.3 times the text size.
type KioskTheme struct {
	fyne.Theme
	// Elder switches the large sizes on.
	Elder bool
}

var _ fyne.Theme = (*KioskTheme)(nil)

// NewKioskTheme returns the kiosk's theme, in elder mode when elder is true.
func NewKioskTheme(elder bool) *KioskTheme {
	return &KioskTheme{Theme: NewTheme(), Elder: elder}
}

// Color makes placeholders and disabled text readable, and elder mode's text darker.
func (t *KioskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePlaceHolder:
		return PlaceholderColor
	case theme.ColorNameDisabled:
		return DisabledColor
	case theme.ColorNameForeground:
		if t.Elder {
			return ElderForeground
		}
	}
	return t.Theme.Color(n, v)
}

// Font returns the bundled CJK font with taller line metrics (see ElderFont) in both
// modes: Fyne measures wrapped lines with the app theme's font, so a kiosk window sets
// this theme as its app's theme for elder mode's line pitch to hold.
func (t *KioskTheme) Font(s fyne.TextStyle) fyne.Resource {
	if !s.Symbol {
		return ElderFont()
	}
	return t.Theme.Font(s)
}

// Size scales text, padding, borders and icons in elder mode.
func (t *KioskTheme) Size(n fyne.ThemeSizeName) float32 {
	if !t.Elder {
		return t.Theme.Size(n)
	}
	switch n {
	case theme.SizeNameText:
		return ElderText
	case theme.SizeNameCaptionText:
		return ElderMinText
	case theme.SizeNameSubHeadingText:
		return ElderSubHeading
	case theme.SizeNameHeadingText:
		return ElderHeading
	case theme.SizeNamePadding:
		return 6
	case theme.SizeNameInnerPadding:
		return 12
	case theme.SizeNameLineSpacing:
		return 8
	case theme.SizeNameInputBorder:
		return 3
	case theme.SizeNameInlineIcon:
		return 30
	case theme.SizeNameScrollBar:
		return 20
	case theme.SizeNameScrollBarSmall:
		return 8
	}
	return t.Theme.Size(n)
}

// ElderLinePitch is the line pitch (baseline to baseline, as a multiple of the text size)
// that ElderFont gives wrapped text. Fyne adds no spacing between the wrapped lines of one
// paragraph, so the font's own line metrics decide it.
const ElderLinePitch = 1.34

var (
	elderFontOnce sync.Once
	elderFont     fyne.Resource
)

// ElderFont is the bundled WenQuanYi Micro Hei with its ascent and descent raised so that
// a line is ElderLinePitch times the text size (the font's own is 1.17): the glyphs are
// unchanged, wrapped lines of elder mode stand further apart.
func ElderFont() fyne.Resource {
	elderFontOnce.Do(func() {
		elderFont = fyne.NewStaticResource("wqy-microhei-elder.ttf", tallerFont(assets.FontRegular, ElderLinePitch))
	})
	return elderFont
}

// tallerFont returns a copy of a TrueType font whose hhea and OS/2 ascent and descent
// (and line gaps, set to zero) make a line pitch times the em size. A font it cannot
// read comes back unchanged.
func tallerFont(src []byte, pitch float64) []byte {
	if len(src) < 12 {
		return src
	}
	out := append([]byte(nil), src...)
	tables := map[string][]byte{}
	n := int(binary.BigEndian.Uint16(out[4:]))
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(out) {
			return src
		}
		off := int(binary.BigEndian.Uint32(out[rec+8:]))
		ln := int(binary.BigEndian.Uint32(out[rec+12:]))
		if off+ln > len(out) {
			return src
		}
		tables[string(out[rec:rec+4])] = out[off : off+ln]
	}
	head, hhea, os2 := tables["head"], tables["hhea"], tables["OS/2"]
	if len(head) < 20 || len(hhea) < 10 {
		return src
	}
	upem := float64(binary.BigEndian.Uint16(head[18:]))
	asc := float64(int16(binary.BigEndian.Uint16(hhea[4:])))
	desc := float64(int16(binary.BigEndian.Uint16(hhea[6:])))
	gap := float64(int16(binary.BigEndian.Uint16(hhea[8:])))
	extra := pitch*upem - (asc - desc + gap)
	if extra <= 0 {
		return src
	}
	newAsc := int16(math.Round(asc + extra/2))
	newDesc := int16(math.Round(desc - extra/2 - gap))
	put := func(b []byte, at int, v int16) { binary.BigEndian.PutUint16(b[at:], uint16(v)) }
	put(hhea, 4, newAsc)
	put(hhea, 6, newDesc)
	put(hhea, 8, 0)
	if len(os2) >= 78 {
		put(os2, 68, newAsc)
		put(os2, 70, newDesc)
		put(os2, 72, 0)
		binary.BigEndian.PutUint16(os2[74:], uint16(newAsc))
		binary.BigEndian.PutUint16(os2[76:], uint16(-newDesc))
	}
	return out
}

// RelativeLuminance is a colour's relative luminance after WCAG 2.1 (0 black, 1 white),
// of the colour composed over white when it is translucent.
func RelativeLuminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	ch := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(n.R) + 0.7152*ch(n.G) + 0.0722*ch(n.B)
}

// Over composes fg over an opaque bg (source-over, non-premultiplied alpha).
func Over(fg, bg color.Color) color.NRGBA {
	f := color.NRGBAModel.Convert(fg).(color.NRGBA)
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	a := float64(f.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{R: mix(f.R, b.R), G: mix(f.G, b.G), B: mix(f.B, b.B), A: 0xff}
}

// ContrastRatio is the WCAG 2.1 contrast ratio of text colour fg on an opaque background
// bg, from 1 to 21; a translucent fg is composed over bg first.
func ContrastRatio(fg, bg color.Color) float64 {
	l1, l2 := RelativeLuminance(Over(fg, bg)), RelativeLuminance(Over(bg, color.White))
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}
