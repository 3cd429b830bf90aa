// Package assets holds what servicehall ships besides code: the bundled CJK font, the
// locale files, the seed catalogue and the working-day calendar. No logic lives here.
package assets

import "embed"

// FontRegular is WenQuanYi Micro Hei (face 0 of Debian's fonts-wqy-microhei .ttc, saved as a
// plain TrueType file, because Fyne cannot load .ttc collections). Apache-2.0 or GPL-3+
// with the font embedding exception: see fonts/COPYRIGHT-wqy-microhei.txt. It carries Latin
// letters and digits too, so one font draws every string, on screen, in PDFs and previews.
//
//go:embed fonts/wqy-microhei.ttf
var FontRegular []byte

// FontName is the bundled font's family name.
const FontName = "WenQuanYi Micro Hei"

// Locales holds one go-i18n message file per language: locales/active.<tag>.toml.
//
//go:embed locales
var Locales embed.FS

// Catalogue is the seed catalogue a new hall loads on first start (catalogue/catalogue.json).
//
//go:embed catalogue/catalogue.json
var Catalogue []byte

// Calendar holds the working-day calendars (calendar/*.json).
//
//go:embed calendar
var Calendar embed.FS
