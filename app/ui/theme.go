// Package ui holds servicehall's shared Fyne pieces: the theme with the bundled CJK font,
// the localizer every visible string goes through, small widgets (link status, QR code)
// and the clerk's counter screen and the hall's call board.
//
// Screens talk to their hall only through app.HallService. They never do I/O while being
// built: their Start method loads and subscribes in the background and touches widgets
// only inside fyne.Do.
package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"servicehall/assets"
)

// PrimaryColor is the calm government blue of buttons, focus and links (6.3:1 on white).
var PrimaryColor = color.NRGBA{R: 0x1a, G: 0x5f, B: 0xb4, A: 0xff}

// Status colours darker than Fyne's defaults, so that words in them keep a contrast of at
// least 4.5:1 on the light background (elder mode); they are never the only cue.
var (
	SuccessColor = color.NRGBA{R: 0x1b, G: 0x6e, B: 0x20, A: 0xff} // 6.4:1 on white
	WarningColor = color.NRGBA{R: 0x8a, G: 0x4b, B: 0x00, A: 0xff} // 6.8:1 on white
	ErrorColor   = color.NRGBA{R: 0xb7, G: 0x1c, B: 0x1c, A: 0xff} // 6.6:1 on white
)

// fontResource is the bundled WenQuanYi Micro Hei: Fyne's default font has no Chinese glyphs.
var fontResource = fyne.NewStaticResource("wqy-microhei.ttf", assets.FontRegular)

// Theme is servicehall's theme: Fyne's default theme with the bundled CJK font for every
// text style, a government blue primary colour and a fixed variant.
type Theme struct {
	fyne.Theme
	// Variant is used whatever the operating system prefers, so a kiosk or a board looks
	// the same on every machine. NewTheme sets it to light.
	Variant fyne.ThemeVariant
}

var _ fyne.Theme = (*Theme)(nil)

// NewTheme returns the theme every servicehall window uses: light, blue, CJK font.
func NewTheme() fyne.Theme {
	return &Theme{Theme: theme.DefaultTheme(), Variant: theme.VariantLight}
}

// Font returns the bundled CJK font for every style but symbols.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol {
		return t.Theme.Font(s)
	}
	return fontResource
}

// Color returns the government blue for the primary colour and what derives from it,
// and the default theme's colour of t.Variant for everything else.
func (t *Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return PrimaryColor
	case theme.ColorNameFocus:
		return color.NRGBA{R: PrimaryColor.R, G: PrimaryColor.G, B: PrimaryColor.B, A: 0x7f}
	case theme.ColorNameSelection:
		return color.NRGBA{R: PrimaryColor.R, G: PrimaryColor.G, B: PrimaryColor.B, A: 0x3f}
	}
	if t.Variant == theme.VariantLight {
		switch n {
		case theme.ColorNameSuccess:
			return SuccessColor
		case theme.ColorNameWarning:
			return WarningColor
		case theme.ColorNameError:
			return ErrorColor
		}
	}
	return t.Theme.Color(n, t.Variant)
}
