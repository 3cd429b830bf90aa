package preview

import (
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// FallbackFontFiles are the fonts, in order, a character missing from the bundled font is
// drawn with when the system has them: Debian's fonts-hanazono (HanaMinB covers CJK
// Extension B and beyond, such as 𠮷 U+20BB7, HanaMinA the BMP).
var FallbackFontFiles = []string{"HanaMinB.ttf", "HanaMinA.ttf"}

// FontDirs are the folders searched for FallbackFontFiles (and their truetype/hanazono
// and hanazono subfolders).
var FontDirs = []string{"/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts"}

// fallbackFonts are the fallback fonts found at first use, opened (not read into memory);
// none when the system has none, and then missing characters are boxes as before.
var fallbackFonts = sync.OnceValue(func() []*opentype.Font {
	var fonts []*opentype.Font
	for _, name := range FallbackFontFiles {
		if p := findFont(name); p != "" {
			file, err := os.Open(p)
			if err != nil {
				continue
			}
			f, err := opentype.ParseReaderAt(file)
			if err != nil {
				file.Close()
				continue
			}
			fonts = append(fonts, f) // the file stays open for the process's life
		}
	}
	return fonts
})

// findFont returns the path of the font file name in FontDirs, or "".
func findFont(name string) string {
	home, _ := os.UserHomeDir()
	for _, d := range FontDirs {
		if len(d) > 1 && d[:2] == "~/" {
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

// hasGlyph reports whether f maps ch to a glyph.
func hasGlyph(f *sfnt.Font, buf *sfnt.Buffer, ch rune) bool {
	i, err := f.GlyphIndex(buf, ch)
	return err == nil && i != 0
}
